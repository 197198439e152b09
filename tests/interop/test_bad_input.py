"""Hostile or broken files to import: one line naming the file and element, exit 1, nothing written."""

from __future__ import annotations

import zipfile

import pytest

from csassess.interop.detect import import_file
from csassess.interop.safexml import InteropError

MANIFEST = b"""<?xml version="1.0"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="M">
  <metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>
  <organizations/>
  <resources>
    <resource identifier="ITEM-1" type="imsqti_item_xmlv3p0" href="items/missing.xml">
      <file href="items/missing.xml"/>
    </resource>
  </resources>
</manifest>"""


def _bad_files(data, zip_of):
    """Each broken input, with the words its error must contain."""
    return {
        "malformed XML": (data / "bad-malformed-moodle-unclosed-tag.xml", "line 6: malformed XML"),
        "billion laughs": (
            data / "bad-billion-laughs-doctype.xml",
            "<!DOCTYPE>: a DOCTYPE or entity declaration",
        ),
        "zip slip ../": (zip_of("slip.zip", {"../outside.xml": b"<x/>"}), "../outside.xml: a path outside"),
        "zip slip absolute": (
            zip_of("abs.zip", {"/etc/cron.d/evil": b"x"}),
            "/etc/cron.d/evil: a path outside",
        ),
        "zip bomb": (zip_of("bomb.zip", {"items/big.xml": b"\0" * 5_000_000}), "refused as a zip bomb"),
        "no manifest": (
            zip_of("bare.zip", {"items/a.xml": b"<x/>"}),
            "imsmanifest.xml: the package has no manifest",
        ),
        "missing file": (
            zip_of("missing.zip", {"imsmanifest.xml": MANIFEST}),
            "<resource identifier='ITEM-1'>: items/missing.xml is not in the package",
        ),
    }


CASES = [
    "malformed XML",
    "billion laughs",
    "zip slip ../",
    "zip slip absolute",
    "zip bomb",
    "no manifest",
    "missing file",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_one_line_error_and_nothing_is_written(case, interop_data, zip_of, invoke, tmp_path):
    """The command prints one error line naming the file, exits 1 and writes no output folder."""
    path, words = _bad_files(interop_data, zip_of)[case]
    out = tmp_path / "out"
    result = invoke("bank", "import", path, "--out", out)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}") and words in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_external_entities_are_never_resolved(interop_data):
    """An XXE item is refused before parsing: /etc/passwd is never read, nothing is fetched."""
    path = interop_data / "bad-xxe-external-entity-qti-item.xml"
    with pytest.raises(InteropError, match="DOCTYPE or entity declaration"):
        import_file(path)


def test_a_bomb_is_refused_from_the_zip_directory_alone(zip_of, monkeypatch):
    """The size check happens before any member is read."""
    bomb = zip_of("bomb.zip", {"imsmanifest.xml": b"<m/>", "items/big.xml": b"\0" * 5_000_000})
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda *a, **k: pytest.fail("a member was read"))
    with pytest.raises(InteropError, match="zip bomb"):
        import_file(bomb)


def test_scripts_in_question_text_are_never_imported(interop_data, invoke, tmp_path):
    """A question whose HTML holds a script or an event handler is left out with the reason."""
    result = invoke(
        "bank", "import", interop_data / "bad-script-in-moodle-question-text.xml", "--out", tmp_path / "o"
    )
    assert result.exit_code == 1  # nothing could come in: no questions imported
    assert "<script> in <div>: active content is not imported" in result.stdout
    assert "<img onerror> in <div>: active content is not imported" in result.stdout
    assert not (tmp_path / "o").exists()


def test_entity_reference_inside_a_package_item_leaves_that_item_out(bundled_content, tmp_path, zip_of):
    """An item member with a DOCTYPE is reported not imported; the other items still come in."""
    from csassess.interop.qti3_write import package_files

    files = package_files(bundled_content)
    victim = next(name for name in files if name.startswith("items/"))
    files[victim] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    result = import_file(zip_of("one-bad.zip", files))
    assert len(result.left_out) == 1
    assert f"{victim}: <!DOCTYPE>" in result.left_out[0].reason
