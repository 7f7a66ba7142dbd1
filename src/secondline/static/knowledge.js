/* Knowledge check: score the form (best answers only), show a per-objective table, then each item's feedback
   (nothing is marked before the form is scored). The event carries the form (a or b) and every item's answer. */
(function (SL) {
  SL.on("kc-score", function (root) {
    var items = root.querySelectorAll("fieldset.sl-kc-item"), correct = 0, missing = 0, per = {}, order = [], answers = {};
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
    var out = root.querySelector(".sl-feedback");
    out.innerHTML = "";
    var p = document.createElement("p");
    p.className = "sl-kc-total";
    p.textContent = "You scored " + correct + " of " + items.length + " (" + pct + "%).";
    out.appendChild(p);
    var table = document.createElement("table"), head = table.insertRow();
    table.className = "sl-kc-table";
    ["Objective", "Correct"].forEach(function (h) { var th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
    var scores = {};
    order.forEach(function (obj) {
      var row = table.insertRow();
      row.insertCell().textContent = root.querySelector('template[data-sl-objective="' + obj + '"]').content.textContent;
      row.insertCell().textContent = per[obj][0] + " of " + per[obj][1];
      scores[obj] = per[obj];
    });
    out.appendChild(table);
    if (missing) out.innerHTML += SL.tpl(root, ".sl-unanswered");
    SL.emit("answer", { kind: "knowledge-check", id: root.getAttribute("data-sl-id"),
                        form: root.getAttribute("data-sl-form"), answers: answers, correct: correct,
                        total: items.length, percent: pct, per_objective: scores });
  });
})(window.SecondLine);
