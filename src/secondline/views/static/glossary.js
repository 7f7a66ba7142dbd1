/* Glossary: filter the definition list as the learner types (term matches first, as in glossary.py), and show
   flashcards one at a time. Without JavaScript the full list and every card stay readable. Holds no content. */
(function (SL) {
  function norm(s) { return String(s).replace(/\s+/g, " ").replace(/^ | $/g, "").toLowerCase(); }
  function fill(el, slot, value) {
    var s = el.querySelector('[data-sl-slot="' + slot + '"]');
    if (s) s.textContent = String(value);
  }

  // ---- search: same ranking as glossary.search(): name starts with, name contains, definition contains
  function filter(root, query) {
    var q = norm(query), list = root.querySelector(".sl-g-list"), status = root.querySelector(".sl-g-status");
    var items = Array.prototype.slice.call(list.querySelectorAll(".sl-g-term")), groups = [[], [], []], hidden = [];
    items.sort(function (a, b) { return +a.getAttribute("data-sl-index") - +b.getAttribute("data-sl-index"); });
    for (var i = 0; i < items.length; i++) {
      var name = norm(items[i].querySelector("dt").textContent);
      var def = norm(items[i].querySelector(".sl-g-def").textContent);
      var rank = !q ? 0 : name.indexOf(q) === 0 ? 0 : name.indexOf(q) >= 0 ? 1 : def.indexOf(q) >= 0 ? 2 : -1;
      items[i].hidden = rank < 0;
      (rank < 0 ? hidden : groups[rank]).push(items[i]);
    }
    var ordered = groups[0].concat(groups[1], groups[2], hidden);
    for (i = 0; i < ordered.length; i++) list.appendChild(ordered[i]);
    var shown = items.length - hidden.length;
    if (!q) { status.innerHTML = ""; return shown; }
    if (!shown) {
      status.innerHTML = SL.tpl(root, ".sl-g-nomatch");
      fill(status, "query", query.trim());
    } else {
      status.innerHTML = SL.tpl(root, ".sl-g-count");
      fill(status, "shown", shown); fill(status, "total", items.length);
    }
    return shown;
  }

  // ---- flashcards: one card visible; moving wraps around and closes the card (term side up)
  function cards(root) { return root.querySelectorAll(".sl-g-card"); }
  function show(root, pos) {
    var all = cards(root), n = all.length;
    pos = ((pos % n) + n) % n;
    for (var i = 0; i < n; i++) {
      all[i].hidden = i !== pos;
      var d = all[i].querySelector("details");
      if (d) d.open = false;
    }
    root.setAttribute("data-sl-position", pos);
    var p = root.querySelector(".sl-g-position");
    if (p) fill(p, "number", pos + 1);
    return all[pos];
  }
  function init() {
    var roots = document.querySelectorAll('[data-sl-kind="glossary"][data-sl-mode="cards"]:not([data-sl-ready])');
    for (var i = 0; i < roots.length; i++) {
      if (!cards(roots[i]).length) continue;
      roots[i].setAttribute("data-sl-ready", "");
      var nav = roots[i].querySelectorAll(".sl-g-nav, .sl-g-position");
      for (var j = 0; j < nav.length; j++) nav[j].hidden = false;
      show(roots[i], 0);
    }
  }
  function move(root, step) {
    var card = show(root, +(root.getAttribute("data-sl-position") || 0) + step);
    SL.emit("answer", { kind: "glossary", id: root.getAttribute("data-sl-id"), action: step > 0 ? "next" : "previous",
                        term: card.getAttribute("data-sl-term") });
  }
  SL.on("glossary-next", function (root) { move(root, 1); });
  SL.on("glossary-previous", function (root) { move(root, -1); });
  SL.on("glossary-see", function (root, link) {
    var input = root.querySelector(".sl-g-query");
    if (input) { input.value = ""; filter(root, ""); }
    var target = root.querySelector('[data-sl-term="' + link.getAttribute("data-sl-target") + '"]');
    if (target) { target.scrollIntoView({ block: "start" }); target.focus(); }
  });

  if (!SL._glossaryBound) {
    SL._glossaryBound = true;
    document.addEventListener("input", function (ev) {
      var input = ev.target;
      if (!input.matches || !input.matches(".sl-g-query")) return;
      var root = input.closest('[data-sl-kind="glossary"]');
      if (root) filter(root, input.value);
    });
    document.addEventListener("toggle", function (ev) {
      var d = ev.target, card = d.closest && d.closest(".sl-g-card");
      if (!card || !d.open) return;
      var root = card.closest('[data-sl-kind="glossary"]');
      SL.emit("answer", { kind: "glossary", id: root.getAttribute("data-sl-id"), action: "flip",
                          term: card.getAttribute("data-sl-term") });
    }, true);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  }
  init();
})(window.SecondLine);
