/* Second Line in a learning-management system (SCORM 1.2, issue 18). Linked after site.js on every page of the
   SCORM package (editions/scorm.py); each module page is one SCO. It finds the LMS's API (walking up parent, then
   opener), calls LMSInitialize, and reports cmi.core.lesson_status (incomplete, then completed; passed or failed
   against the mastery score on the page with the post-test), score.raw/min/max for a knowledge check,
   lesson_location, session_time and exit, with the learner's answers in cmi.suspend_data: compact, and never over
   4,096 characters (this file enforces it; an LMS may not). On relaunch it puts the answers back on the page.
   With no API (the site opened on its own, or a page opened from a SCO) it does nothing: the page works as the
   site does. No network, no dependencies; it listens for the runtime's `secondline:answer` events. */
(function () {
  "use strict";
  var SL = window.SecondLine;
  var MAX = 4096;           // SCORM 1.2: cmi.suspend_data is a CMIString4096
  var VERSION = "1";        // first field of suspend_data; a future format can still read this one
  var SAFE = /^[A-Za-z0-9_-]+$/;  // ids and scenes travel in the data as they are; anything else is left out
  // Dropped first when the data would not fit: case paths, then sorting, then quiz answers; knowledge checks last.
  var PRIORITY = { k: 0, q: 1, s: 2, c: 3 };

  // ------------------------------------------------------------------ suspend_data: "1|kpost=b.0120...|qid=2|..."
  function emptyState() { return { q: {}, s: {}, c: {}, k: {} }; }

  function digits(list) {
    var wide = list.some(function (n) { return n !== null && (n < 0 || n > 9); });
    return list.map(function (n) { return n === null ? "-" : String(n); }).join(wide ? "," : "");
  }
  function undigits(text) {
    var parts = text.indexOf(",") >= 0 ? text.split(",") : text.split("");
    return parts.map(function (p) { return p === "-" || p === "" ? null : +p; });
  }

  function records(state) {
    var out = [];
    Object.keys(state.k).forEach(function (id) {
      var k = state.k[id];
      out.push(["k", id, k.form + "." + digits(k.answers)]);
    });
    Object.keys(state.q).forEach(function (id) { out.push(["q", id, String(state.q[id])]); });
    Object.keys(state.s).forEach(function (id) { out.push(["s", id, digits(state.s[id])]); });
    Object.keys(state.c).forEach(function (id) {
      var c = state.c[id];
      out.push(["c", id, c.path.map(function (p) { return p[0] + "." + p[1]; }).join(",") + (c.ended ? "!" : "")]);
    });
    out = out.filter(function (r) { return SAFE.test(r[1]) && /^[A-Za-z0-9_.,!-]*$/.test(r[2]); });
    out.sort(function (a, b) { return PRIORITY[a[0]] - PRIORITY[b[0]]; });  // stable: answer order within a kind
    return out;
  }

  // The string to store, and how many answers had to be left out to keep it within MAX characters.
  function encode(state, max) {
    max = max || MAX;
    var recs = records(state).map(function (r) { return r[0] + r[1] + "=" + r[2]; });
    var dropped = 0;
    while (recs.length && (VERSION + "|" + recs.join("|")).length > max) { recs.pop(); dropped++; }
    return { text: recs.length ? VERSION + "|" + recs.join("|") : "", dropped: dropped };
  }

  function decode(text) {
    var state = emptyState();
    if (typeof text !== "string" || text.split("|")[0] !== VERSION) return state;
    text.split("|").slice(1).forEach(function (rec) {
      var m = /^([kqsc])([A-Za-z0-9_-]+)=(.*)$/.exec(rec);
      if (!m) return;
      var kind = m[1], id = m[2], v = m[3];
      if (kind === "q" && /^[0-9]+$/.test(v)) state.q[id] = +v;
      else if (kind === "s") state.s[id] = undigits(v);
      else if (kind === "k" && v.indexOf(".") > 0) {
        state.k[id] = { form: v.slice(0, v.indexOf(".")), answers: undigits(v.slice(v.indexOf(".") + 1)) };
      } else if (kind === "c") {
        var ended = v.slice(-1) === "!";
        if (ended) v = v.slice(0, -1);
        state.c[id] = { ended: ended, path: v ? v.split(",").map(function (p) {
          var i = p.lastIndexOf(".");
          return [p.slice(0, i), +p.slice(i + 1)];
        }) : [] };
      }
    });
    return state;
  }

  // What the tests (and a curious developer) can reach; the LMS connection itself stays private.
  var api = window.SecondLineScorm = { MAX: MAX, encode: encode, decode: decode, connected: false };

  // ------------------------------------------------------------------ finding the LMS
  function scan(win) {
    for (var n = 0; win && n < 20; n++) {
      try { if (win.API && typeof win.API.LMSInitialize === "function") return win.API; } catch (e) { return null; }
      try { if (!win.parent || win.parent === win) return null; win = win.parent; } catch (e) { return null; }
    }
    return null;
  }
  function openedFromPackage() {  // a glossary or module opened in a new window from a SCO is not a SCO launch
    try { return !!(window.opener && window.opener.SecondLineScorm); } catch (e) { return false; }
  }
  function findLms() {
    if (openedFromPackage()) return null;
    var found = scan(window);
    try { if (!found && window.top.opener) found = scan(window.top.opener); } catch (e) { /* cross-origin */ }
    try { if (!found && window.opener) found = scan(window.opener); } catch (e) { /* cross-origin */ }
    return found;
  }

  var LMS = SL && findLms();
  if (!LMS || String(LMS.LMSInitialize("")) !== "true") return;  // outside an LMS: the page is the site's page
  api.connected = true;

  var problems = [];
  function get(name) { return String(LMS.LMSGetValue(name) || ""); }
  function set(name, value) {
    if (String(LMS.LMSSetValue(name, String(value))) === "true") return true;
    var code = LMS.LMSGetLastError();
    problems.push(name + ": " + code + " " + LMS.LMSGetErrorString(code));
    return false;
  }

  var started = Date.now();
  var state = decode(get("cmi.suspend_data"));
  var status = get("cmi.core.lesson_status");
  if (status === "" || status === "not attempted") { status = "incomplete"; set("cmi.core.lesson_status", status); }
  var where = get("cmi.core.lesson_location");
  var student = get("cmi.core.student_id");
  var postTest = document.querySelector('[data-sl-kind="knowledge-check"][data-sl-id="post"]');
  var mastery = parseFloat(get("cmi.student_data.mastery_score"));
  if (isNaN(mastery) && postTest) mastery = parseFloat(postTest.getAttribute("data-sl-pass"));
  var priorScore = parseFloat(get("cmi.core.score.raw"));

  // Pre- and post-test forms follow the learner, not the computer: the LMS's learner id sets the order.
  if (student && SL.learnerKey) SL.learnerKey = function () { return "lms:" + student; };

  // ------------------------------------------------------------------ what counts, and the status
  var COUNTED = '[data-sl-kind="quiz"],[data-sl-kind="sort"],[data-sl-kind="case"],[data-sl-kind="knowledge-check"]';
  var KIND = { quiz: "q", sort: "s", "case": "c", "knowledge-check": "k" };
  function done(root) {
    var kind = KIND[root.getAttribute("data-sl-kind")], id = root.getAttribute("data-sl-id");
    if (kind === "c") return !!(state.c[id] && state.c[id].ended);
    return Object.prototype.hasOwnProperty.call(state[kind], id);
  }
  function progress() {
    var roots = document.querySelectorAll(COUNTED), n = 0;
    for (var i = 0; i < roots.length; i++) if (done(roots[i])) n++;
    return { done: n, total: roots.length };
  }

  function reportScore(kc, percent) {
    var raw = Math.round(percent);
    var pre = kc === "pre", post = kc === "post";
    if (pre && !isNaN(priorScore)) return;  // the pre-test's first score is the baseline; a retake does not replace it
    if (post && !isNaN(priorScore) && priorScore >= raw) return;  // the best post-test counts
    if (set("cmi.core.score.min", "0") && set("cmi.core.score.max", "100") && set("cmi.core.score.raw", raw)) priorScore = raw;
  }

  function updateStatus() {
    var p = progress(), next = status;
    if (postTest && !isNaN(priorScore) && !isNaN(mastery) && state.k.post) {
      if (status !== "passed") next = priorScore >= mastery ? "passed" : "failed";
    } else if (p.total && p.done >= p.total && status !== "passed" && status !== "failed") {
      next = "completed";
    }
    if (next !== status && set("cmi.core.lesson_status", next)) status = next;
    show(p);
  }

  // ------------------------------------------------------------------ the learner's answers
  function headingBefore(el) {
    var hs = document.querySelectorAll("main h1[id], main h2[id], main h3[id]"), last = null;
    for (var i = 0; i < hs.length; i++) {
      if (hs[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) last = hs[i]; else break;
    }
    return last && last.id;
  }
  function headingInView() {
    var hs = document.querySelectorAll("main h1[id], main h2[id], main h3[id]"), last = null;
    for (var i = 0; i < hs.length; i++) if (hs[i].getBoundingClientRect().top <= 80) last = hs[i];
    return last ? last.id : where;
  }

  function save() {
    var e = encode(state);
    if (e.dropped) problems.push(e.dropped + " answer(s) left out of cmi.suspend_data to keep it within " + MAX + " characters");
    set("cmi.suspend_data", e.text);
    if (where) set("cmi.core.lesson_location", where.slice(0, 255));
  }

  document.addEventListener("secondline:answer", function (ev) {
    var d = ev.detail || {};
    if (finished || d.restored || !d.id || !SAFE.test(String(d.id)) || !KIND[d.kind]) return;
    var root = document.querySelector('[data-sl-kind="' + d.kind + '"][data-sl-id="' + d.id + '"]');
    if (d.kind === "quiz" && typeof d.choice === "number") state.q[d.id] = d.choice;
    else if (d.kind === "sort" && root) {
      state.s[d.id] = Array.prototype.map.call(root.querySelectorAll("select[data-sl-statement]"),
                                               function (s) { return s.selectedIndex; });
    } else if (d.kind === "knowledge-check" && d.answers) {
      var items = root ? root.querySelectorAll('.sl-kc-form[data-sl-form="' + d.form + '"] fieldset.sl-kc-item') : [];
      state.k[d.id] = { form: d.form, answers: Array.prototype.map.call(items, function (it) {
        var a = d.answers[it.getAttribute("data-sl-item")];
        return typeof a === "number" ? a : null;
      }) };
      if (typeof d.percent === "number") reportScore(d.id, d.percent);
    } else if (d.kind === "case" && typeof d.scene === "string") {
      var c = state.c[d.id] || { path: [], ended: false };
      if (root && d.scene === root.getAttribute("data-sl-start")) c.path = [];  // a fresh start of the case
      c.path.push([d.scene, d.choice]);
      if (root && root.querySelector("[data-sl-scene]:not([hidden]) .sl-path")) c.ended = true;
      state.c[d.id] = c;
    } else return;
    if (root) where = headingBefore(root) || where;
    save();
    updateStatus();
    LMS.LMSCommit("");
  });

  // Put saved answers back by doing what the learner did: choose, then press the same button. The events this
  // raises are marked `restored`, so site.js and this file do not count them again.
  function restore() {
    var emit = SL.emit;
    SL.emit = function (name, detail) { detail = detail || {}; detail.restored = true; emit.call(SL, name, detail); };
    try {
      Object.keys(state.k).forEach(function (id) {
        var root = document.querySelector('[data-sl-kind="knowledge-check"][data-sl-id="' + id + '"]'), k = state.k[id];
        var block = root && root.querySelector('.sl-kc-form[data-sl-form="' + k.form + '"]');
        if (!block) return;
        var items = block.querySelectorAll("fieldset.sl-kc-item");
        if (items.length !== k.answers.length) return;  // the form changed since: leave it for the learner
        Array.prototype.forEach.call(root.querySelectorAll(".sl-kc-form"), function (b) { b.hidden = b !== block; });
        root.setAttribute("data-sl-form", k.form);
        root.removeAttribute("data-sl-choose");
        k.answers.forEach(function (a, i) { pick(items[i], a); });
        SL.handlers["kc-score"](root);
      });
      Object.keys(state.q).forEach(function (id) {
        var root = document.querySelector('[data-sl-kind="quiz"][data-sl-id="' + id + '"]');
        if (root && pick(root, state.q[id])) SL.handlers.check(root);
      });
      Object.keys(state.s).forEach(function (id) {
        var root = document.querySelector('[data-sl-kind="sort"][data-sl-id="' + id + '"]');
        if (!root) return;
        var selects = root.querySelectorAll("select[data-sl-statement]");
        if (selects.length !== state.s[id].length) return;
        state.s[id].forEach(function (n, i) { if (n !== null && n < selects[i].options.length) selects[i].selectedIndex = n; });
        SL.handlers["sort-check"](root);
      });
      Object.keys(state.c).forEach(function (id) {
        var root = document.querySelector('[data-sl-kind="case"][data-sl-id="' + id + '"]');
        if (!root) return;
        for (var i = 0; i < state.c[id].path.length; i++) {
          var step = state.c[id].path[i];
          var scene = root.querySelector('[data-sl-scene="' + step[0] + '"]');
          var button = scene && scene.querySelector('[data-sl-action="case-choose"]');
          if (!button || scene.hidden || !pick(scene, step[1])) break;  // the case changed since: stop here
          SL.handlers["case-choose"](root, button);
        }
      });
    } finally {
      SL.emit = emit;
    }
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    var target = where && !window.location.hash && document.getElementById(where);
    if (target) target.scrollIntoView(); else if (!window.location.hash) window.scrollTo(0, 0);
  }
  function pick(scope, value) {
    var input = value === null ? null : scope.querySelector('input[type=radio][value="' + value + '"]');
    if (input) input.checked = true;
    return !!input;
  }

  // ------------------------------------------------------------------ the page inside the LMS
  var line;
  function show(p) {
    if (!line) return;
    var words;
    if (postTest && (status === "passed" || status === "failed")) {
      words = "Your learning system has your best post-test score, " + priorScore + "%: " +
        (status === "passed" ? "passed" : "not yet passed") + " (the pass mark is " + mastery + "%)." +
        (status === "passed" ? "" : " You can change your answers and score them again.");
    } else if (status === "completed") {
      words = "You have answered every question on this page; your learning system has this module as completed.";
    } else if (postTest && !isNaN(mastery)) {
      words = "Your learning system records this module as passed when your post-test score reaches the pass mark, " +
        mastery + "%. Your answers are kept for when you come back.";
    } else {
      words = "Your learning system records this module as complete when every question on this page is answered: " +
        p.done + " of " + p.total + " so far. Your answers are kept for when you come back.";
    }
    if (problems.length) words += " The learning system did not take everything: " + problems[problems.length - 1] + ".";
    line.textContent = words;
  }

  function fitPage() {
    document.documentElement.classList.add("sl-lms");
    // Moving between modules is the LMS's job: hide the site's contents and pager. Any other link opens a new
    // window, so following it never ends this SCO's session.
    var style = document.createElement("style");
    style.textContent = ".sl-lms .site-toc, .sl-lms .site-pager { display: none !important; }" +
      ".sl-lms .site-layout { grid-template-columns: minmax(0, 1fr); }" +
      ".scorm-status { border-left: 4px solid currentColor; padding: 0.4rem 0.8rem; }";
    document.head.appendChild(style);
    // Decided at the click, so links in feedback shown later (from <template>s) are covered too.
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href]");
      if (a && a.getAttribute("href").charAt(0) !== "#") { a.target = "_blank"; a.rel = "noopener"; }
    }, true);
    var h1 = document.querySelector("main h1");
    line = document.createElement("p");
    line.className = "scorm-status";
    line.setAttribute("role", "status");
    if (h1) h1.parentNode.insertBefore(line, h1.nextSibling);
  }

  var finished = false;
  function finish() {
    if (finished) return;
    finished = true;
    where = headingInView() || where;
    save();
    var s = Math.round((Date.now() - started) / 1000);
    var hh = Math.min(9999, Math.floor(s / 3600)), mm = Math.floor(s / 60) % 60, ss = s % 60;
    set("cmi.core.session_time", (hh < 10 ? "0" : "") + hh + ":" + (mm < 10 ? "0" : "") + mm + ":" + (ss < 10 ? "0" : "") + ss);
    set("cmi.core.exit", "suspend");  // the learner comes back to these answers, whatever the status
    LMS.LMSCommit("");
    LMS.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  function start() {
    fitPage();
    restore();
    save();
    updateStatus();
    LMS.LMSCommit("");
  }
  // After knowledge.js has chosen the forms (it also waits for DOMContentLoaded, and was registered first).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
