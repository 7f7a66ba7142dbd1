"""The checked content as one JSON file, bundled into a build (the JupyterLite edition) and read with no YAML or pydantic.

cache.py keeps a pickled snapshot for kernels on the author's machine, checked against every content file's stamp.
A browser kernel (Pyodide) has no content/ folder and cannot install PyYAML: the build checks content/ once and
writes this bundle next to the package (`secondline/content/bundled.json`, only in the wheel the build makes).
The bundle is trusted, as the wheel's code is: it is never checked against files, only read. JSON rather than a
pickle, so it can be read by people and by other tools, and a newer Python cannot misread it.

Encoding: plain JSON for str, int, float, bool, None and lists; records as {"$": class-index, "v": [values]} with the
class table (model name and field names) once at the top; dates {"$": "d", "v": "2026-12-02"}; dicts
{"$": "m", "v": {...}}; the Content and ModuleContent dataclasses {"$": "Content", "v": {field: value}}.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from .course import Content, ModuleContent
from .readonly import Record, rebuild

BUNDLE_FORMAT = 1
BUNDLE_NAME = "bundled.json"
_DATACLASSES = {"Content": Content, "ModuleContent": ModuleContent}


def dumps(content: Content) -> str:
    """content (models or records) as the bundle's JSON text."""
    from .readonly import to_records

    classes: dict[tuple[str, tuple[str, ...]], int] = {}

    def enc(v):
        if isinstance(v, Record):
            key = (type(v).__name__, v._fields)
            idx = classes.setdefault(key, len(classes))
            return {"$": idx, "v": [enc(x) for x in v._values()]}
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {"$": type(v).__name__, "v": {f.name: enc(getattr(v, f.name)) for f in dataclasses.fields(v)
                                                 if f.metadata.get("snapshot", True)}}
        if isinstance(v, dt.date):
            return {"$": "d", "v": v.isoformat()}
        if isinstance(v, Path):
            return {"$": "p", "v": v.name}
        if isinstance(v, list | tuple):
            return [enc(x) for x in v]
        if isinstance(v, dict):
            return {"$": "m", "v": {str(k): enc(x) for k, x in v.items()}}
        if v is None or isinstance(v, str | int | float | bool):
            return v
        raise TypeError(f"the content bundle cannot hold a {type(v).__name__} ({v!r:.80})")

    body = enc(to_records(content))
    table = [[name, list(fields)] for (name, fields), _ in sorted(classes.items(), key=lambda kv: kv[1])]
    return json.dumps({"format": BUNDLE_FORMAT, "classes": table, "content": body}, ensure_ascii=False,
                      separators=(",", ":"))


def loads(text: str | bytes) -> Content:
    """The Content a bundle holds, as read-only records (the same shape a pickled snapshot gives)."""
    data = json.loads(text)
    if data.get("format") != BUNDLE_FORMAT:
        raise ValueError(f"content bundle format {data.get('format')!r}; this version reads {BUNDLE_FORMAT}")
    table = [(name, tuple(fields)) for name, fields in data["classes"]]

    def dec(v):
        if isinstance(v, list):
            return [dec(x) for x in v]
        if not isinstance(v, dict):
            return v
        tag = v["$"]
        if isinstance(tag, int):
            name, fields = table[tag]
            return rebuild(name, fields, tuple(dec(x) for x in v["v"]))
        if tag == "d":
            return dt.date.fromisoformat(v["v"])
        if tag == "p":
            return Path(v["v"])
        if tag == "m":
            return {k: dec(x) for k, x in v["v"].items()}
        return _DATACLASSES[tag](**{k: dec(x) for k, x in v["v"].items()})

    content = dec(data["content"])
    if not isinstance(content, Content):
        raise ValueError("a content bundle holds a Content at its top")
    return content


def bundle_name(lang: str = "en") -> str:
    """bundled.json for the English course; bundled-es.json for its Spanish translation (content/i18n.py)."""
    return BUNDLE_NAME if lang == "en" else BUNDLE_NAME.replace(".json", f"-{lang}.json")


def bundled_path(lang: str = "en") -> Path:
    """Where a build puts the bundle: beside this file, in the wheel it makes (never in the source tree)."""
    return Path(__file__).with_name(bundle_name(lang))


def read_bundled(lang: str = "en") -> Content | None:
    """The bundled content in `lang`, or None when this copy of the package has none (an author's checkout)."""
    path = bundled_path(lang)
    if not path.is_file():
        return None
    return loads(path.read_bytes())
