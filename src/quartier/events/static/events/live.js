// Live event screens: follow the event's live log over a websocket, catch up after a
// dropped connection, and send participant actions over that socket (HTTP form posts
// with the same client tokens when the socket is closed or its answer is late).
// Every page works without this file (plain forms, reload shows the truth).
//
// What a screen shows comes from the server only: cards and tallies from live entries
// applied in `seq` order, a phone's own dots from the server's answers and its ballot.
// Actions wait in a queue (kept across reloads) with their client tokens until the
// server confirms them, so a phone that goes offline loses nothing and a retry can
// never act twice.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  var EN = document.documentElement.lang === "en";
  function t(de, en) { return EN ? en : de; }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Exponential backoff with jitter: a hall of phones that lost the same Wi-Fi must not
  // come back in the same millisecond.
  function backoff(base, cap, attempt) {
    var d = Math.min(cap, base * Math.pow(2, attempt));
    return d / 2 + Math.random() * d / 2;
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
    offline: t("Verbindung unterbrochen – wird wiederhergestellt …", "Connection lost – reconnecting…"),
    sending: t("wird gesendet …", "sending…"),
    waiting: t("Offline – wird gesendet, sobald die Verbindung zurück ist.", "Offline – will be sent as soon as the connection is back."),
    failed: t("Das hat nicht geklappt. Bitte lade die Seite neu.", "That did not work. Please reload the page."),
  };

  // --- applying entries in order -----------------------------------------------------
  function receive(entry) {
    if (entry.seq <= lastSeq || buffer[entry.seq]) { return; }
    buffer[entry.seq] = entry;
    while (buffer[lastSeq + 1]) {
      var next = buffer[lastSeq + 1];
      delete buffer[lastSeq + 1];
      lastSeq = next.seq;
      apply(next);
    }
    root.dataset.liveApplied = String(lastSeq);
    watchGap();
    document.dispatchEvent(new CustomEvent("live:applied"));
  }

  // A gap usually fills by itself within a moment (entries of two workers cross on the
  // way); only a gap that stays open is fetched, and the timer goes when the gap fills.
  function watchGap() {
    var open = Object.keys(buffer).length > 0;
    if (!open) {
      if (gapTimer) { clearTimeout(gapTimer); gapTimer = null; }
      return;
    }
    if (!gapTimer) {
      gapTimer = setTimeout(function () { gapTimer = null; if (Object.keys(buffer).length) { catchUp(); } }, 300 + Math.random() * 1200);
    }
  }

  // One catch-up at a time; it asks again while the server says there is more, and a
  // failed request is retried with backoff until the screen has every entry.
  var catchingUp = false, catchUpAgain = false, catchUpFails = 0;
  function catchUp() {
    if (catchingUp) { catchUpAgain = true; return; }
    catchingUp = true; catchUpAgain = false;
    fetch(root.dataset.liveCatchup + "?after=" + lastSeq, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (body) {
        catchingUp = false; catchUpFails = 0;
        body.entries.forEach(receive);
        if (body.more || catchUpAgain) { catchUp(); }
      })
      .catch(function () {
        catchingUp = false;
        catchUpFails = Math.min(catchUpFails + 1, 6);
        setTimeout(catchUp, backoff(1000, 30000, catchUpFails));
      });
  }

  function reloadSoon() { setTimeout(function () { window.location.reload(); }, 150 + Math.random() * 400); }

  // Bring a live region in line with a fresh copy by changing only what differs (a small
  // morph keyed by id): nodes the moderator works in are never replaced, so an open merge
  // picker keeps its typed words, its results, focus and caret while phones vote.
  // Elements marked data-live-keep (loaded tools) are kept whole once in the page; a
  // ticked box keeps its tick because only attributes, never the checked state, change.
  function morphAttributes(old, fresh) {
    var own = old.nodeName === "DETAILS" ? "open" : "";  // opened or closed by the person
    Array.prototype.slice.call(old.attributes).forEach(function (a) {
      if (a.name !== own && !fresh.hasAttribute(a.name)) { old.removeAttribute(a.name); }
    });
    Array.prototype.forEach.call(fresh.attributes, function (a) {
      if (a.name !== own && old.getAttribute(a.name) !== a.value) { old.setAttribute(a.name, a.value); }
    });
  }

  function morphNode(old, fresh) {
    if (old.nodeType !== 1) { if (old.nodeValue !== fresh.nodeValue) { old.nodeValue = fresh.nodeValue; } return; }
    if (old.hasAttribute("data-live-keep")) { return; }
    morphAttributes(old, fresh);
    morphChildren(old, fresh);
  }

  function sameKind(a, b) { return a.nodeType === b.nodeType && a.nodeName === b.nodeName; }

  function morphChildren(oldParent, freshParent) {
    var byId = {};
    Array.prototype.forEach.call(oldParent.children, function (c) { if (c.id) { byId[c.id] = c; } });
    var cursor = oldParent.firstChild;
    Array.prototype.slice.call(freshParent.childNodes).forEach(function (fresh) {
      var match = null;
      if (fresh.nodeType === 1 && fresh.id) {
        match = byId[fresh.id] && sameKind(byId[fresh.id], fresh) ? byId[fresh.id] : null;
      } else if (cursor && sameKind(cursor, fresh) && !(cursor.nodeType === 1 && cursor.id)) {
        match = cursor;
      }
      if (!match) {
        oldParent.insertBefore(document.importNode(fresh, true), cursor);
        return;
      }
      if (match !== cursor) {
        if (match.contains(document.activeElement)) {
          // Moving the focused node would blur it: move what lies before it instead.
          while (cursor && cursor !== match) { var next = cursor.nextSibling; oldParent.appendChild(cursor); cursor = next; }
        } else {
          oldParent.insertBefore(match, cursor);
        }
      }
      if (match.id) { delete byId[match.id]; }
      morphNode(match, fresh);
      cursor = match.nextSibling;
    });
    while (cursor) { var gone = cursor; cursor = cursor.nextSibling; oldParent.removeChild(gone); }
  }

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
          morphChildren(region, fresh);
          if (window.htmx) { window.htmx.process(region); }
        });
        document.querySelectorAll("[data-field=present]").forEach(function (el) {
          var fresh = doc.querySelector("[data-field=present]"); if (fresh) { el.textContent = fresh.textContent; }
        });
        tickTimers();
        var root = document.querySelector("[data-live]");
        if (root) { root.dataset.liveRefreshes = String(Number(root.dataset.liveRefreshes || 0) + 1); }
        document.dispatchEvent(new CustomEvent("live:refreshed"));
      }).catch(function () {});
    }, Math.max(250, 1000 - (Date.now() - lastRefresh)));
  }

  // Only the keys an entry carries change: a tally entry has no title, a card entry no
  // ballot. (Writing a missing key used to turn a card's id into "undefined".)
  function setFields(el, data) {
    el.querySelectorAll("[data-field]").forEach(function (f) {
      var key = f.dataset.field;
      if (Object.prototype.hasOwnProperty.call(data, key)) { f.textContent = data[key] === null ? "" : String(data[key]); }
    });
    if (Object.prototype.hasOwnProperty.call(data, "id")) {
      el.querySelectorAll("[data-field-value=id]").forEach(function (f) { f.value = data.id; });
    }
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
      bindForms(el);
    }
    var list2 = document.querySelector("[data-category='" + data.category + "']");
    if (list2 && el.parentNode !== list2) { list2.appendChild(el); }
    if (data.pinned && list2) { list2.insertBefore(el, list2.firstChild); }
    el.classList.toggle("pinned", !!data.pinned);
    setFields(el, data);
    markMine(el);
  }

  // --- the phone's own dots, as the server counts them ------------------------------------
  var ballot = null;
  function markMine(card) {
    if (!ballot) { return; }
    var n = ballot.mine[card.dataset.card] || 0;
    card.querySelectorAll("[data-field=mine]").forEach(function (m) { m.textContent = n; });
    card.querySelectorAll("form[data-live-form=unvote]").forEach(function (f) { f.hidden = n === 0; });
  }
  function showBallot(body) {
    ballot = { left: body.left, mine: body.mine || {} };
    if (body.left !== undefined && body.left !== null) {
      document.querySelectorAll("[data-field=dots-left]").forEach(function (el) { el.textContent = body.left; });
    }
    document.querySelectorAll("[data-card]").forEach(markMine);
  }
  var ballotUrl = root.dataset.liveBallot;
  var ballotTimer = null;
  function refreshBallot() {
    if (!ballotUrl || ballotTimer) { return; }
    ballotTimer = setTimeout(function () {
      ballotTimer = null;
      fetch(ballotUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(showBallot)
        .catch(function () { setTimeout(refreshBallot, backoff(1000, 20000, 1)); });
    }, 50);
  }

  function apply(entry) {
    var d = entry.data;
    if (entry.kind === "phase" || entry.kind === "voting" || entry.kind === "pairs" || entry.kind === "closed") { reloadSoon(); return; }
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
      refreshBallot();  // my dots on the merged card now count on the other one
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
    socket = new WebSocket(scheme + window.location.host + "/ws/events/" + code + "/?after=" + lastSeq + "&lang=" + (EN ? "en" : "de"));
    socket.onopen = function () { retry = 0; if (!queue.length) { status(""); } root.dataset.liveConnected = "1"; flushSoon(0); };
    socket.onmessage = function (message) {
      lastFrame = Date.now();
      var data; try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, "ack")) {
        if (typeof data.ack === "string" && acks[data.ack]) { acks[data.ack](data); }
        return;
      }
      (Array.isArray(data) ? data : [data]).forEach(function (entry) {
        if (entry && typeof entry.seq === "number") { receive(entry); }
      });
    };
    socket.onclose = function (event) {
      root.dataset.liveConnected = "0";
      Object.keys(acks).forEach(function (token) { acks[token](null); });  // these go over HTTP now
      if (event.code === 4403) { status(T.failed); return; }  // the event is closed or the code is wrong
      status(queue.length ? T.waiting : T.offline);
      retry = Math.min(retry + 1, 8);
      setTimeout(function () { catchUp(); connect(); }, backoff(500, 20000, retry));
    };
  }
  // A poll every 20 s (jittered) covers networks that silently drop websockets.
  setInterval(function () { if (!socket || socket.readyState !== 1) { catchUp(); } }, 17000 + Math.random() * 6000);

  // --- actions: a queue with client tokens, sent in order until the server confirms -----
  var QUEUE_KEY = "quartier-live-queue-" + code;
  var queue = [];
  try { queue = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]") || []; } catch (e) { queue = []; }
  function saveQueue() {
    try { window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); } catch (e) { /* private mode: memory only */ }
    root.dataset.livePending = String(queue.length);
    document.querySelectorAll("[data-field=pending]").forEach(function (el) { el.textContent = queue.length; });
  }
  var flushing = false, flushFails = 0, flushTimer = null;

  function flushSoon(delay) {
    if (flushTimer) { clearTimeout(flushTimer); }
    flushTimer = setTimeout(function () { flushTimer = null; flush(); }, delay);
  }

  function post(item) {
    var body = new FormData();
    item.fields.forEach(function (kv) { body.append(kv[0], kv[1]); });
    return fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": item.csrf },
    }).then(function (r) {
      return r.json().then(function (b) { return { status: r.status, body: b }; }, function () { return { status: r.status, body: {} }; });
    });
  }

  // Over the open socket a hall's actions skip a request each (connection, middleware,
  // session, CSRF): the phone was identified when the socket opened. An action whose
  // answer does not come in time, or whose socket closes, goes as the HTTP form post with
  // the same client token, so the server acts once whichever arrives. "In time": 8 s on a
  // silent socket; while frames keep arriving the server is alive but busy, and sending
  // the action again over HTTP would only add to its queue, so then up to 30 s. Wishes
  // (a whole ranked form) always go over HTTP.
  var SOCKET_ACTIONS = { post: "post", vote: "vote", unvote: "unvote", support: "support", group: "join_group" };
  var ACK_WAIT = 8000, ACK_PATIENCE = 30000;
  var acks = {};  // client token -> callback for the socket's answer
  var lastFrame = 0;  // when the socket last brought anything
  function count(via) { root.dataset["liveSent" + via] = String(Number(root.dataset["liveSent" + via] || 0) + 1); }

  function overSocket(item) {
    var action = SOCKET_ACTIONS[item.kind];
    if (!action || !socket || socket.readyState !== 1 || navigator.onLine === false) { return null; }
    var message = { action: action, token: item.token };
    item.fields.forEach(function (kv) {
      if (kv[0] !== "csrfmiddlewaretoken" && kv[0] !== "client_token") { message[kv[0]] = kv[1]; }
    });
    var sentAt = Date.now();
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function late() {
        var now = Date.now();
        if (now - lastFrame < ACK_WAIT && now - sentAt < ACK_PATIENCE) { timer = setTimeout(late, 1000); return; }
        delete acks[item.token]; reject(new Error("late"));
      }, ACK_WAIT);
      acks[item.token] = function (ack) {
        clearTimeout(timer); delete acks[item.token];
        if (ack) { resolve(ack); } else { reject(new Error("closed")); }
      };
      try { socket.send(JSON.stringify(message)); count("Socket"); } catch (e) { acks[item.token](null); }
    }).then(function (ack) {
      var code = ack.error === "throttled" ? 429 : ack.error === "not_a_participant" ? 403 : ack.error ? 400 : 200;
      return { status: code, body: ack };
    });
  }

  function send(item) {
    var viaSocket = overSocket(item);
    if (!viaSocket) { count("Http"); return post(item); }
    return viaSocket.catch(function () { count("Http"); return post(item); });
  }

  function flush() {
    if (flushing || !queue.length) { return; }
    flushing = true;
    var item = queue[0];
    status(navigator.onLine === false ? T.waiting : T.sending);
    send(item).then(function (res) {
      flushing = false;
      if (res.status === 429 || res.status >= 500) {  // slowed down or the server is busy: keep it, try later
        flushFails = Math.min(flushFails + 1, 6);
        status(res.body.message || T.sending);
        var wait = Number(res.body.retry_after || 0) * 1000;
        flushSoon(Math.max(wait, backoff(800, 20000, flushFails)));
        return;
      }
      flushFails = 0;
      queue.shift(); saveQueue();
      done(item, res);
      if (queue.length) { flush(); }
    }, function () {  // no connection: the action waits on the phone with its token
      flushing = false;
      flushFails = Math.min(flushFails + 1, 6);
      status(T.waiting);
      flushSoon(backoff(1000, 15000, flushFails));
    });
  }
  window.addEventListener("online", function () { flushFails = 0; flushSoon(0); });
  window.addEventListener("offline", function () { if (queue.length) { status(T.waiting); } });

  function done(item, res) {
    var b = res.body || {};
    var ok = res.status >= 200 && res.status < 300 && b.ok !== false;
    document.querySelectorAll("[data-pending-token='" + item.token + "']").forEach(function (el) { el.removeAttribute("data-pending-token"); el.classList.remove("pending"); });
    status(b.message || (ok ? "" : T.failed));
    if (!ok) {
      if (item.kind === "post") {  // give the text back so nothing written is lost
        var title = document.getElementById("card-title");
        item.fields.forEach(function (kv) { if (kv[0] === "title" && title && !title.value) { title.value = kv[1]; } });
      }
      return;
    }
    if (b.left !== undefined || b.ballot) { showBallot(b.ballot || { left: b.left, mine: ballot ? ballot.mine : {} }); }
    if (item.kind === "group" || item.kind === "wishes") { reloadSoon(); }
  }

  function enqueue(form) {
    var data = new FormData(form);
    var token = form.querySelector("input[name=client_token]");
    var fields = [];
    data.forEach(function (v, k) { if (typeof v === "string") { fields.push([k, v]); } });
    var item = { url: form.action, kind: form.dataset.liveForm, token: token ? token.value : uuid4(), csrf: data.get("csrfmiddlewaretoken"), fields: fields };
    queue.push(item); saveQueue();
    if (token) { token.value = uuid4(); }  // this action is on its way; the next one is new
    var card = form.closest("[data-card]");
    if (card) { card.classList.add("pending"); card.setAttribute("data-pending-token", item.token); }
    if (form.hasAttribute("data-reset")) {
      form.querySelectorAll("input[type=text], textarea").forEach(function (f) { f.value = ""; });
      var s = document.getElementById("suggestions"); if (s) { s.innerHTML = ""; }
    }
    status(navigator.onLine === false ? T.waiting : T.sending);
    flushSoon(0);
  }

  function bindForms(scope) {
    scope.querySelectorAll("form[data-live-form]").forEach(function (form) {
      if (form.dataset.bound) { return; }
      form.dataset.bound = "1";
      var token = form.querySelector("input[name=client_token]");
      if (token) { token.value = uuid4(); }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        enqueue(form);
      });
    });
  }
  bindForms(document);
  document.body.addEventListener("htmx:afterSwap", function (e) { bindForms(e.target); });
  saveQueue();
  if (ballotUrl) { refreshBallot(); }
  connect();
  if (queue.length) { status(T.sending); flushSoon(0); }
})();
