/* Trial-search practice: on Search, keep the cards whose data-sl-ok-<filter> lists the chosen value, fold the rest
   under "filtered out, and why" with their pre-rendered reasons, and show the count and the real API URL.
   Every word comes from <template>s and data attributes written by Python (static/trials.py). */
(function (SL) {
  function chosen(el) { return el.type === "checkbox" ? (el.checked ? el.value : "") : el.value; }
  function setting(el) { return el.type === "checkbox" ? el.checked : el.value || null; }
  function part(el) {
    if (el.type === "checkbox") return el.checked ? el.getAttribute("data-sl-part") : "";
    var opt = el.options[el.selectedIndex];
    return (opt && opt.getAttribute("data-sl-part")) || "";
  }
  SL.on("trials-search", function (root) {
    var controls = root.querySelectorAll("[data-sl-filter]"), picks = {}, filters = {}, found = [], i, j;
    for (i = 0; i < controls.length; i++) {
      picks[controls[i].getAttribute("data-sl-filter")] = controls[i];
      filters[controls[i].getAttribute("data-sl-filter")] = setting(controls[i]);
    }
    // Remember the original order once: cards move between the two lists.
    var cards = root._slCards || (root._slCards = [].slice.call(root.querySelectorAll(".sl-trial")));
    var matches = root.querySelector(".sl-matches"), out = root.querySelector(".sl-out");
    for (i = 0; i < cards.length; i++) {
      var card = cards[i], why = [];
      for (j = 0; j < controls.length; j++) {
        var name = controls[j].getAttribute("data-sl-filter"), v = chosen(controls[j]);
        if (v && card.getAttribute("data-sl-ok-" + name).indexOf("|" + v + "|") < 0) {
          why.push(SL.tpl(card, '[data-sl-why="' + name + '"]'));
        }
      }
      var box = card.querySelector(".sl-why");
      box.querySelector("ul").innerHTML = why.join("");
      box.hidden = !why.length;
      (why.length ? out : matches).appendChild(card);
      if (!why.length) found.push(card.getAttribute("data-sl-trial"));
    }
    var n = found.length, folded = root.querySelector(".sl-filtered-out");
    folded.hidden = n === cards.length;
    folded.querySelector("summary").innerHTML = SL.tpl(root, '[data-sl-out="' + (cards.length - n) + '"]');
    root.querySelector(".sl-trial-count").innerHTML = SL.tpl(root, '[data-sl-count="' + n + '"]');
    var code = root.querySelector(".sl-url"), order = code.getAttribute("data-sl-order").split(" "), parts = [];
    for (i = 0; i < order.length; i++) { var p = picks[order[i]] && part(picks[order[i]]); if (p) parts.push(p); }
    parts.push(code.getAttribute("data-sl-tail"));
    code.textContent = code.getAttribute("data-sl-base") + parts.join("&");
    SL.emit("answer", { kind: "trials", id: root.getAttribute("data-sl-id"), filters: filters, matches: found });
  });
})(window.SecondLine);
