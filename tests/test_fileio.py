"""Atomic writes: a killed writer's temporary is recognised by its dead process id and swept;
a live writer's is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from csassess.fileio import remove_stale_temporaries, stale_temporaries, write_atomic


def _dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    return int(child.stdout)


def test_a_temporary_names_its_writer(tmp_path: Path, monkeypatch):
    """The temporary beside the target carries the writing process's id."""
    seen: list[str] = []
    real_replace = Path.replace

    def spy(self: Path, target: Path) -> Path:
        seen.append(self.name)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", spy)
    write_atomic(tmp_path / "report.html", "<p>hi</p>")
    assert seen and seen[0].startswith(f".report.html.{os.getpid()}.") and seen[0].endswith(".tmp")
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "<p>hi</p>"


def test_only_a_dead_writers_temporaries_are_swept(tmp_path: Path):
    """What a killed run left is removed, a live run's temporary and ordinary files stay."""
    nested = tmp_path / "candidates" / "C1"
    nested.mkdir(parents=True)
    dead = nested / f".0001.html.{_dead_pid()}.abc123.tmp"
    live = tmp_path / f".index.html.{os.getpid()}.def456.tmp"
    ordinary = tmp_path / "notes.tmp"
    for path in (dead, live, ordinary):
        path.write_text("partial", encoding="utf-8")
    assert list(stale_temporaries(tmp_path)) == [dead]
    assert remove_stale_temporaries(tmp_path) == 1
    assert not dead.exists() and live.exists() and ordinary.exists()
