"""`csassess --help` starts at once: it imports none of the heavy libraries the commands use."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "numpy",
    "ortools",
    "jinja2",
    "weasyprint",
    "typst",
    "matplotlib",
    "openpyxl",
    "rapidfuzz",
    "pydantic",
    "yaml",
    "rich",
    "csassess.marking",
    "csassess.models",
    "csassess.store.core",
    "csassess.reports",
    "csassess.render",
    "csassess.batch",
)

PROBE = """
import json, sys
from csassess.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _loaded_by(*argv: str) -> tuple[int, set[str]]:
    """The exit code and every module loaded, running the CLI with `argv` in a fresh interpreter."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True, timeout=60
    )
    probe = json.loads(run.stdout.splitlines()[-1])
    return probe["code"], set(probe["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return [h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules)]


def test_help_imports_no_heavy_library():
    """`csassess --help` loads neither numpy, ortools, jinja2, the PDF engines, rich nor the library."""
    code, modules = _loaded_by("--help")
    assert code == 0
    assert _heavy(modules) == []


def test_a_group_and_a_command_help_import_no_heavy_library():
    """`csassess paper --help` and `csassess mark --help` load none of the library's heavy parts.

    (typer itself reads a subcommand's options through pydantic, so pydantic alone may load.)
    """
    for argv in (["paper", "--help"], ["mark", "--help"], ["review", "decide", "--help"]):
        code, modules = _loaded_by(*argv)
        assert code == 0, argv
        assert [h for h in _heavy(modules) if h != "pydantic"] == [], argv


def test_the_probe_sees_a_command_load_what_it_needs(tmp_path):
    """The same probe run on `validate` does load the models: the check above can fail."""
    code, modules = _loaded_by("validate", "--format", "json")
    assert code == 0
    assert "csassess.models" in modules
    assert "pydantic" in modules
