"""Repository hygiene: ruff passes, build output is ignored, and every source file says what it is for."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not shutil.which("ruff", path=str(Path(sys.executable).parent)), reason="ruff not installed")
def test_ruff_passes():
    """Does ruff find nothing to complain about in src/ and tests/?"""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    r = subprocess.run([ruff, "check", "src", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_build_output_and_venv_ignored():
    """Are _build/ and .venv/ ignored by git?"""
    lines = (ROOT / ".gitignore").read_text().split()
    assert "_build/" in lines and ".venv/" in lines


def test_every_module_has_a_docstring():
    """Does each Python file open with a docstring saying what it is for?"""
    for path in (ROOT / "src" / "secondline").rglob("*.py"):
        assert ast.get_docstring(ast.parse(path.read_text())), path
