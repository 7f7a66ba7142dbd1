"""Every edition made from the one source (`secondline build site|slides|handouts|review|lite|scorm|all`), into _build/.

- build.py: the whole build and its command line; common.py: what every edition shares (errors, progress bar)
- execute.py: each notebook executed once, cached, shared by the site and the slides
- site.py (the website), slides.py (reveal.js decks), handouts.py (PDFs), review.py (the clinical review packet),
  lite.py (JupyterLite: the live notebooks in the browser on Pyodide, offline),
  scorm.py (the site as a SCORM 1.2 zip for hospitals' learning systems, checked against the XSDs)
- assets.py: files shipped beside the pages (runtime, page_assets/, reveal.js) and Chromium; templates/: Jinja2
"""
