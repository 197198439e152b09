"""Hostile YAML: nesting deep enough to exhaust PyYAML's recursion, digit strings too long for
Python's int, and paths that are not regular files. Each is one finding, never a traceback."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from csassess.content import yamlsafe

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"


@pytest.mark.parametrize(
    ("name", "line"),
    [("deep-flow-sequence.yaml", 2), ("deep-flow-mapping.yaml", 2), ("deep-block-sequence.yaml", 3)],
)
def test_nesting_past_the_limit_is_one_finding(name: str, line: int):
    """A file nested hundreds or thousands of levels deep is refused at the level where it
    passes the limit, while composing, not with PyYAML's RecursionError."""
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.read_file(HOSTILE / name)
    finding = caught.value.finding
    assert finding.message == f"nested deeper than {yamlsafe.MAX_DEPTH} levels"
    assert finding.line == line


def test_nesting_at_the_limit_is_read(tmp_path: Path):
    """Nesting just inside the limit still reads, so the limit is not off by one."""
    lists = yamlsafe.MAX_DEPTH - 1  # the document's own mapping is the first level
    path = tmp_path / "deep-but-fine.yaml"
    path.write_text("a: " + "[" * lists + "]" * lists + "\n", encoding="utf-8")
    value, depth = yamlsafe.read_file(path).data["a"], 1
    while value:
        value, depth = value[0], depth + 1
    assert (value, depth) == ([], lists)
    path.write_text("a: " + "[" * (lists + 1) + "]" * (lists + 1) + "\n", encoding="utf-8")
    with pytest.raises(yamlsafe.YamlError):
        yamlsafe.read_file(path)


def test_an_integer_of_5000_digits_is_one_finding():
    """A digit string past Python's int limit is refused at its line, naming its length."""
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.read_file(HOSTILE / "huge-integer.yaml")
    finding = caught.value.finding
    assert (finding.line, finding.field) == (2, "unit")
    assert finding.message == f"a number of 5000 digits; at most {yamlsafe.MAX_DIGITS} are read"


def test_a_fifo_is_refused_at_once(tmp_path: Path):
    """A FIFO given as a file is refused without waiting for a writer."""
    fifo = tmp_path / "script.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            yamlsafe.read_file(fifo)
        except BaseException as exc:  # handed back to the test thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "reading a FIFO hung"
    assert isinstance(outcome[0], yamlsafe.YamlError)
    assert "not a regular file" in outcome[0].finding.message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused_without_reading(device: str):
    """/dev/zero and /dev/urandom report size 0 but never end: they are refused as not regular
    files, in well under a second, without reading them."""
    start = time.perf_counter()
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.read_file(Path(device))
    assert "not a regular file" in caught.value.finding.message
    assert time.perf_counter() - start < 1


def test_json_with_characters_yaml_refuses_is_read_as_json(tmp_path: Path):
    """Valid JSON with a raw U+007F and U+FFFE in a string reads as JSON does, at the right
    lines, where YAML's reader would refuse the whole file on "line 1"."""
    path = tmp_path / "script.json"
    path.write_text('{\n  "kind": "answer_script",\n  "text": "a\u007fb\ufffe"\n}\n', encoding="utf-8")
    doc = yamlsafe.read_file(path)
    assert doc.data == {"kind": "answer_script", "text": "a\u007fb\ufffe"}
    assert doc.position(("text",)).line == 3


def test_malformed_json_names_the_json_readers_line(tmp_path: Path):
    """A JSON syntax error is reported by the JSON reader at its own line and column."""
    path = tmp_path / "script.json"
    path.write_text('{\n  "kind": "answer_script",\n  "text": "x" "y"\n}\n', encoding="utf-8")
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.read_file(path)
    finding = caught.value.finding
    assert (finding.line, finding.field) == (3, "(json)")
    assert finding.message.startswith("invalid JSON: ")


def test_a_lone_surrogate_in_text_is_one_finding(tmp_path: Path):
    """`"\\ud800"` decodes to half a character, which no database or page can encode: it is
    refused at its field."""
    path = tmp_path / "script.json"
    path.write_text('{"kind": "answer_script",\n "answer": "I would \\ud800 escalate"}\n', encoding="utf-8")
    with pytest.raises(yamlsafe.YamlError) as caught:
        yamlsafe.read_file(path)
    assert (caught.value.finding.line, caught.value.finding.field) == (2, "answer")
    assert "lone surrogate" in caught.value.finding.message
