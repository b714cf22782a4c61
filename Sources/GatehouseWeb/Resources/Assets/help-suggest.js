// The contact form's suggestions as the customer types: after a pause in the
// message box, ask the desk which help articles may answer it and list them
// above the Send button. Without this script the form suggests after a first
// Send instead, so nothing here is needed for the form to work.
(function () {
  "use strict";
  var box = document.querySelector("[data-help-suggestions]");
  var message = document.getElementById("message");
  if (!box || !message || !window.fetch) { return; }
  var address = box.getAttribute("data-help-suggestions");
  var timer = null;
  var asked = "";

  function show(articles) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!articles.length) { box.hidden = true; return; }
    var heading = document.createElement("p");
    heading.textContent = box.getAttribute("data-heading");
    box.appendChild(heading);
    var list = document.createElement("ul");
    articles.forEach(function (article) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = article.href;
      link.textContent = article.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function ask() {
    var text = message.value.trim();
    if (text === asked) { return; }
    asked = text;
    if (text.length < 12) { show([]); return; }
    fetch(address + "?q=" + encodeURIComponent(text), { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { articles: [] }; })
      .then(function (answer) { if (asked === text) { show(answer.articles || []); } })
      .catch(function () { show([]); });
  }

  message.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 500);
  });
})();
