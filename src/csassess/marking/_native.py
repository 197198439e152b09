"""Which build of the marking engine runs: mypyc-compiled modules, or their Python sources.

The hot modules of the engine can be compiled with mypyc (`scripts/compile_marking.py`, run by
the set-up) into extension modules that sit beside their sources and mark about 3x faster.
Python prefers an extension module to a source file, so a compiled build that no longer
matches its sources would silently mark with old code: the build records a hash of every
source it compiled, and unless all of them still match, every compiled module is set aside
and the sources are imported instead (the modules call each other natively, so it is all or
none). `CSASSESS_PURE_PYTHON=1` sets them aside too. Marks are the same either way; the tests
check that.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

COMPILED = (
    "result", "chunks", "text", "match", "evidence", "compile", "rules", "review", "fuzzy", "marker",
)  # fmt: skip
"""The modules compiled, by name within csassess.marking."""
FOLDER = Path(__file__).parent
STAMP = FOLDER / "_compiled.json"
"""Written by the build: the interpreter it was built for and the hash of each source."""
PURE_PYTHON_ENV = "CSASSESS_PURE_PYTHON"


def source_hashes(folder: Path = FOLDER) -> dict[str, str]:
    """SHA-256 of each compiled module's source, by module name."""
    return {name: hashlib.sha256((folder / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED}


def stamp_for(folder: Path = FOLDER) -> dict[str, object]:
    """What the build records beside the compiled modules."""
    return {"cache_tag": sys.implementation.cache_tag, "sources": source_hashes(folder)}


def _extension_files() -> list[Path]:
    return [
        path
        for name in COMPILED
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        if (path := FOLDER / f"{name}{suffix}").exists()
    ]


def compiled_is_current() -> bool:
    """Whether a compiled build is here and was built from exactly these sources."""
    if len(_extension_files()) != len(COMPILED):
        return False
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(stamp, dict) and stamp == stamp_for()


class _SourcesOnly:
    """Import finder that loads the compiled modules' Python sources instead."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in self.names:
            return None
        return importlib.util.spec_from_file_location(fullname, FOLDER / f"{fullname.rsplit('.', 1)[1]}.py")


def pure_python_wanted() -> bool:
    """Whether CSASSESS_PURE_PYTHON asks for the sources (for marking, and for a wheel)."""
    return os.environ.get(PURE_PYTHON_ENV, "") not in ("", "0")


def choose_build() -> None:
    """Set the compiled modules aside unless they are current and wanted (call before any of
    them is imported)."""
    if not _extension_files():
        return
    if pure_python_wanted() or not compiled_is_current():
        sys.meta_path.insert(0, _SourcesOnly(frozenset(f"{__package__}.{name}" for name in COMPILED)))


def build_in_use() -> str:
    """'compiled' when the imported marking modules are extension modules, else 'pure Python'."""
    modules = [sys.modules.get(f"{__package__}.{name}") for name in COMPILED]
    files = [str(getattr(module, "__file__", "") or "") for module in modules]
    compiled = all(f.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)) for f in files)
    return "compiled (mypyc)" if compiled else "pure Python"
