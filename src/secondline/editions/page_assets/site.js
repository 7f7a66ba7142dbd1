/* Second Line website: the contents stay in reach (on a narrow screen a "Contents" bar that opens and closes; on a
   wide one the current page's entry and the section being read kept in view), and it keeps the learner's answers in this browser (localStorage "secondline.answers") and
   offers "Export my answers (JSON)" and "Clear my answers" in the page footer. No network, no dependencies:
   it listens for the `secondline:answer` events that the interaction runtime (secondline.js) emits. */
(function () {
  "use strict";
  var KEY = "secondline.answers";
  // The question-list builder promises to keep nothing; glossary browsing and values exercises are not answers.
  var SKIP = { "question-list": true, "glossary": true, "weighing": true };

  function empty() { return { format: "secondline-progress", version: 1, attempts: [] }; }

  function read() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY));
      if (data && data.format === "secondline-progress" && Object.prototype.toString.call(data.attempts) === "[object Array]") {
        return data;
      }
    } catch (e) { /* unreadable or blocked storage: start empty */ }
    return empty();
  }

  // Set when the last answer could not be written (storage full: QuotaExceededError, or blocked): the footer
  // then says plainly that answers are not being saved, until a later save works again.
  var saveFailed = null;

  function save(data) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(data));
      saveFailed = null;
      return true;
    } catch (e) {
      var full = e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22);
      saveFailed = full ? "full" : "blocked";
      return false;
    }
  }

  function storageWorks() {
    try { window.localStorage.setItem(KEY + ".test", "1"); window.localStorage.removeItem(KEY + ".test"); return true; }
    catch (e) { return false; }
  }

  function attempt(detail) {
    var a = {
      kind: String(detail.kind),
      id: String(detail.id),
      choice: typeof detail.choice === "number" ? detail.choice : null,
      verdict: typeof detail.verdict === "string" ? detail.verdict : null,
      time: new Date().toISOString()
    };
    if (typeof detail.scene === "string") a.scene = detail.scene;
    // Scored exercises (sorting, knowledge check) keep their score, never free text.
    if (typeof detail.right === "number") a.score = { right: detail.right, total: detail.total };
    if (typeof detail.correct === "number") a.score = { right: detail.correct, total: detail.total };
    // A knowledge check also keeps which form it was and the option chosen for each item (for item analysis).
    if (detail.form === "a" || detail.form === "b") a.form = detail.form;
    if (detail.answers && typeof detail.answers === "object") a.answers = detail.answers;
    return a;
  }

  document.addEventListener("secondline:answer", function (ev) {
    var d = ev.detail || {};
    if (!d.kind || !d.id || SKIP[d.kind] || d.restored) return;  // restored: put back by scorm-runtime.js, not new
    var data = read();
    data.attempts.push(attempt(d));
    save(data);
    update();
  });

  function box() { return document.querySelector(".site-answers"); }

  // The messages in the page's language: the template writes them into data-words (site-answers.html.j2).
  function words() {
    var el = document.querySelector(".site-answers-count");
    try { return JSON.parse(el.getAttribute("data-words")) || {}; } catch (e) { return {}; }
  }

  function update() {
    var b = box();
    if (!b) return;
    var status = b.querySelector(".site-answers-count");
    var w = words();
    if (saveFailed === "full") {
      status.textContent = w.full || ("Your answers are not being saved: this browser's storage for this site is " +
        "full. Export the answers saved so far, or free some space, to keep saving.");
      return;
    }
    if (saveFailed || !storageWorks()) {
      status.textContent = w.blocked || "This browser does not allow saving answers here, so nothing is kept.";
      return;
    }
    var n = read().attempts.length;
    status.textContent = n === 0 ? (w.none || "No answers saved yet.")
      : n === 1 ? (w.one || "1 answer is saved in this browser.")
      : (w.many || "{count} answers are saved in this browser.").replace("{count}", n);
  }

  function exportAnswers() {
    var data = read();
    data.exported = new Date().toISOString();
    try {  // the key that set this browser's order of the pre/post forms (knowledge.js)
      var key = window.localStorage.getItem("secondline.learner-key");
      if (key) data.learner = { display_name: "", key: key };
    } catch (e) { /* no storage: no key */ }
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = "secondline-answers-" + data.exported.slice(0, 10) + ".json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function clearAnswers() {
    var n = read().attempts.length;
    if (!n) { update(); return; }
    var ask = words().clear || "Clear all {count} saved answers in this browser? This cannot be undone.";
    if (!window.confirm(ask.replace("{count}", n))) return;
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing to clear */ }
    update();
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-site-action]");
    if (!el) return;
    var action = el.getAttribute("data-site-action");
    if (action === "export") exportAnswers();
    if (action === "clear") clearAnswers();
  });

  function init() {
    var b = box();
    if (b) b.hidden = false;  // the footer needs this script; without it, it stays hidden
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  // Another tab may have answered or cleared.
  window.addEventListener("storage", function (ev) { if (ev.key === KEY) update(); });
})();

(function () {
  "use strict";
  // The contents: open on a wide screen (a sticky column), closed behind a sticky "Contents" bar on a narrow one.
  // Without this script the contents are simply always open.
  var NARROW = "(max-width: 56rem)";

  function init() {
    var nav = document.querySelector(".site-toc"), box = nav && nav.querySelector(".site-toc-box");
    if (!box) return;
    var narrow = window.matchMedia ? window.matchMedia(NARROW) : { matches: false };
    function fit() { box.open = !narrow.matches; }
    fit();
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
    // On a narrow screen, following a link in the contents closes them, so the page shows.
    nav.addEventListener("click", function (ev) {
      if (narrow.matches && ev.target.closest && ev.target.closest("a")) box.open = false;
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && narrow.matches && box.open) { box.open = false; box.querySelector("summary").focus(); }
    });
    // Scroll the contents (not the page) so the current page's entry is in view: at once on a wide screen, and
    // when the contents are opened on a narrow one.
    var here = nav.querySelector(".site-toc-here");
    function showHere() { if (here) nav.scrollTop = Math.max(0, here.offsetTop - nav.offsetTop - 56); }
    if (!narrow.matches) showHere();
    box.addEventListener("toggle", function () { if (box.open && narrow.matches) showHere(); });
    // Mark the section being read in the page's outline: the last heading above the top third of the window.
    var links = nav.querySelectorAll(".site-outline a"), heads = [], byId = {};
    Array.prototype.forEach.call(links, function (a) {
      var h = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      if (h) { byId[h.id] = a; heads.push(h); }
    });
    if (!heads.length) return;
    var shown = null, queued = false;
    function mark() {
      queued = false;
      var now = null;
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].getBoundingClientRect().top < window.innerHeight / 3) now = byId[heads[i].id]; else break;
      }
      if (now === shown) return;
      if (shown) { shown.classList.remove("site-outline-now"); shown.removeAttribute("aria-current"); }
      if (now) { now.classList.add("site-outline-now"); now.setAttribute("aria-current", "location"); }
      shown = now;
    }
    window.addEventListener("scroll", function () {
      if (!queued) { queued = true; window.requestAnimationFrame(mark); }
    }, { passive: true });
    mark();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
