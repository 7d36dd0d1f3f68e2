// Facilitation screens: count the timer down locally, refresh from the server when told.
// The server holds the truth (see meetings/timer.py); this file only draws it. Polling
// (hx-trigger "every 2s") keeps working when the websocket is not available.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function format(seconds) {
    var negative = seconds < 0;
    seconds = Math.abs(seconds);
    return (negative ? "\u2212" : "") + pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }

  function prepare(root) {
    var timers = (root || document).querySelectorAll("[data-timer]");
    timers.forEach(function (timer) {
      timer.dataset.offset = String(parseInt(timer.dataset.serverNow, 10) - Date.now());
    });
  }

  function tick() {
    document.querySelectorAll("[data-timer]").forEach(function (timer) {
      var remaining;
      if (timer.dataset.running === "1") {
        var now = Date.now() + parseInt(timer.dataset.offset || "0", 10);
        remaining = Math.round((parseInt(timer.dataset.deadline, 10) - now) / 1000);
      } else {
        remaining = parseInt(timer.dataset.remaining, 10);
      }
      if (isNaN(remaining)) { return; }
      var display = timer.querySelector("[data-timer-display]") || timer;
      var text = format(remaining);
      if (display.textContent !== text) { display.textContent = text; }
      timer.classList.toggle("overtime", remaining < 0);
    });
  }

  function busy() {
    var active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT" || active.tagName === "SELECT")) {
      return true;
    }
    return Array.prototype.some.call(document.querySelectorAll("textarea"), function (area) {
      return area.value.trim() !== "" && area.defaultValue.trim() !== area.value.trim();
    });
  }

  function checkPhase() {
    var state = document.getElementById("meeting-state");
    var page = document.querySelector("[data-page-phase]");
    if (!state || !page) { return; }
    if ((state.dataset.phaseId || "") === (page.dataset.pagePhase || "")) { return; }
    if (page.hasAttribute("data-reload-on-phase") || (page.hasAttribute("data-reload-when-idle") && !busy())) {
      window.location.reload();
    }
  }

  function connect() {
    var state = document.getElementById("meeting-state");
    if (!state || !state.dataset.ws || !("WebSocket" in window)) { return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + state.dataset.ws);
    } catch (error) {
      return;
    }
    var opened = false;
    socket.addEventListener("open", function () { opened = true; });
    socket.addEventListener("message", function () {
      document.body.dispatchEvent(new CustomEvent("meeting-changed"));
    });
    socket.addEventListener("close", function (event) {
      // Reconnect after a dropped connection; a server without websockets never opens one,
      // and then polling alone keeps the screen in sync.
      if (opened && event.code !== 4403) { window.setTimeout(connect, 5000); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    prepare(document);
    tick();
    window.setInterval(tick, 500);
    connect();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    prepare(event.detail.target && event.detail.target.parentNode ? event.detail.target.parentNode : document);
    prepare(document);
    tick();
    checkPhase();
  });
})();
