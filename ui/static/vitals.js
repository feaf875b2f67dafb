// Session page: reload every N seconds (data-refresh) so that everyone
// viewing a session sees new vital signs and alerts, but never while
// someone is typing or has changed a field. The page works without it.
document.addEventListener("DOMContentLoaded", () => {
  const page = document.querySelector(".session-page[data-refresh]");
  if (!page) return;
  const seconds = parseInt(page.dataset.refresh, 10);
  if (!(seconds > 0)) return;
  let dirty = false;
  document.addEventListener("input", () => { dirty = true; });
  setInterval(() => {
    const el = document.activeElement;
    const typing = el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");
    if (!dirty && !typing && document.visibilityState === "visible") {
      // Keep the place on the page; drop the one-off "done" message.
      const url = new URL(window.location.href);
      url.searchParams.delete("done");
      url.hash = "";
      if (url.toString() === window.location.href) window.location.reload();
      else window.location.replace(url.toString());
    }
  }, seconds * 1000);
});
