// Onset needs no script to work; this only adds conveniences.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before destructive buttons marked data-confirm.
  for (const el of document.querySelectorAll("[data-confirm]")) {
    el.addEventListener("click", (e) => { if (!confirm(el.dataset.confirm)) e.preventDefault(); });
  }
});
