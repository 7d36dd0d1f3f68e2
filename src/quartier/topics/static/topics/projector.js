// Opinion map on the projector: live.js re-reads the map when the event's live channel
// says it changed. Votes are pushed at most every 2 s, so read once more a moment after
// the last entry: the votes that came in after the last push show up too.
(function () {
  "use strict";
  var timer = null;
  document.addEventListener("live:applied", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () {
      timer = null;
      var map = document.getElementById("projector-map");
      if (map && window.htmx) { window.htmx.trigger(map, "opinion-settled"); }
    }, 2500);
  });
})();
