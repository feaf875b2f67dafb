// Home page: problems in the treatment room arrive live from the server
// (server-sent events) and are put at the top of the list, newest first,
// without reloading the page. Text goes in as text, never as markup.
document.addEventListener("DOMContentLoaded", () => {
  const room = document.querySelector("#room[data-events]");
  if (!room || !window.EventSource) return;
  const list = room.querySelector("#room-problems");
  const count = room.querySelector("#room-count");
  const source = new EventSource(room.dataset.events);
  source.addEventListener("problem", (e) => {
    const p = JSON.parse(e.data);
    const none = list.querySelector("#room-none");
    if (none) none.remove();
    const li = document.createElement("li");
    li.className = "problem problem-" + p.kind + " problem-new";
    const a = document.createElement("a");
    a.href = p.link;
    a.textContent = p.patient;
    li.append(a, " · " + p.at + " · " + p.message);
    list.prepend(li);
    count.textContent = list.querySelectorAll("li.problem").length + " open";
    count.classList.add("status-alert");
    document.dispatchEvent(new Event("onset:refresh")); // a live page (the Today board) catches up at once
  });
  source.addEventListener("error", () => {
    // Signed out (the stream answers with the sign-in page): stop trying.
    if (source.readyState === EventSource.CLOSED) room.querySelector("#room-live").textContent = "Live updates stopped: reload the page.";
  });
});
