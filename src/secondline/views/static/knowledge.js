/* Knowledge check: score the form (best answers only), show a per-objective table, then each item's feedback
   (nothing is marked before the form is scored). The event carries the form (a or b) and every item's answer. */
(function (SL) {
  var KEY = "secondline.learner-key";
  // This browser's learner key: random, made once and kept in localStorage (null where storage is blocked).
  SL.learnerKey = function () {
    try {
      var k = window.localStorage.getItem(KEY);
      if (!k) {
        var bytes = new Uint8Array(16);
        if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
        else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
        k = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
        window.localStorage.setItem(KEY, k);
      }
      return k;
    } catch (e) { return null; }
  };
  // Counterbalancing: a stable hash (FNV-1a) of the key gives A before and B after, or the reverse.
  SL.formOrder = function () {
    var k = SL.learnerKey(), h = 2166136261;
    if (!k) return ["a", "b"];
    for (var i = 0; i < k.length; i++) { h ^= k.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return (h >>> 15) & 1 ? ["b", "a"] : ["a", "b"];
  };
  function choose() {
    var roots = document.querySelectorAll('[data-sl-kind="knowledge-check"][data-sl-choose]');
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i], form = SL.formOrder()[root.getAttribute("data-sl-id") === "post" ? 1 : 0];
      var blocks = root.querySelectorAll(".sl-kc-form");
      for (var j = 0; j < blocks.length; j++) blocks[j].hidden = blocks[j].getAttribute("data-sl-form") !== form;
      root.setAttribute("data-sl-form", form);
      root.removeAttribute("data-sl-choose");
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", choose); else choose();

  SL.on("kc-score", function (root) {
    var items = root.querySelectorAll(".sl-kc-form:not([hidden]) fieldset.sl-kc-item"), correct = 0, missing = 0, per = {}, order = [], answers = {};
    for (var i = 0; i < items.length; i++) {
      var it = items[i], obj = it.getAttribute("data-sl-objective");
      var picked = it.querySelector("input[type=radio]:checked");
      var fb = it.querySelector(".sl-kc-fb");
      if (!per[obj]) { per[obj] = [0, 0]; order.push(obj); }
      per[obj][1]++;
      answers[it.getAttribute("data-sl-item")] = picked ? +picked.value : null;
      if (!picked) { missing++; fb.innerHTML = ""; continue; }
      var t = it.querySelector('template[data-sl-choice="' + picked.value + '"]');
      fb.innerHTML = t.innerHTML;
      if (t.getAttribute("data-sl-verdict") === "best") { correct++; per[obj][0]++; }
    }
    var pct = Math.round(1000 * correct / items.length) / 10;
    // Every word comes from Python (static/knowledge.py: data-sl-words), in the page's language.
    var words = JSON.parse(root.getAttribute("data-sl-words"));
    function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; }); }
    var out = root.querySelector(".sl-feedback");
    out.innerHTML = "";
    var p = document.createElement("p");
    p.className = "sl-kc-total";
    p.textContent = fill(words.scored, { correct: correct, total: items.length, percent: pct });
    out.appendChild(p);
    var table = document.createElement("table"), head = table.insertRow();
    table.className = "sl-kc-table";
    [words.objective, words.correct].forEach(function (h) { var th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    var scores = {};
    order.forEach(function (obj) {
      var row = table.insertRow();
      row.insertCell().textContent = root.querySelector('template[data-sl-objective="' + obj + '"]').content.textContent;
      row.insertCell().textContent = fill(words.of, { correct: per[obj][0], asked: per[obj][1] });
      scores[obj] = per[obj];
    });
    out.appendChild(table);
    if (missing) out.innerHTML += SL.tpl(root, ".sl-unanswered");
    SL.emit("answer", { kind: "knowledge-check", id: root.getAttribute("data-sl-id"),
                        form: root.getAttribute("data-sl-form"), answers: answers, correct: correct,
                        total: items.length, percent: pct, per_objective: scores });
  });
})(window.SecondLine);
