// The calendar's conveniences. Drag and drop: an appointment dropped on a free quarter
// hour of a chair or room is moved there through the same form (and the
// same rules) as moving it by date on the patient's page. Without this
// script the calendar still books by link and moves on the patient's page.
document.addEventListener("DOMContentLoaded", () => {
  // A patient's series shows together: pointing at or focusing one visit
  // marks the patient's other visits on the page.
  const mark = (patient, on) => {
    for (const el of document.querySelectorAll(`[data-patient="${patient}"]`)) el.classList.toggle("same-patient", on);
  };
  for (const kind of ["mouseover", "focusin"]) {
    document.addEventListener(kind, (e) => {
      const v = e.target.closest && e.target.closest(".cal-appt[data-patient], .cal-item[data-patient]");
      if (v) mark(v.dataset.patient, true);
    });
  }
  for (const kind of ["mouseout", "focusout"]) {
    document.addEventListener(kind, (e) => {
      const v = e.target.closest && e.target.closest(".cal-appt[data-patient], .cal-item[data-patient]");
      if (v) mark(v.dataset.patient, false);
    });
  }
  const grid = document.querySelector('.cal-tgrid[data-drop="move"]');
  const form = document.getElementById("move-form");
  if (!grid || !form) return;
  let dragged = null;
  grid.addEventListener("dragstart", (e) => {
    const appt = e.target.closest && e.target.closest(".cal-appt[draggable]");
    if (!appt) return;
    dragged = appt;
    appt.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", appt.dataset.id);
  });
  grid.addEventListener("dragend", () => { if (dragged) dragged.classList.remove("dragging"); dragged = null; });
  const slotOf = (e) => e.target.closest && e.target.closest(".cal-slot");
  grid.addEventListener("dragover", (e) => {
    const slot = slotOf(e);
    if (!slot || !dragged) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    for (const s of grid.querySelectorAll(".drop-over")) if (s !== slot) s.classList.remove("drop-over");
    slot.classList.add("drop-over");
  });
  grid.addEventListener("drop", (e) => {
    const slot = slotOf(e);
    if (!slot || !dragged) return;
    e.preventDefault();
    form.action = dragged.dataset.move;
    form.elements.date.value = slot.dataset.date;
    form.elements.time.value = slot.dataset.time;
    form.elements.resource.value = slot.dataset.col;
    form.submit();
  });
});
