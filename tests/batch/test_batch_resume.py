"""Kill -9 and resume: `csassess mark` killed at any point, run again, marks each script exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from batchdata import CLI, synthetic_scripts

SCRIPTS = 150
TIMEOUT = 120


def committed(db: Path) -> int:
    """Scripts committed so far, read without disturbing the writer (0 before the schema exists)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM scripts").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def mark_command(paper: Path, scripts: Path, db: Path) -> list[str]:
    return [
        str(CLI),
        "mark",
        str(paper),
        str(scripts),
        "--db",
        str(db),
        "--workers",
        "1",
        "--chunk-size",
        "5",
    ]


def kill_when(command: list[str], db: Path, target: int, *, group: bool) -> None:
    """Start the command and SIGKILL it once `target` scripts are committed (at once when 0)."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + TIMEOUT
    while committed(db) < target and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if target == 0:
        time.sleep(0.8)  # inside start-up: paper loaded, workers starting, nothing written yet
    if group:
        os.killpg(process.pid, signal.SIGKILL)  # the whole machine going down: main and workers
    else:
        process.send_signal(signal.SIGKILL)  # only the main process: its workers must follow it
    process.wait(timeout=TIMEOUT)


def test_killed_runs_resume_marking_each_script_exactly_once(frozen_file, tmp_path):
    """Killed five times at different points and run again, every script has one result, marked once."""
    numbers = synthetic_scripts(tmp_path / "scripts", SCRIPTS)
    db = tmp_path / "r.db"
    command = mark_command(frozen_file, tmp_path / "scripts", db)
    for n, target in enumerate([0, 12, 48, 80, 110]):
        kill_when(command, db, target, group=n % 2 == 0)
    assert committed(db) < SCRIPTS, "the last kill should have come before the end"
    final = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert final.returncode == 0, final.stderr
    with sqlite3.connect(db) as conn:
        per_candidate = dict(
            conn.execute("SELECT candidate, COUNT(*) FROM scripts WHERE current = 1 GROUP BY candidate")
        )
        every_row = conn.execute("SELECT COUNT(*) FROM scripts").fetchone()[0]
        answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        runs = conn.execute("SELECT COUNT(*), COUNT(finished_at) FROM runs").fetchone()
    assert per_candidate == dict.fromkeys(numbers, 1)
    assert every_row == SCRIPTS  # nothing was marked twice, not even as history
    assert answers == SCRIPTS * 30
    assert runs[1] == 1  # only the last run finished (the first kill may come before any run began)
    assert runs[0] in (5, 6)
    already = int(final.stdout.split("skipped:")[1].split()[0])
    assert 0 < already < SCRIPTS


def test_no_worker_outlives_a_killed_run(frozen_file, tmp_path):
    """When only the main process is killed, its worker processes end too."""
    synthetic_scripts(tmp_path / "scripts", 60)
    db = tmp_path / "r.db"
    command = mark_command(frozen_file, tmp_path / "scripts", db)
    command[command.index("--workers") + 1] = "2"
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + TIMEOUT
    while committed(db) < 5 and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=TIMEOUT)
    for _ in range(200):
        try:
            os.killpg(process.pid, 0)  # anything left in the run's process group?
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("worker processes were still running 10 s after the main process was killed")
