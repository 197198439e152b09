"""Wheel build hook: a wheel carries the marking engine compiled with mypyc, beside its sources.

Compiling needs a C compiler and the Python headers. Without them (or with
CSASSESS_PURE_PYTHON=1) the wheel is pure Python and marks the same, only slower. Editable
installs are never compiled here: `scripts/compile_marking.py` builds beside the sources.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).parent


class CompileMarkingHook(BuildHookInterface):
    """Compile the marking engine's hot modules into the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        script = ROOT / "scripts" / "compile_marking.py"
        spec = importlib.util.spec_from_file_location("_csassess_compile", script)
        assert spec is not None and spec.loader is not None
        builder = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(builder)
        if builder.pure_python_wanted():
            return
        self._scratch = tempfile.TemporaryDirectory(prefix="csassess-wheel-mypyc-")
        work = Path(self._scratch.name)
        try:
            with builder.quiet(work / "compile.log"):
                made = builder.compile_into(work)
        except (Exception, SystemExit) as exc:  # no compiler, or mypy refused the sources
            print(f"warning: csassess's marking engine was not compiled ({exc}); the wheel is pure Python",
                  file=sys.stderr)  # fmt: skip
            return
        for path in made:
            build_data["force_include"][str(path)] = path.relative_to(work / "lib").as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            scratch.cleanup()
