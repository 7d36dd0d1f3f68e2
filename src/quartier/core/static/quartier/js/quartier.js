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
})();
