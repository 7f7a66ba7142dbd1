"""Learners' exported progress files, read safely: only regular files, their size checked before reading, and every
name and text made safe to show on one line (a report never breaks on a hostile file name or export)."""

from __future__ import annotations

import errno
import os
import stat
from html import escape
from pathlib import Path

from .format import MAX_IMPORT_BYTES, Record, RecordError

NAME_SHOWN = 80  # characters of a display name shown in the table (the file keeps all of it)


def esc(text: str) -> str:
    return escape(str(text), quote=True)


def short(text: str, limit: int = NAME_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the .json files in it, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


def clean(text: str) -> str:
    """Text from an export as it can be written out: a lone surrogate (JSON's "\\udcff") becomes U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def shown(name: str) -> str:
    """A file name (or path) as it can be shown on one line: bytes that are not UTF-8 and control characters (a
    newline, an escape) are written as escapes, so a name never breaks a line, a report or a terminal."""
    out = []
    for ch in name:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # a byte that is not UTF-8, kept by the file system's surrogateescape
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o < 0x20 or 0x7F <= o < 0xA0 or 0xD800 <= o <= 0xDFFF or o in (0x2028, 0x2029):
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


class ExportError(OSError):
    """An exported file that cannot be read as one; the message says why."""


def read_export(path: Path) -> bytes:
    """The bytes of one exported file. Only a regular file is read, and only after its size is checked: a FIFO
    would hang the read and a link to /dev/zero would fill the memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ExportError(_why(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ExportError("a folder, not a progress file")
        if not stat.S_ISREG(st.st_mode):
            raise ExportError("not a regular file (a pipe, device or socket), so it is not read")
        if st.st_size > MAX_IMPORT_BYTES:
            raise ExportError(f"the file is {st.st_size:,} bytes; a progress file is far smaller")
        chunks, size = [], 0
        while size <= MAX_IMPORT_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_IMPORT_BYTES:
            raise ExportError(f"the file is over {MAX_IMPORT_BYTES:,} bytes; a progress file is far smaller")
        return b"".join(chunks)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(_why(exc)) from None
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "cannot be read (no such file)"
    if exc.errno == errno.ELOOP:
        return "cannot be read (a link that loops back on itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"


def read_records(paths: list[str | Path]) -> tuple[list[tuple[Path, Record]], list[tuple[Path, str]]]:
    """Every readable record, and for each unreadable file, why (the others are still read)."""
    from .schema import parse_record  # pydantic, only when files are read

    good, bad = [], []
    for path in expand(paths):
        try:
            data = read_export(path)
        except ExportError as exc:
            bad.append((path, str(exc)))
            continue
        try:
            good.append((path, parse_record(data)))
        except RecordError as exc:
            bad.append((path, clean(str(exc))))
    return good, bad
