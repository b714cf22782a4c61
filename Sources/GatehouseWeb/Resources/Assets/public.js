// Gatehouse public pages: opening hours in the visitor's own time zone, when it differs from the business's.
(function () {
  "use strict";
  var table = document.querySelector("[data-business-zone]");
  if (!table || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === table.getAttribute("data-business-zone")) { return; }
  // Written the business's way (its locale), as every other time on the page is.
  var locale = table.getAttribute("data-locale") || undefined;
  var day = new Intl.DateTimeFormat(locale, { weekday: "short" });
  var clock = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  document.querySelectorAll("[data-from]").forEach(function (cell) {
    var from = new Date(Number(cell.getAttribute("data-from")) * 1000);
    var to = new Date(Number(cell.getAttribute("data-to")) * 1000);
    cell.textContent = day.format(from) + " " + clock.format(from) + "–" + clock.format(to);
  });
  document.querySelectorAll("[data-visitor-zone]").forEach(function (element) { element.hidden = false; });
})();

// Booking: each free time also in the visitor's own time zone, when it differs from the business's.
(function () {
  "use strict";
  var list = document.querySelector("[data-slots-zone]");
  if (!list || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === list.getAttribute("data-slots-zone")) { return; }
  var locale = list.getAttribute("data-locale") || undefined;
  var when = new Intl.DateTimeFormat(locale, { weekday: "short", hour: "numeric", minute: "2-digit" });
  list.querySelectorAll("label.slot input[type=radio]").forEach(function (input) {
    var start = new Date(input.value);
    if (isNaN(start.getTime())) { return; }
    var note = document.createElement("span");
    note.className = "hint";
    note.textContent = " (" + when.format(start) + " yours)";
    input.parentNode.appendChild(note);
  });
  document.querySelectorAll("[data-visitor-zone]").forEach(function (element) { element.hidden = false; });
})();

// Setup: the locale starts at the browser's own language when the list has it.
(function () {
  "use strict";
  var field = document.querySelector("[data-guess-locale]");
  if (!field || field.value || !navigator.language) { return; }
  var wanted = navigator.language;
  for (var i = 0; i < field.options.length; i++) {
    if (field.options[i].value.toLowerCase() === wanted.toLowerCase()) { field.value = field.options[i].value; return; }
  }
})();

// Setup: the time zone field starts at the browser's own zone.
(function () {
  "use strict";
  var field = document.querySelector("[data-guess-zone]");
  if (!field || field.value || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) { field.value = zone; }
})();
