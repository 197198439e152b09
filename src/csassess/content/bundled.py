"""Where the bundled sample content is: the banks, rubrics, papers, templates and examples."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_root() -> Path:
    """Where the sample banks, rubrics, papers and templates are.

    In a wheel they ship inside the package (`csassess/bundled`); in a source checkout they
    are the repository's top-level folders.
    """
    packaged = Path(str(resources.files("csassess"))) / "bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3]


def bundled_paths() -> list[Path]:
    """The bundled content folders `csassess validate` checks by default."""
    root = bundled_root()
    return [root / name for name in ("banks", "rubrics", "papers") if (root / name).is_dir()]
