/* Question-list builder: collect ticked questions (in bank order) and typed ones into the printable page.
   Text goes in as DOM text nodes, never as HTML. Nothing is stored or sent. */
(function (SL) {
  function page(root) {
    var shell = root.querySelector("template.sl-qb-page").content.textContent;
    var doc = new DOMParser().parseFromString(shell, "text/html");
    var main = doc.querySelector("main");
    var answer = root.querySelector("template.sl-qb-answer").content.textContent;
    var count = 0;
    function section(title, questions) {
      if (!questions.length) return;
      var h = doc.createElement("h2"); h.textContent = title; main.appendChild(h);
      var ol = doc.createElement("ol");
      for (var i = 0; i < questions.length; i++) {
        var li = doc.createElement("li"); li.textContent = questions[i];
        var a = doc.createElement("div"); a.className = "answer"; a.textContent = answer;
        li.appendChild(a); ol.appendChild(li); count++;
      }
      main.appendChild(ol);
    }
    var groups = root.querySelectorAll("fieldset[data-sl-group]");
    for (var g = 0; g < groups.length; g++) {
      var picked = [], boxes = groups[g].querySelectorAll("input[type=checkbox]:checked");
      for (var b = 0; b < boxes.length; b++) picked.push(boxes[b].parentNode.querySelector(".sl-q").textContent);
      section(groups[g].getAttribute("data-sl-group"), picked);
    }
    var own = [], seen = {}, lines = root.querySelector("textarea.sl-own").value.split("\n");
    for (var l = 0; l < lines.length; l++) {
      var q = lines[l].replace(/\s+/g, " ").trim();
      if (q && !seen[q]) { seen[q] = 1; own.push(q); }
    }
    section(root.querySelector("template.sl-qb-own-title").content.textContent, own);
    return { html: "<!doctype html>\n" + doc.documentElement.outerHTML, count: count };
  }
  function make(root) {
    var p = page(root), fb = root.querySelector(".sl-feedback"), link = root.querySelector("a.sl-download");
    if (!p.count) { fb.innerHTML = SL.tpl(root, ".sl-nochoice"); link.hidden = true; return null; }
    if (link._url) URL.revokeObjectURL(link._url);
    link._url = URL.createObjectURL(new Blob([p.html], { type: "text/html" }));
    link.href = link._url; link.hidden = false;
    var done = root.querySelector(p.count === 1 ? "template.sl-qb-done-one" : "template.sl-qb-done-many");
    fb.textContent = done.content.textContent.replace("{count}", p.count);
    if (p.count > +root.getAttribute("data-sl-max")) fb.innerHTML += SL.tpl(root, ".sl-toomany");
    SL.emit("answer", { kind: "question-list", id: root.getAttribute("data-sl-id"), count: p.count });
    return p;
  }
  SL.on("qb-make", function (root) { make(root); });
  SL.on("qb-print", function (root) {
    var p = make(root);
    if (!p) return;
    var w = window.open("", "_blank");
    if (!w) { return; } // pop-ups blocked: the download link still works
    w.document.open(); w.document.write(p.html); w.document.close();
    w.focus(); w.print();
  });
})(window.SecondLine);
