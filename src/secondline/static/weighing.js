/* Weighing: sliders say their level in words; "Reflect" and "Compare" fill the pre-rendered skeletons
   (factor names into lists, one of two pre-rendered sentences shown). Holds no content; never ranks a path. */
(function (SL) {
  function text(root, selector) {
    var t = root.querySelector("template" + selector);
    return t ? t.content.textContent : "";
  }
  function ratings(root) {
    var inputs = root.querySelectorAll("input[type=range][data-sl-factor]"), r = {}, order = [];
    for (var i = 0; i < inputs.length; i++) {
      var id = inputs[i].getAttribute("data-sl-factor");
      r[id] = +inputs[i].value; order.push(id);
    }
    return { r: r, order: order };
  }
  function top(v) {
    var max = -1, out = [], i;
    for (i = 0; i < v.order.length; i++) max = Math.max(max, v.r[v.order[i]]);
    for (i = 0; i < v.order.length; i++) if (v.r[v.order[i]] === max) out.push(v.order[i]);
    return out;
  }
  function allEqual(v) { return top(v).length === v.order.length; }
  function inverted(v) {
    var r = {};
    for (var i = 0; i < v.order.length; i++) r[v.order[i]] = 4 - v.r[v.order[i]];
    return { r: r, order: v.order };
  }
  function fillList(root, ul, ids, v) {
    ul.innerHTML = "";
    for (var i = 0; i < ids.length; i++) {
      var li = document.createElement("li");
      li.setAttribute("data-sl-factor", ids[i]);
      li.textContent = text(root, '[data-sl-factor-name="' + ids[i] + '"]');
      if (v) {
        var lvl = document.createElement("span");
        lvl.className = "sl-w-level";
        lvl.textContent = "(" + text(root, '[data-sl-level="' + v.r[ids[i]] + '"]') + ")";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(lvl);
      }
      ul.appendChild(li);
    }
  }
  function matches(topIds, el) {
    var fits = (el.getAttribute("data-sl-fits") || "").split(" "), out = [];
    for (var i = 0; i < topIds.length; i++) if (fits.indexOf(topIds[i]) >= 0) out.push(topIds[i]);
    return out;
  }
  function readout(root, input) {
    var words = text(root, '[data-sl-level="' + input.value + '"]');
    input.setAttribute("aria-valuetext", words);
    var out = root.querySelector('output[for="' + input.id + '"]');
    if (out) out.textContent = words;
  }
  if (!SL._weighingBound) {
    SL._weighingBound = true;
    document.addEventListener("input", function (ev) {
      var input = ev.target;
      if (!input.matches || !input.matches("input[type=range][data-sl-factor]")) return;
      var root = input.closest("[data-sl-kind=weighing]");
      if (root) readout(root, input);
    });
  }

  SL.on("weighing-reflect", function (root) {
    var v = ratings(root), topIds = top(v), box = document.createElement("div");
    box.innerHTML = SL.tpl(root, ".sl-w-reflection-tpl");
    fillList(root, box.querySelector('[data-sl-slot="top"]'), topIds, v);
    box.querySelector(".sl-w-all-equal").hidden = !allEqual(v);
    var paths = box.querySelectorAll(".sl-w-path");
    for (var i = 0; i < paths.length; i++) {
      var m = matches(topIds, paths[i]);
      fillList(root, paths[i].querySelector('[data-sl-slot="matches"]'), m);
      paths[i].querySelector(".sl-w-fit").hidden = !m.length;
      paths[i].querySelector(".sl-w-nofit").hidden = !!m.length;
    }
    root.querySelector(".sl-feedback").innerHTML = box.innerHTML;
    SL.emit("answer", { kind: "weighing", id: root.getAttribute("data-sl-id"), action: "reflect",
                        ratings: v.r, top: topIds });
  });

  SL.on("weighing-compare", function (root) {
    var v = ratings(root), w = inverted(v), sides = { mine: v, theirs: w }, box = document.createElement("div");
    box.innerHTML = SL.tpl(root, ".sl-w-compare-tpl");
    var same = allEqual(v);
    box.querySelector(".sl-w-compare-intro").hidden = same;
    box.querySelector(".sl-w-compare-same").hidden = !same;
    var cells = box.querySelectorAll("td[data-sl-side]");
    for (var i = 0; i < cells.length; i++) {
      var side = sides[cells[i].getAttribute("data-sl-side")], topIds = top(side);
      var row = cells[i].parentNode, slot = cells[i].querySelector("ul[data-sl-slot]");
      if (slot.getAttribute("data-sl-slot") === "top") { fillList(root, slot, topIds, side); continue; }
      var m = matches(topIds, row);
      fillList(root, slot, m);
      cells[i].querySelector(".sl-w-none").hidden = !!m.length;
    }
    root.querySelector(".sl-w-comparison").innerHTML = box.innerHTML;
    SL.emit("answer", { kind: "weighing", id: root.getAttribute("data-sl-id"), action: "compare",
                        ratings: v.r, top: top(v), other_top: top(w) });
  });
})(window.SecondLine);
