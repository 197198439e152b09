"""`csassess report` end to end: what it writes, its exit codes and messages, parallel output the
same as serial, and file names that stay inside the output folder."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from reportdata import write_results
from typer.testing import CliRunner

from csassess.cli.app import app
from csassess.models import FrozenPaper
from csassess.store import Store


def run(*args: object):
    return CliRunner().invoke(app, ["report", *(str(a) for a in args)])


def test_writes_every_report_and_an_index_that_links_them(examples_html: Path):
    """50 candidate reports, the centre and assessor reports, and an index whose every link
    resolves to a written file; no temporary files left behind."""
    candidates = sorted((examples_html / "candidates").rglob("*.html"))
    assert len(candidates) == 50
    assert {p.parent.name for p in candidates} == {"C10234", "C20871", "C30555"}
    index = (examples_html / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) == 52
    assert all((examples_html / link).is_file() for link in links)
    assert not [p for p in examples_html.rglob("*") if p.name.endswith(".tmp")]


def test_summary_line_and_paths(examples_db: Path, tmp_path: Path):
    """The command says how many candidates and files, then where the summaries and index are."""
    out = tmp_path / "out"
    result = run("--db", examples_db, "--out", out, "--format", "html", "--workers", "0")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Reports for 50 candidates on 1 paper -> {out}: 52 HTML files, 0 PDFs"
    assert lines[1:] == [
        f"  {out / 'CS201-SAMPLE-A-centres.html'}",
        f"  {out / 'CS201-SAMPLE-A-items.html'}",
        f"  {out / 'index.html'}",
    ]


def test_worker_processes_write_the_same_files_as_one_process(crafted_db: Path, tmp_path: Path):
    """Rendering in 2 worker processes gives byte-for-byte the files one process writes."""
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert run("--db", crafted_db, "--out", serial, "--format", "html", "--workers", "0").exit_code == 0
    result = run("--db", crafted_db, "--out", parallel, "--format", "html", "--workers", "2")
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(serial) for p in serial.rglob("*.html"))
    assert files == sorted(p.relative_to(parallel) for p in parallel.rglob("*.html"))
    for name in files:
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


def test_usage_errors_exit_2_with_one_line(examples_db: Path, tmp_path: Path):
    """A missing database or template folder, or an unknown format: one line, exit 2."""
    cases = [
        (
            ("--db", tmp_path / "none.db", "--out", tmp_path / "o"),
            f"Error: {tmp_path / 'none.db'}: no such results database; run `csassess mark` first",
        ),
        (
            ("--db", examples_db, "--out", tmp_path / "o", "--format", "docx"),
            "Error: unknown format docx: use html, pdf or html,pdf",
        ),
        (
            ("--db", examples_db, "--out", tmp_path / "o", "--template-dir", tmp_path / "nope"),
            f"Error: {tmp_path / 'nope'}: no such file or folder",
        ),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.strip() == message
    assert not (tmp_path / "o").exists()


def test_a_database_without_results_exits_1(tmp_path: Path):
    """An empty results database has nothing to report: one line, exit 1."""
    db = tmp_path / "empty.db"
    Store(db).close()
    result = run("--db", db, "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {db}: no current results to report on; run `csassess mark` first"


def test_an_output_path_that_is_a_file_exits_1(crafted_db: Path, tmp_path: Path):
    """--out naming an existing file is refused before anything is written."""
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    result = run("--db", crafted_db, "--out", target, "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {target} exists and is not a folder"
    assert target.read_text(encoding="utf-8") == "mine"


def test_candidate_numbers_cannot_escape_the_output_folder(paper: FrozenPaper, tmp_path: Path):
    """Centre and candidate numbers with '../', slashes, dots and odd characters (written into
    the database directly: the script loader would refuse them) all land inside --out."""
    db = tmp_path / "work" / "results.db"
    db.parent.mkdir()
    first = paper.sections[0].items[0].item
    odd = [
        ("../..", "../../../escaped"),
        ("C1/../../x", "..\\..\\y"),
        (".", ".hidden"),
        ("C1", "a b<c>&\u00e9"),
    ]
    write_results(db, paper, [(c, n, None, {first.id: "A"}) for c, n in odd])
    out = tmp_path / "work" / "out"
    result = run("--db", db, "--out", out, "--format", "html", "--workers", "0")
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".html"]
    assert len(written) == 7  # 4 candidates, centre and assessor reports, index
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written)
    assert not any(part.startswith(".") for p in written for part in p.relative_to(out).parts)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM scripts").fetchone()[0] == 4


def test_a_killed_runs_temporaries_are_removed_by_the_next_run(examples_db: Path, tmp_path: Path):
    """A report run killed mid-write leaves hidden temporaries; the next run removes them."""
    out = tmp_path / "out"
    (out / "candidates").mkdir(parents=True)
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    leftover = out / "candidates" / f".0001.html.{int(child.stdout)}.x1y2z3.tmp"
    leftover.write_text("<p>half a rep", encoding="utf-8")
    result = run("--db", examples_db, "--out", out, "--format", "html", "--workers", "0")
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
