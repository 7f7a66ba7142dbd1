/* Sort: on "Check my sorting", show each statement's pre-rendered feedback (right, wrong or not placed yet)
   and fill the numbers into the pre-rendered score sentence. Holds no content. */
(function (SL) {
  SL.on("sort-check", function (root) {
    var selects = root.querySelectorAll("select[data-sl-statement]");
    var fb = root.querySelector(".sl-feedback");
    var placements = {}, right = 0, unplaced = 0, lines = [];
    for (var i = 0; i < selects.length; i++) {
      var id = selects[i].getAttribute("data-sl-statement"), bin = selects[i].value;
      var outcome = "unplaced";
      if (bin) outcome = bin === binOf(root, id) ? "right" : "wrong";
      placements[id] = bin || null;
      if (outcome === "right") right++;
      if (outcome === "unplaced") unplaced++;
      lines.push(SL.tpl(root, '[data-sl-statement="' + id + '"][data-sl-outcome="' + outcome + '"]'));
    }
    if (unplaced === selects.length) { fb.innerHTML = SL.tpl(root, ".sl-nochoice"); return; }
    fb.innerHTML = SL.tpl(root, ".sl-score-tpl") + '<ol class="sl-sort-results">' + lines.join("") + "</ol>";
    fill(fb, "right", right); fill(fb, "total", selects.length); fill(fb, "unplaced", unplaced);
    var rest = fb.querySelector(".sl-score-unplaced");
    if (rest) rest.hidden = unplaced === 0;
    root.setAttribute("data-sl-answered", "");
    SL.emit("answer", { kind: "sort", id: root.getAttribute("data-sl-id"), placements: placements,
                        right: right, total: selects.length });
  });
  function fill(el, slot, n) {
    var s = el.querySelector('[data-sl-slot="' + slot + '"]');
    if (s) s.textContent = String(n);
  }
  function binOf(root, id) {
    var t = root.querySelector('template[data-sl-statement="' + id + '"][data-sl-outcome="right"]');
    return t ? t.getAttribute("data-sl-bin") : null;
  }
})(window.SecondLine);
