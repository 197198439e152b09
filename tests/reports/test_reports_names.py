"""File names from candidate and centre numbers never leave the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from csassess.reports.names import UnsafePathError, inside, safe_component

ODD = [
    "../../etc/passwd",
    "..",
    ".",
    "",
    "a/b",
    "a\\b",
    "CON",
    "nul.txt",
    "x" * 300,
    "caf\u00e9 <b>",
    "\x00\n",
]


@pytest.mark.parametrize("raw", ODD)
def test_odd_numbers_become_one_plain_component(raw):
    """No separators, no leading dot, nothing reserved, at most 91 characters."""
    name = safe_component(raw)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name and len(name) <= 91
    assert name.split(".")[0].upper() not in {"CON", "NUL"}


def test_plain_numbers_are_kept_and_changed_ones_never_collide():
    """`0001` stays `0001`; `a/b` and `a_b` (same after cleaning) get different names."""
    assert safe_component("0001") == "0001"
    assert safe_component("C10234") == "C10234"
    names = [safe_component(raw) for raw in [*ODD, "a_b", "etc_passwd"]]
    assert len(set(names)) == len(names)


def test_numbers_that_differ_only_in_case_get_different_files():
    """`a-b` and `A-B` would share a file where case is ignored: upper case stays as it is, a
    name with lower case gets a hash, and no kept name can look like a hashed one."""
    assert safe_component("A-B", fold_case=True) == "A-B"
    assert safe_component("a-b", fold_case=True) != "a-b"
    lookalike = safe_component("a-b", fold_case=True).upper()  # a number written to borrow a-b's file
    names = [safe_component(raw, fold_case=True) for raw in ["a-b", "A-B", "a-B", lookalike]]
    assert len({name.casefold() for name in names}) == len(names)


def test_inside_keeps_every_path_under_the_root(tmp_path: Path):
    """Each component is cleaned, so the joined path resolves inside the root."""
    root = tmp_path / "out"
    for raw in ODD:
        assert inside(root, "candidates", raw, raw).resolve().is_relative_to(root.resolve())


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path):
    """A folder inside the output that links elsewhere cannot be used to write outside."""
    root, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "candidates").symlink_to(elsewhere)
    with pytest.raises(UnsafePathError):
        inside(root, "candidates", "0001")
