// Gatehouse public pages: opening hours in the visitor's own time zone, when it differs from the business's.
(function () {
  "use strict";
  var table = document.querySelector("[data-business-zone]");
  if (!table || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === table.getAttribute("data-business-zone")) { return; }
  var day = new Intl.DateTimeFormat(undefined, { weekday: "short" });
  var clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  document.querySelectorAll("[data-from]").forEach(function (cell) {
    var from = new Date(Number(cell.getAttribute("data-from")) * 1000);
    var to = new Date(Number(cell.getAttribute("data-to")) * 1000);
    cell.textContent = day.format(from) + " " + clock.format(from) + "–" + clock.format(to);
  });
  document.querySelectorAll("[data-visitor-zone]").forEach(function (element) { element.hidden = false; });
})();

// Setup: the time zone field starts at the browser's own zone.
(function () {
  "use strict";
  var field = document.querySelector("[data-guess-zone]");
  if (!field || field.value || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) { field.value = zone; }
})();
