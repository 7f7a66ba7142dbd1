/* Second Line static runtime: makes exported interactions work with no kernel. No dependencies.
   Each interaction is a [data-sl-kind] element; buttons carry data-sl-action; feedback texts are
   pre-rendered in <template> elements by Python, so this file holds no content. */
(function () {
  if (window.SecondLine && window.SecondLine.ready) return;
  var SL = (window.SecondLine = { handlers: {} });
  SL.on = function (action, fn) { SL.handlers[action] = fn; };
  SL.emit = function (name, detail) {
    document.dispatchEvent(new CustomEvent("secondline:" + name, { detail: detail }));
  };
  SL.tpl = function (root, selector) {
    var t = root.querySelector("template" + selector);
    return t ? t.innerHTML : "";
  };
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-sl-action]");
    if (!el) return;
    var root = el.closest("[data-sl-kind]");
    var fn = SL.handlers[el.getAttribute("data-sl-action")];
    if (fn && root) { ev.preventDefault(); fn(root, el, ev); }
  });
  // Interaction files (static/*.js) follow this one in the same <script>; each registers its actions with
  // SecondLine.on("action-name", function (root, button, event) {...}). Registering twice is harmless.
  SL.on("check", function (root) {
    var picked = root.querySelector("input[type=radio]:checked");
    var fb = root.querySelector(".sl-feedback");
    if (!picked) { fb.innerHTML = SL.tpl(root, ".sl-nochoice"); return; }
    fb.innerHTML = SL.tpl(root, '[data-sl-choice="' + picked.value + '"]');
    var t = root.querySelector('template[data-sl-choice="' + picked.value + '"]');
    root.setAttribute("data-sl-answered", picked.value);
    // Every answer explained: only once an answer has been checked (its template holds it until then).
    var slot = root.querySelector(".sl-explained-slot");
    if (slot && !slot.firstChild) slot.innerHTML = SL.tpl(root, ".sl-explained");
    SL.emit("answer", { kind: root.getAttribute("data-sl-kind"), id: root.getAttribute("data-sl-id"),
                        choice: +picked.value, verdict: t && t.getAttribute("data-sl-verdict") });
  });
})();
