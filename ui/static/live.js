// Live pages (the session page, the Today board): every N seconds
// (data-refresh), and at once when the room reports a problem (room.js
// sends "onset:refresh"), fetch the page again in the background and
// replace its live parts ([data-live] regions) in place, so everyone sees
// new vital signs, alerts, states and discharge readiness. The document is never reloaded, so no form is ever sent
// again; a region someone is working in (focus inside, or a field typed
// into) is left alone until they are done. The request says it is a
// background refresh, so it does not keep the sign-in alive: an idle
// page still signs out, and then goes to the sign-in page.
document.addEventListener("DOMContentLoaded", () => {
  const page = document.querySelector("[data-refresh]");
  if (!page) return;
  const seconds = parseInt(page.dataset.refresh, 10);
  if (!(seconds > 0)) return;
  const edited = new Set();
  document.addEventListener("input", (e) => {
    const region = e.target.closest("[data-live]");
    if (region) edited.add(region.dataset.live);
  });
  document.addEventListener("submit", (e) => {
    const region = e.target.closest("[data-live]");
    if (region) edited.add(region.dataset.live); // keep it while the form is sent
  });
  const busy = (region) =>
    edited.has(region.dataset.live) || region.contains(document.activeElement) && document.activeElement !== document.body;
  async function refresh() {
    if (document.visibilityState !== "visible") return;
    let res;
    try {
      res = await fetch(window.location.pathname, {
        headers: { "X-Onset-Background": "1" }, credentials: "same-origin", cache: "no-store",
      });
    } catch (_) {
      return; // offline for a moment: try again next time
    }
    if (res.redirected && new URL(res.url).pathname.startsWith("/login")) {
      window.location.assign(res.url); // signed out while the page sat open
      return;
    }
    if (!res.ok) return;
    const fresh = new DOMParser().parseFromString(await res.text(), "text/html");
    for (const region of document.querySelectorAll("[data-live]")) {
      const next = fresh.querySelector(`[data-live="${region.dataset.live}"]`);
      if (!next || busy(region) || next.innerHTML === region.innerHTML) continue;
      region.replaceWith(document.importNode(next, true));
    }
    page.dataset.refreshed = String(parseInt(page.dataset.refreshed || "0", 10) + 1); // for tests and the curious
  }
  setInterval(refresh, seconds * 1000);
  document.addEventListener("onset:refresh", refresh);
});
