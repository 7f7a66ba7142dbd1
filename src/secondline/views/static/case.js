/* Branching case: show one scene at a time; on Choose, show the debrief and move to the next scene.
   At an ending, list the path taken (copied from the pre-rendered debriefs). */
(function (SL) {
  function show(root, id) {
    var scenes = root.querySelectorAll("[data-sl-scene]");
    for (var i = 0; i < scenes.length; i++) {
      scenes[i].hidden = scenes[i].getAttribute("data-sl-scene") !== id;
    }
    return root.querySelector('[data-sl-scene="' + id + '"]');
  }
  SL.on("case-choose", function (root, button) {
    var scene = button.closest("[data-sl-scene]");
    var picked = scene.querySelector("input[type=radio]:checked");
    var fb = root.querySelector(".sl-feedback");
    if (!picked) { fb.innerHTML = SL.tpl(root, ".sl-nochoice"); return; }
    var t = scene.querySelector('template[data-sl-choice="' + picked.value + '"]');
    fb.innerHTML = t.innerHTML;
    root._slPath = (root._slPath || []).concat([t.innerHTML]);
    var next = show(root, t.getAttribute("data-sl-next"));
    SL.emit("answer", { kind: "case", id: root.getAttribute("data-sl-id"), scene: scene.getAttribute("data-sl-scene"),
                        choice: +picked.value, verdict: t.getAttribute("data-sl-verdict") });
    var path = next && next.querySelector(".sl-path");
    if (path) {
      // At an ending the path replaces the last debrief, which it already contains.
      fb.innerHTML = "";
      // The heading's words come from Python (static/case.py: data-sl-path-head), in the page's language.
      var head = document.createElement("h4");
      head.textContent = root.getAttribute("data-sl-path-head");
      path.innerHTML = "<ol><li>" + root._slPath.join("</li><li>") + "</li></ol>";
      path.insertBefore(head, path.firstChild);
    }
    var focus = next && (next.querySelector("input") || next.querySelector("button"));
    if (focus) focus.focus();
  });
  SL.on("case-restart", function (root) {
    root._slPath = [];
    var radios = root.querySelectorAll("input[type=radio]");
    for (var i = 0; i < radios.length; i++) radios[i].checked = false;
    root.querySelector(".sl-feedback").innerHTML = "";
    var first = show(root, root.getAttribute("data-sl-start"));
    var input = first && first.querySelector("input");
    if (input) input.focus();
  });
})(window.SecondLine);
