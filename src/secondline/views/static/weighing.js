/* Values exercise: read the patient's priorities and their questions, then fill the pre-rendered sheet (EVERY option,
   in the page's order, gets the same questions) and the printable page. Text goes in as DOM text nodes, never as
   HTML. Holds no content; never scores, matches or reorders an option. Nothing is stored or sent. */
(function (SL) {
  function text(root, selector) {
    var t = root.querySelector("template" + selector);
    return t ? t.content.textContent : "";
  }
  function clean(s) { return s.replace(/\s+/g, " ").trim(); }
  // The learner's rows, as in interactions/weighing.py: blank rows dropped, ordered by how much each matters to her.
  function read(root) {
    var rows = root.querySelectorAll("fieldset[data-sl-row]"), out = [];
    for (var i = 0; i < rows.length; i++) {
      var value = clean(rows[i].querySelector('[data-sl-w="value"]').value);
      var question = clean(rows[i].querySelector('[data-sl-w="question"]').value);
      var level = +rows[i].querySelector('[data-sl-w="level"]').value;
      if (!value && !question) continue;
      if (!value || !question) return { error: value, missingValue: !value };
      out.push({ value: value, question: question, level: level, n: i });
    }
    out.sort(function (a, b) { return a.level - b.level || a.n - b.n; });
    return { rows: out };
  }
  function fill(doc, ol, items, answer) {
    for (var i = 0; i < items.length; i++) {
      var li = doc.createElement("li");
      li.textContent = items[i];
      if (answer) {
        var a = doc.createElement("div"); a.className = "answer"; a.textContent = answer; li.appendChild(a);
      }
      ol.appendChild(li);
    }
  }
  function sheet(root, rows) {
    var box = document.createElement("div"), questions = [], i;
    box.innerHTML = SL.tpl(root, ".sl-w-sheet-tpl");
    var prios = box.querySelector('[data-sl-slot="priorities"]');
    for (i = 0; i < rows.length; i++) {
      var li = document.createElement("li"), lvl = document.createElement("span");
      li.textContent = rows[i].value;
      lvl.className = "sl-w-level";
      lvl.textContent = "(" + text(root, '[data-sl-level="' + rows[i].level + '"]') + ")";
      li.appendChild(document.createTextNode(" "));
      li.appendChild(lvl);
      prios.appendChild(li);
      questions.push(rows[i].question);
    }
    var slots = box.querySelectorAll('[data-sl-slot="questions"]');
    for (i = 0; i < slots.length; i++) fill(document, slots[i], questions);
    return { html: box.innerHTML, questions: questions };
  }
  function page(root, rows, questions) {
    var doc = new DOMParser().parseFromString(text(root, ".sl-w-page"), "text/html"), i;
    var values = [];
    for (i = 0; i < rows.length; i++) values.push(rows[i].value);
    fill(doc, doc.querySelector("ol.priorities"), values);
    var lists = doc.querySelectorAll("main section[data-sl-path] ol"), answer = text(root, ".sl-w-answer");
    for (i = 0; i < lists.length; i++) fill(doc, lists[i], questions, answer);
    return "<!doctype html>\n" + doc.documentElement.outerHTML;
  }
  function make(root) {
    var r = read(root), fb = root.querySelector(".sl-feedback"), link = root.querySelector("a.sl-download");
    if (r.error !== undefined) {
      var p = document.createElement("p");
      p.textContent = r.missingValue ? text(root, ".sl-w-empty") : text(root, ".sl-w-noquestion").replace("{value}", r.error);
      fb.innerHTML = '<div class="sl-verdict"></div>';
      fb.firstChild.appendChild(p);
      link.hidden = true;
      return null;
    }
    if (!r.rows.length) { fb.innerHTML = SL.tpl(root, ".sl-w-empty"); link.hidden = true; return null; }
    var s = sheet(root, r.rows), html = page(root, r.rows, s.questions);
    fb.innerHTML = s.html;
    if (link._url) URL.revokeObjectURL(link._url);
    link._url = URL.createObjectURL(new Blob([html], { type: "text/html" }));
    link.href = link._url; link.hidden = false;
    // Only the count leaves the view: typed words are never recorded.
    SL.emit("answer", { kind: "weighing", id: root.getAttribute("data-sl-id"), action: "questions",
                        count: r.rows.length });
    return html;
  }
  SL.on("weighing-make", function (root) { make(root); });
  SL.on("weighing-print", function (root) {
    var html = make(root);
    if (!html) return;
    var w = window.open("", "_blank");
    if (!w) return; // pop-ups blocked: the download link still works
    w.document.open(); w.document.write(html); w.document.close();
    w.focus(); w.print();
  });
})(window.SecondLine);
