// Onset needs no script to work; this only adds conveniences.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before destructive buttons marked data-confirm.
  for (const el of document.querySelectorAll("[data-confirm]")) {
    el.addEventListener("click", (e) => { if (!confirm(el.dataset.confirm)) e.preventDefault(); });
  }
  // Buttons marked data-print print the page.
  for (const el of document.querySelectorAll("[data-print]")) el.addEventListener("click", () => window.print());
  // On a phone a table's rows become stacked cards (onset.css); each cell
  // is labelled with its column's heading. Without this script the table
  // scrolls sideways in its box instead.
  for (const table of document.querySelectorAll("table.list")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (heads.length === 0) continue;
    table.classList.add("stackable");
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => { if (heads[i] && !cell.hasAttribute("colspan")) cell.dataset.label = heads[i]; });
    }
  }
});
