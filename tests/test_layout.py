"""The package's layout: rooms a newcomer can name, imports with no circle, and views whose layers import one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "secondline"
ROOMS = {"content", "views", "editions", "record", "guide", "bench", "hub"}


def module_name(path: Path) -> tuple[str, bool]:
    """('secondline.record.store', False) for record/store.py; a package's __init__.py is the package itself."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def package_imports() -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere in its text: at the top, inside a function (a lazy
    import still makes a circle) or under TYPE_CHECKING. `from . import x` counts x when x is a module."""
    modules = {module_name(p)[0]: p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = module_name(path)[1]
        here = name.split(".") if is_package else name.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = here[:len(here) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other round a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_circle():
    """Does the check below see a circle when there is one (so its silence means something)?"""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_round_a_circle():
    """Does no module of the package import, even lazily, a module that imports it back?"""
    graph = package_imports()
    assert len(graph) > 50 and "secondline.content.cache" in graph["secondline.notebook"]
    assert cycles(graph) == []


def test_the_package_has_its_rooms():
    """Is the package grouped into the rooms the README names, with only the front doors left at the top?"""
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert rooms == ROOMS
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "cli.py", "notebook.py", "pdf.py", "templating.py"}


@pytest.mark.parametrize("layer, never", [
    ("secondline.views.logic", ("secondline.views.static", "secondline.views.live", "ipywidgets")),
    ("secondline.views.static", ("secondline.views.live", "ipywidgets")),
    ("secondline.content", ("secondline.views", "secondline.record", "secondline.editions", "ipywidgets")),
])
def test_imports_run_one_way(layer, never):
    """Does the pure logic never reach a view, the static views never reach ipywidgets, and content no view?"""
    graph = package_imports()
    for name, path in ((m, PACKAGE.parent.joinpath(*m.split("."))) for m in graph if m.startswith(layer)):
        text = " ".join(ast.unparse(n) for n in ast.walk(ast.parse(
            (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text(encoding="utf-8")))
            if isinstance(n, ast.Import | ast.ImportFrom))
        reached = [m for m in graph[name] if m.startswith(never)] + [w for w in never if "." not in w and w in text]
        assert not reached, f"{name} imports {reached}"


def test_every_module_imports_in_a_fresh_interpreter():
    """Does every module of the package import on its own (no module only works after another was imported)?"""
    names = sorted(package_imports())
    code = ("import importlib, sys\n"
            "for name in sys.argv[1:]:\n"
            "    for loaded in [m for m in sys.modules if m.startswith('secondline')]:\n"
            "        del sys.modules[loaded]\n"
            "    importlib.import_module(name)\n")
    r = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
