// Live event screens: follow the event's live log over a websocket, catch up after a
// dropped connection, and send participant forms with fetch + client tokens.
// Every page works without this file (plain forms, reload shows the truth).
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // --- timers --------------------------------------------------------------------------
  function tickTimers() {
    document.querySelectorAll("[data-timer-start]").forEach(function (el) {
      var end = Date.parse(el.dataset.timerStart) + Number(el.dataset.timerMinutes) * 60000;
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      el.classList.toggle("timer-done", left === 0);
    });
  }
  setInterval(tickTimers, 1000); tickTimers();

  if (!root) { return; }
  var mode = root.dataset.liveMode;
  var code = root.dataset.liveCode;
  var lastSeq = Number(root.dataset.liveSeq || 0);
  var buffer = {};
  var statusEl = document.querySelector("[data-live-status]");
  var socket = null, retry = 0, gapTimer = null, refreshTimer = null;

  function status(text) { if (statusEl) { statusEl.textContent = text || ""; } }
  var T = {
    offline: document.documentElement.lang === "en" ? "Connection lost – reconnecting…" : "Verbindung unterbrochen – wird wiederhergestellt …",
    notSent: document.documentElement.lang === "en" ? "Not sent yet – please try again." : "Noch nicht gesendet – bitte noch einmal versuchen.",
  };

  // --- applying entries in order -----------------------------------------------------
  function receive(entry) {
    if (entry.seq <= lastSeq) { return; }
    buffer[entry.seq] = entry;
    while (buffer[lastSeq + 1]) {
      var next = buffer[lastSeq + 1];
      delete buffer[lastSeq + 1];
      lastSeq = next.seq;
      apply(next);
    }
    if (Object.keys(buffer).length && !gapTimer) {
      gapTimer = setTimeout(function () { gapTimer = null; catchUp(); }, 400);
    }
  }

  function catchUp() {
    return fetch(root.dataset.liveCatchup + "?after=" + lastSeq, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { entries: [] }; })
      .then(function (body) { body.entries.forEach(receive); })
      .catch(function () {});
  }

  function reloadSoon() { setTimeout(function () { window.location.reload(); }, 150 + Math.random() * 400); }

  // Re-render the marked regions from a fresh copy of the page: at most once a second,
  // so a busy wall does not make the console or projector fetch the page on every entry.
  var lastRefresh = 0;
  function refreshRegions() {
    if (refreshTimer) { return; }
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      lastRefresh = Date.now();
      fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-region]").forEach(function (region) {
          var fresh = doc.getElementById(region.id);
          if (!fresh) { return; }
          if (region.contains(document.activeElement) && document.activeElement !== document.body) { refreshRegions(); return; }
          region.innerHTML = fresh.innerHTML;
        });
        document.querySelectorAll("[data-field=present]").forEach(function (el) {
          var fresh = doc.querySelector("[data-field=present]"); if (fresh) { el.textContent = fresh.textContent; }
        });
        tickTimers();
      }).catch(function () {});
    }, Math.max(250, 1000 - (Date.now() - lastRefresh)));
  }

  function setFields(el, data) {
    el.querySelectorAll("[data-field]").forEach(function (f) {
      var key = f.dataset.field;
      if (key in data) { f.textContent = data[key] === null ? "" : String(data[key]); }
    });
    el.querySelectorAll("[data-field-value=id]").forEach(function (f) { f.value = data.id; });
  }

  function upsertCard(data) {
    var el = document.querySelector("[data-card='" + data.id + "']");
    if (data.removed) { if (el) { el.remove(); } return; }
    if (!el) {
      var tpl = document.getElementById("card-template");
      var list = document.querySelector("[data-category='" + data.category + "']");
      if (!tpl || !list) { return; }
      el = tpl.content.firstElementChild.cloneNode(true);
      el.dataset.card = data.id; el.id = "card-" + data.id;
      el.querySelectorAll("input[name=client_token]").forEach(function (i) { i.value = uuid4(); });
      bindForms(el);
    }
    var list2 = document.querySelector("[data-category='" + data.category + "']");
    if (list2 && el.parentNode !== list2) { list2.appendChild(el); }
    if (data.pinned && list2) { list2.insertBefore(el, list2.firstChild); }
    el.classList.toggle("pinned", !!data.pinned);
    setFields(el, data);
  }

  function apply(entry) {
    var d = entry.data;
    if (entry.kind === "phase" || entry.kind === "voting" || entry.kind === "pairs") { reloadSoon(); return; }
    if (entry.kind === "presence") {
      document.querySelectorAll("[data-field=present]").forEach(function (el) { el.textContent = d.present; });
      if (mode === "refresh") { refreshRegions(); }
      return;
    }
    if (mode === "refresh") { refreshRegions(); return; }
    if (entry.kind === "card") { upsertCard(d); }
    else if (entry.kind === "merge") {
      var gone = document.querySelector("[data-card='" + d.from + "']"); if (gone) { gone.remove(); }
      upsertCard(d.into);
    } else if (entry.kind === "tally") {
      var card = document.querySelector("[data-card='" + d.id + "']");
      if (card) { setFields(card, { votes: d.votes }); }
    } else if (entry.kind === "group") {
      var g = document.querySelector("[data-group='" + d.id + "']");
      if (!g) { if (document.querySelector("[data-live-region]")) { refreshRegions(); } else { reloadSoon(); } return; }
      setFields(g, { size: d.size });
      var flag = g.querySelector("[data-field=full]"); if (flag) { flag.hidden = !d.full; }
    }
  }

  // --- the websocket ------------------------------------------------------------------------
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/events/" + code + "/?after=" + lastSeq);
    socket.onopen = function () { retry = 0; status(""); root.dataset.liveConnected = "1"; };
    socket.onmessage = function (message) {
      var data; try { data = JSON.parse(message.data); } catch (e) { return; }
      (Array.isArray(data) ? data : [data]).forEach(function (entry) {
        if (typeof entry.seq === "number") { receive(entry); }
      });
    };
    socket.onclose = function () {
      root.dataset.liveConnected = "0";
      status(T.offline);
      retry = Math.min(retry + 1, 6);
      setTimeout(function () { catchUp(); connect(); }, 500 * retry + Math.random() * 500);
    };
  }
  // A poll every 20 s covers networks that silently drop websockets.
  setInterval(function () { if (!socket || socket.readyState !== 1) { catchUp(); } }, 20000);
  connect();

  // --- forms with client tokens -------------------------------------------------------
  function send(form, attempt) {
    var data = new FormData(form);
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).catch(function () {
      if (attempt >= 4) { throw new Error("offline"); }
      return new Promise(function (resolve) { setTimeout(resolve, 400 * Math.pow(2, attempt)); })
        .then(function () { return send(form, attempt + 1); });
    });
  }

  function bindForms(scope) {
    scope.querySelectorAll("form[data-live-form]").forEach(function (form) {
      if (form.dataset.bound) { return; }
      form.dataset.bound = "1";
      var token = form.querySelector("input[name=client_token]");
      if (token) { token.value = uuid4(); }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        if (button) { button.disabled = true; }
        send(form, 0).then(function (result) {
          status(result.body.message || "");
          if (result.ok) {
            if (token) { token.value = uuid4(); }  // this action is done; the next one is new
            if (form.hasAttribute("data-reset")) {
              form.querySelectorAll("input[type=text], textarea").forEach(function (f) { f.value = ""; });
              var s = document.getElementById("suggestions"); if (s) { s.innerHTML = ""; }
            }
            var b = result.body;
            if (b.left !== undefined && b.left !== null) {
              document.querySelectorAll("[data-field=dots-left]").forEach(function (el) { el.textContent = b.left; });
            }
            if (b.mine !== undefined) { var m = form.querySelector("[data-field=mine]"); if (m) { m.textContent = b.mine; } }
            if (form.dataset.liveForm === "group") { reloadSoon(); }
          }
        }).catch(function () { status(T.notSent); })  // the token stays: a retry cannot duplicate
          .then(function () { if (button) { button.disabled = false; } });
      });
    });
  }
  bindForms(document);
  document.body.addEventListener("htmx:afterSwap", function (e) { bindForms(e.target); });
})();
