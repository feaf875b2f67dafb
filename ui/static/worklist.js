// The worklist by keyboard: j and k move between items, Enter opens one
// (the link has the focus, so Enter is the browser's own).
document.addEventListener("DOMContentLoaded", () => {
  const links = [...document.querySelectorAll("#worklist .work-item a")];
  if (links.length === 0) return;
  let at = -1;
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key !== "j" && e.key !== "k") return;
    at = Math.max(0, Math.min(links.length - 1, at + (e.key === "j" ? 1 : -1)));
    links[at].focus();
    e.preventDefault();
  });
});
