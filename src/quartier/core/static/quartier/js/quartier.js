// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // After an htmx swap, move focus to an element that asks for it so that keyboard and
  // screen-reader users learn about the change.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt && event.detail.elt.querySelector
      ? event.detail.elt.querySelector("[data-focus-after-swap]")
      : null;
    if (target) { target.focus(); }
  });
  // Destructive forms carry data-confirm="question": ask before they are sent (capture
  // phase, so htmx-enhanced forms are asked too).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
