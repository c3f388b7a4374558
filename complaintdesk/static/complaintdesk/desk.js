// Keyboard use of the desk: j/k move through the inbox, Enter opens, / searches,
// r jumps to the reply composer on a complaint page.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#inbox-list tr.row"));
  var current = -1;
  function select(index) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("selected", i === current); });
    rows[current].querySelector("a").focus();
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k") { select(current - 1); event.preventDefault(); }
    else if (event.key === "Enter" && current >= 0) { window.location = rows[current].dataset.href; }
    else if (event.key === "/") {
      var search = document.getElementById("id_q");
      if (search) { search.focus(); event.preventDefault(); }
    } else if (event.key === "r") {
      var reply = document.getElementById("id_immediate-message");
      if (reply) { reply.closest("details").open = true; reply.focus(); event.preventDefault(); }
    }
  });
})();
// Countdowns to promises and deadlines, in the page's language.
(function () {
  "use strict";
  var items = document.querySelectorAll("[data-countdown]");
  if (!items.length || !window.Intl || !Intl.RelativeTimeFormat) return;
  var format = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" });
  function render() {
    var now = Date.now();
    items.forEach(function (item) {
      var minutes = Math.round((Date.parse(item.dataset.countdown) - now) / 60000);
      var text = Math.abs(minutes) < 90 ? format.format(minutes, "minute")
        : Math.abs(minutes) < 2880 ? format.format(Math.round(minutes / 60), "hour")
        : format.format(Math.round(minutes / 1440), "day");
      item.textContent = "(" + text + ")";
      item.classList.toggle("overdue", minutes < 0);
    });
  }
  render();
  setInterval(render, 30000);
})();
