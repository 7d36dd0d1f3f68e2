// The projector fits the whole wall on one screen: the largest type at which every
// category column fits the screen's height; when even the smallest readable type does
// not fit, each column shows its cards page by page (12 s a page). Runs again whenever
// a live entry changed the wall or the window changed size.
(function () {
  "use strict";
  var wall = document.querySelector(".projector [data-wall]");
  if (!wall) { return; }
  var MAX = 48, MIN = 26, PAGE_SECONDS = 12;
  var pageTimer = null, fitTimer = null, tick = 0;
  var EN = document.documentElement.lang === "en";

  function columns() {
    return Array.prototype.filter.call(wall.querySelectorAll(".wall-column"), function (c) {
      return c.querySelector(".topic-card") !== null;
    });
  }
  function tooTall(column) {
    var list = column.querySelector(".card-list");
    return list.scrollHeight > list.clientHeight + 1;
  }
  // A word wider than its card would have to break mid-word.
  function wideWord(column) {
    return Array.prototype.some.call(column.querySelectorAll(".topic-card:not([hidden]) h4"), function (h) {
      return h.scrollWidth > h.clientWidth + 1;
    });
  }
  function overflowing(column) { return tooTall(column) || wideWord(column); }
  function showAll(column) {
    column.querySelectorAll(".topic-card").forEach(function (c) { c.hidden = false; });
    var note = column.querySelector(".page-note"); if (note) { note.textContent = ""; }
    delete column.dataset.pages;
  }

  // Split a column's cards into pages that each fit the column, and show page `tick`.
  function paginate(column) {
    showAll(column);
    var list = column.querySelector(".card-list");
    var cards = Array.prototype.slice.call(list.querySelectorAll(".topic-card"));
    var height = list.clientHeight, pages = [[]], used = 0;
    cards.forEach(function (card) {
      var h = card.getBoundingClientRect().height + 8;
      if (used + h > height && pages[pages.length - 1].length) { pages.push([]); used = 0; }
      pages[pages.length - 1].push(card); used += h;
    });
    var current = tick % pages.length;
    pages.forEach(function (page, i) { page.forEach(function (card) { card.hidden = i !== current; }); });
    column.dataset.pages = String(pages.length);
    var note = column.querySelector(".page-note");
    if (note) { note.textContent = pages.length > 1 ? (EN ? "page " : "Seite ") + (current + 1) + "/" + pages.length : ""; }
  }

  function fit() {
    wall.removeAttribute("data-narrow");
    var cols = columns();
    cols.forEach(showAll);
    var size = MAX;
    for (; size > MIN; size -= 2) {
      wall.style.setProperty("--wall-size", size + "px");
      if (!cols.some(overflowing)) { break; }
    }
    wall.style.setProperty("--wall-size", size + "px");
    // A word too long even at the smallest type may break; that is the last resort.
    wall.toggleAttribute("data-narrow", cols.some(wideWord));
    var paged = false;
    cols.forEach(function (column) { if (tooTall(column)) { paginate(column); paged = true; } });
    wall.dataset.fit = String(size);
    wall.dataset.paged = paged ? "1" : "0";
    if (paged && !pageTimer) {
      pageTimer = setInterval(function () { tick += 1; columns().forEach(function (c) { if (c.dataset.pages) { paginate(c); } }); }, PAGE_SECONDS * 1000);
    } else if (!paged && pageTimer) { clearInterval(pageTimer); pageTimer = null; }
  }
  function fitSoon() { clearTimeout(fitTimer); fitTimer = setTimeout(fit, 150); }
  document.addEventListener("live:applied", fitSoon);
  document.addEventListener("live:refreshed", fitSoon);
  window.addEventListener("resize", fitSoon);
  fit();
})();
