// Gatehouse: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Folded on a phone, open on a wide screen: the inbox's search and filters (wide from 60rem),
  // the menu (from the width its one row needs, given as data-open-wide="72rem").
  if (window.matchMedia) {
    document.querySelectorAll("details[data-open-wide][open]").forEach(function (details) { details.setAttribute("data-kept-open", ""); });
    var widths = {};
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      widths[details.getAttribute("data-open-wide") || "60rem"] = true;
    });
    Object.keys(widths).forEach(function (width) {
      var wide = window.matchMedia("(min-width: " + width + ")");
      var follow = function () {
        document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
          if ((details.getAttribute("data-open-wide") || "60rem") !== width) { return; }
          // The inbox's filters stay open on a phone while some are on (the server opened them).
          if (wide.matches) { details.open = true; } else if (!details.hasAttribute("data-kept-open")) { details.open = false; }
        });
      };
      follow();
      if (wide.addEventListener) { wide.addEventListener("change", follow); }
    });
  }

  // Templates in the reply composer: choosing one fills the reply box, unless the owner has typed.
  document.querySelectorAll("[data-template-for]").forEach(function (select) {
    var box = document.getElementById(select.getAttribute("data-template-for"));
    if (!box) { return; }
    var typed = false;
    box.addEventListener("input", function () { typed = box.value.trim() !== ""; });
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var text = option ? option.getAttribute("data-text") : null;
      if (text === null) { return; }
      if (typed && !window.confirm("Replace what you have written with this template?")) { return; }
      box.value = text;
      typed = false;
      box.focus();
    });
  });

  // The policy editor: the public page's preview follows the typing (the server renders it).
  var policyForm = document.querySelector("[data-policy-form]");
  var preview = document.querySelector("[data-policy-preview]");
  if (policyForm && preview && window.fetch) {
    var pending = null;
    policyForm.querySelector("textarea").addEventListener("input", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        var body = new URLSearchParams(new FormData(policyForm));
        window.fetch("/policy/preview", { method: "POST", body: body, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) { if (html !== null) { preview.innerHTML = html; } })
          .catch(function () { /* The preview waits for the next keystroke. */ });
      }, 600);
    });
  }

  // The "now" line of the Today timeline moves with the clock, once a minute.
  var now = document.querySelector("[data-now-line]");
  if (now) {
    var start = Number(now.getAttribute("data-start"));
    var end = Number(now.getAttribute("data-end"));
    var left = Number(now.getAttribute("data-left"));
    var width = Number(now.getAttribute("data-width"));
    var place = function () {
      var t = Date.now() / 1000;
      if (t < start || t > end) { now.setAttribute("visibility", "hidden"); return; }
      var x = left + (t - start) / (end - start) * width;
      now.setAttribute("x1", x.toFixed(1));
      now.setAttribute("x2", x.toFixed(1));
      now.setAttribute("visibility", "visible");
    };
    window.setInterval(place, 60000);
  }

  // A session's countdown: the server wrote the time box's end; this counts down to it once a
  // minute and says quietly (aria-live polite, no sound) when five minutes are left and when the
  // time is up. Without JavaScript the end time on the page is enough.
  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var ends = Number(countdown.getAttribute("data-ends"));
    var warned = false;
    var tick = function () {
      var left = Math.ceil((ends - Date.now() / 1000) / 60);
      if (left <= 0) {
        countdown.textContent = "The time box is used up.";
        countdown.classList.add("countdown-over");
        return;
      }
      if (left <= 5 && !warned) {
        warned = true;
        countdown.classList.add("countdown-near");
        countdown.textContent = left + (left === 1 ? " minute" : " minutes") + " left: time to agree the next step.";
        return;
      }
      if (!warned) { countdown.textContent = "About " + left + (left === 1 ? " minute" : " minutes") + " left."; }
      else { countdown.textContent = left + (left === 1 ? " minute" : " minutes") + " left: time to agree the next step."; }
    };
    tick();
    window.setInterval(tick, 20000);
  }
  // Today and the inbox update themselves when something urgent arrives: the server says so on
  // /events (Server-Sent Events) and the page fetches itself again and swaps in its live parts.
  // With the owner's consent, the browser also shows a notification. Without JavaScript (or
  // EventSource) the pages are as they were, and a reload shows the news.
  var live = document.querySelector("[data-live-since]");
  if (live && window.EventSource && window.fetch && window.DOMParser) {
    var news = live.querySelector("[data-live-news]");
    var ask = live.querySelector("[data-live-ask]");
    var seen = Number(live.getAttribute("data-live-since")) || 0;
    var canNotify = "Notification" in window;
    if (canNotify && window.Notification.permission === "default" && ask) {
      ask.hidden = false;
      ask.querySelector("button").addEventListener("click", function () {
        window.Notification.requestPermission().then(function () { ask.hidden = true; });
      });
    }
    var refresh = function () {
      return window.fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var fresh = new window.DOMParser().parseFromString(html, "text/html");
          document.querySelectorAll("[data-live][id]").forEach(function (part) {
            var replacement = fresh.getElementById(part.id);
            if (replacement) { part.replaceWith(document.importNode(replacement, true)); }
          });
        });
    };
    var listen = function () {
      var source = new window.EventSource("/events?since=" + seen);
      source.addEventListener("urgent", function (event) {
        var at = Number(event.data);
        if (!(at > seen)) { return; }
        seen = at;
        refresh().then(function () {
          if (news) {
            news.textContent = "Something urgent just arrived; it is in the list below.";
            news.hidden = false;
          }
          if (canNotify && window.Notification.permission === "granted") {
            new window.Notification("Urgent message", { body: "Something urgent just arrived in your desk.", tag: "gatehouse-urgent" });
          }
        }).catch(function () { /* The next event tries again. */ });
      });
      source.addEventListener("bye", function () { source.close(); listen(); });
    };
    listen();
  }
})();
