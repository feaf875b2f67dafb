// Outcomes dashboard: the print button prints the page (a print stylesheet
// in onset.css lays it out as a report). Everything else works without it.
document.addEventListener("DOMContentLoaded", () => {
  const b = document.getElementById("print");
  if (b) b.addEventListener("click", () => window.print());
});
