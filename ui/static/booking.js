// Patient page: fills the "Upcoming appointments" box from the JSON API.
// Without JavaScript the box keeps its link to the appointments page.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("patient-upcoming");
  if (!box) return;
  const list = box.querySelector("ul");
  const status = box.querySelector(".upcoming-status");
  fetch("/api/v1/patients/" + encodeURIComponent(box.dataset.patient) + "/appointments", { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
    .then((data) => {
      const next = data.appointments.filter((a) => a.upcoming).slice(0, 5);
      status.textContent = next.length ? "" : "No upcoming appointments.";
      for (const a of next) {
        const li = document.createElement("li");
        const when = document.createElement("strong");
        when.textContent = a.local;
        li.append(when, " " + a.kind_name + (a.plan_session ? " · plan session " + a.plan_session : "") + " · " + a.where);
        list.append(li);
      }
    })
    .catch(() => { status.textContent = "The appointments could not be loaded."; });
});
