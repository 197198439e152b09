"""Compile the marking engine's hot modules with mypyc, beside their sources (about 3x faster).

    python scripts/compile_marking.py          # build, or rebuild after the sources changed
    python scripts/compile_marking.py --clean  # remove the compiled build (pure Python again)

Needs mypy (which brings mypyc), setuptools and a C compiler with the Python headers; the
set-up installs them. The build records a hash of each source it compiled, and
`csassess.marking._native` uses the compiled modules only while every source still matches,
so editing a source without rebuilding falls back to the sources rather than marking with old
code. Exits 1 with a one-line reason when the build fails; the engine still runs, pure Python.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "csassess" / "marking"

# _native by its path: importing the package would need its dependencies, which a wheel's
# build environment does not have
_spec = importlib.util.spec_from_file_location("_csassess_native", PACKAGE / "_native.py")
assert _spec is not None and _spec.loader is not None
_native = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_native)
COMPILED: tuple[str, ...] = _native.COMPILED
STAMP: Path = _native.STAMP
compiled_is_current = _native.compiled_is_current
pure_python_wanted = _native.pure_python_wanted
stamp_for = _native.stamp_for


@contextmanager
def quiet(log: Path) -> Iterator[None]:
    """Send everything written to stdout and stderr (the C compiler's too) to a log file."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("w", encoding="utf-8") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def built_files() -> list[Path]:
    """Every compiled file of a previous build: the modules and mypyc's shared library."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = [p for p in PACKAGE.iterdir() if p.name.endswith(suffixes) and p.name.split(".")[0] in COMPILED]
    found += [p for p in SRC.iterdir() if p.name.endswith(suffixes) and "__mypyc" in p.name]
    return found


def clean() -> None:
    """Remove the stamp first, so a half-removed build is never taken for current."""
    STAMP.unlink(missing_ok=True)
    for path in built_files():
        path.unlink()


def compile_into(out: Path) -> list[Path]:
    """Compile the modules into `out` (as they lie under src/, mypyc's shared library at the
    top) and return the files made, the build stamp last."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    files = [str((PACKAGE / f"{name}.py").relative_to(ROOT)) for name in COMPILED]
    cwd = Path.cwd()
    os.chdir(ROOT)  # mypy names modules from the paths: src/csassess/... is csassess....
    try:
        extensions = mypycify(
            ["--ignore-missing-imports", "--follow-imports=silent", *files],
            opt_level="3",
            target_dir=str(out / "c"),
        )
    finally:
        os.chdir(cwd)
    command = Distribution({"ext_modules": extensions}).get_command_obj("build_ext")
    command.build_lib = str(out / "lib")
    command.build_temp = str(out / "temp")
    command.ensure_finalized()
    command.run()
    stamp = out / "lib" / STAMP.relative_to(SRC)
    stamp.write_text(json.dumps(stamp_for(), indent=1) + "\n", encoding="utf-8")
    return [*(Path(output) for output in command.get_outputs()), stamp]


def build() -> None:
    """Compile into a scratch folder, then move the results beside the sources."""
    with tempfile.TemporaryDirectory(prefix="csassess-mypyc-") as scratch:
        work = Path(scratch)
        made = compile_into(work)
        clean()
        # the stamp goes last: only a complete build is ever used
        for output in made:
            target = SRC / output.relative_to(work / "lib")
            shutil.copy2(output, target.with_name(target.name + ".part"))
            target.with_name(target.name + ".part").replace(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled build")
    args = parser.parse_args()
    if args.clean:
        clean()
        print("marking engine: compiled build removed; pure Python")
        return 0
    if compiled_is_current():
        print("marking engine: compiled build is current")
        return 0
    log = ROOT / "build" / "compile_marking.log"
    log.parent.mkdir(exist_ok=True)
    try:
        with quiet(log):
            build()
    except (Exception, SystemExit) as exc:  # mypy errors exit; a missing compiler raises
        clean()
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        print(
            f"warning: the marking engine was not compiled ({reason}; see {log}); it runs as pure Python",
            file=sys.stderr,
        )
        return 1
    print(f"marking engine: compiled with mypyc ({len(COMPILED)} modules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
