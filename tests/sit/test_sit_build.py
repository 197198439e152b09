"""The exam page as built, without a browser: what it holds, what it must never hold, its CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sit_helpers import refreeze

from csassess.intake.digest import answers_digest
from csassess.models import FrozenPaper
from csassess.models.rubric import Rubric
from csassess.render.environment import make_environment
from csassess.sit import ExamOptions, build_exam
from csassess.sit.build import ExamBuildError, code_check, reader_font_faces, template_source

DATA_BLOCK = re.compile(r'<script type="application/json" id="paper">(.*?)</script>', re.DOTALL)
ALLOWED_FIELDS = {
    # paper head and sections
    *("paper", "settings", "id", "title", "form", "unit", "duration_minutes", "total_marks"),
    *("instructions", "content_hash", "sections", "items"),
    # questions and scenarios
    *("kind", "label", "stem", "marks", "options", "text", "choose", "setting", "parts"),
    *("organisation", "customer", "channel", "situation"),
    # the centre's build options
    *("centre", "on_timeout", "candidate_pattern", "centre_pattern", "reader_font"),
    # access arrangements by candidate number, and the check of the invigilator's code
    *("arrangements", "extra_time", "rest_breaks", "background", "font", "text_size", "granted_by"),
    *("invigilator", "salt", "check", "rounds"),
}


def embedded(page: str) -> dict[str, Any]:
    """The JSON data block of a built page."""
    found = DATA_BLOCK.search(page)
    assert found, "no data block"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def keys_of(value: Any) -> Iterator[str]:
    """Every mapping key anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from keys_of(child)
    elif isinstance(value, list):
        for child in value:
            yield from keys_of(child)


def strings_of(value: Any) -> Iterator[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from strings_of(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_of(child)


def examiner_sentences(rubric: Rubric) -> list[str]:
    """Rubric text written for examiners in whole sentences: never on a candidate's page."""
    texts = [mp.text for mp in rubric.marking_points] + [mp.feedback for mp in rubric.marking_points]
    texts += [level.descriptor for level in rubric.levels] + list(rubric.indicative_content)
    texts += [m.text for m in rubric.misconceptions] + [m.feedback for m in rubric.misconceptions]
    texts += [rule.description for rule in rubric.rules if rule.description]
    return texts + ([rubric.examiner_notes] if rubric.examiner_notes else [])


def examiner_phrases(rubric: Rubric) -> list[str]:
    """Evidence, terminology and misconception phrases: words that would hint at the marks."""
    phrases = [phrase for mp in rubric.marking_points for phrase in mp.evidence]
    phrases += [t.term for t in rubric.terminology]
    phrases += [p for t in rubric.terminology for p in (*t.evidence, *t.misuse)]
    return phrases + [p for m in rubric.misconceptions for p in m.patterns]


def norm(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def sample_page(sample_frozen: FrozenPaper) -> str:
    return build_exam(sample_frozen)


def test_candidate_data_holds_only_allow_listed_fields(sample_page):
    """Every field in the page's data is on the allow-list: no key, rubric, hash of a rubric or note."""
    data = embedded(sample_page)
    assert set(keys_of(data)) <= ALLOWED_FIELDS
    assert {"key", "keys", "rubrics", "rubric_hashes", "item_hash", "synonyms"}.isdisjoint(keys_of(data))


def test_page_holds_no_rubric_text(sample_page, sample_frozen):
    """No marking point, feedback, descriptor, examiner note or evidence phrase reaches the page,
    except words the paper or the page's own controls use (a stem may say "internal customer")."""
    rubrics = [r for s in sample_frozen.sections for fi in s.items for r in fi.rubrics.values()]
    assert len(rubrics) > 10
    page = norm(html.unescape(sample_page))
    sentences = {norm(text) for r in rubrics for text in examiner_sentences(r)}
    assert [s for s in sentences if s in page] == []
    # The page's own wording (a "Large print" button) is no leak, nor is the paper's own text.
    env = make_environment()
    chrome = " ".join(template_source(env, n) for n in ("exam.html.j2", "exam/exam.js", "exam/exam.css"))
    seen_by_candidate = norm(" ".join([*strings_of(embedded(sample_page)), chrome]))
    phrases = {norm(p) for r in rubrics for p in examiner_phrases(r) if len(p.split()) > 1}
    leaked = [p for p in phrases if p in page and p not in seen_by_candidate]
    assert leaked == []
    hashes = [
        h
        for s in sample_frozen.sections
        for fi in s.items
        for h in (fi.item_hash, *fi.rubric_hashes.values())
    ]
    assert [h for h in hashes if h in sample_page] == []


def test_multiple_response_says_how_many_but_not_which(sample_page, sample_frozen):
    """A multiple-response question shows "choose N" and its options, never its keys."""
    items = {fi.item.id: fi.item for s in sample_frozen.sections for fi in s.items}
    shown = {q["id"]: q for s in embedded(sample_page)["paper"]["sections"] for q in s["items"]}
    mr = [i for i in items.values() if i.kind == "multiple_response"]
    assert mr
    for item in mr:
        assert shown[item.id]["choose"] == len(item.keys)
        assert shown[item.id]["options"] == [{"id": o.id, "text": o.text} for o in item.options]


def test_scenario_parts_are_numbered_under_their_scenario(sample_page):
    """Items are numbered across the paper, scenario parts as 20(a), 20(b)..."""
    sections = embedded(sample_page)["paper"]["sections"]
    labels = [p.get("label") for s in sections for i in s["items"] for p in (i.get("parts") or [i])]
    assert labels[0] == "1"
    assert "20(a)" in labels and "20(b)" in labels
    assert len(labels) == len(set(labels))


def test_inline_script_and_style_are_allowed_by_hash_and_nothing_else(sample_page):
    """The CSP allows exactly the page's one script and one style, by hash, and no request at all."""
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', sample_page)
    assert meta
    csp = dict(d.strip().split(" ", 1) for d in html.unescape(meta.group(1)).split(";"))
    script = re.search(r"<script>(.*?)</script>", sample_page, re.DOTALL)
    style = re.search(r"<style>(.*?)</style>", sample_page, re.DOTALL)
    assert script and style

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert csp == {
        "default-src": "'none'",
        "script-src": sha(script.group(1)),
        "style-src": sha(style.group(1)),
        "img-src": "data:",
        "font-src": "data:",
        "connect-src": "'none'",
        "form-action": "'none'",
        "base-uri": "'none'",
    }
    assert sample_page.count("<script") == 2
    assert re.search(r"https?://", sample_page) is None
    assert re.findall(r'\s(?:src|href)="([^"]*)"', sample_page) == ["data:,", "#main-area"]


def test_candidate_text_cannot_break_out_of_the_page(sample_frozen):
    """Markup in a stem, setting or title stays text: the data block and the title cannot be closed."""
    attack = "</script><script>alert(1)</script><!-- & -->"

    def edit(body: dict[str, Any]) -> None:
        body["title"] = "Evil </title><script>alert(2)</script>"
        body["sections"][0]["items"][0]["item"]["stem"] = attack
        scenario = next(
            fi["item"] for s in body["sections"] for fi in s["items"] if fi["item"]["kind"] == "scenario"
        )
        scenario["setting"]["situation"] = attack

    page = build_exam(refreeze(sample_frozen, edit))
    assert page.count("<script") == 2
    assert "alert(1)</script>" not in page
    assert "<title>Evil &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; (form A)</title>" in page
    data = embedded(page)["paper"]
    assert data["sections"][0]["items"][0]["stem"] == attack
    assert attack in [i.get("setting", {}).get("situation") for s in data["sections"] for i in s["items"]]


def test_a_paper_edited_after_freezing_is_refused(sample_frozen):
    """An exam built from a hand-edited frozen paper would give scripts that mark against the wrong text."""
    body = sample_frozen.model_dump(mode="json")
    body["title"] = "Edited by hand"
    edited = FrozenPaper.model_validate(body, strict=False)
    with pytest.raises(ExamBuildError, match="does not match its content_hash"):
        build_exam(edited)


def test_centre_number_is_checked_at_build_time(sample_frozen):
    """A centre number the script model would reject is refused before any exam is handed out."""
    with pytest.raises(ExamBuildError, match="centre number 'bad centre!' is not valid"):
        build_exam(sample_frozen, ExamOptions(centre="bad centre!"))


def test_python_digest_is_sha256_of_canonical_answers():
    """The digest hashes the UTF-8 of sorted, spaceless JSON with non-ASCII written as itself."""
    answers = {"Q2": 'café "quoted"\n😀', "Q1": ["A", "C"]}
    canonical = '{"Q1":["A","C"],"Q2":"café \\"quoted\\"\\n😀"}'
    assert answers_digest(answers) == "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_cli_builds_the_exam(invoke, frozen_file, tmp_path):
    """`csassess sit build` writes the page and says what it built, with the centre's options in it."""
    out = tmp_path / "exam.html"
    result = invoke("sit", "build", frozen_file, "--out", out, "--centre", "C-77", "--on-timeout", "late")
    assert result.exit_code == 0, result.output
    built, code_line = result.stdout.strip().splitlines()
    assert built == f"Built the offline exam for CS201-SAMPLE form A (90 min, on time-out: late) -> {out}"
    code = re.fullmatch(r"Invigilator code: ([A-Z2-9]{4}-[A-Z2-9]{4}) \(keep it from candidates\)", code_line)
    assert code, code_line
    settings = embedded(out.read_text(encoding="utf-8"))["settings"]
    assert (settings["centre"], settings["on_timeout"]) == ("C-77", "late")
    assert settings["invigilator"]["check"] == code_check(code.group(1), settings["invigilator"]["salt"])
    assert code.group(1) not in out.read_text(encoding="utf-8")


def test_cli_reports_bad_input_in_one_line(invoke, frozen_file, tmp_path):
    """A missing file is a usage error; a bad centre number is one line that says what to use."""
    missing = invoke("sit", "build", tmp_path / "nope.json", "--out", tmp_path / "x.html")
    assert missing.exit_code == 2
    assert "nope.json: no such file" in missing.output
    bad = invoke("sit", "build", frozen_file, "--out", tmp_path / "x.html", "--centre", "no spaces")
    assert bad.exit_code == 1
    assert bad.output.strip().startswith("Error: centre number 'no spaces' is not valid")
    assert not (tmp_path / "x.html").exists()


def test_cli_refuses_a_file_that_is_not_a_frozen_paper(invoke, tmp_path):
    """Giving the paper YAML instead of the frozen paper points at its kind."""
    paper = Path(__file__).parents[2] / "papers" / "cs201-sample.yaml"
    result = invoke("sit", "build", paper, "--out", tmp_path / "x.html")
    assert result.exit_code == 1
    assert "expected a frozen_paper file, got 'paper'" in result.output


def test_a_centre_template_folder_restyles_the_page_and_the_csp_follows(sample_frozen, tmp_path):
    """A user's exam/exam.css replaces the bundled one, and the CSP allows exactly the new style."""
    (tmp_path / "exam").mkdir()
    css = "body { background: #fdf6e3; }\n"
    (tmp_path / "exam" / "exam.css").write_text(css, encoding="utf-8")
    page = build_exam(sample_frozen, ExamOptions(template_dir=tmp_path))
    style = reader_font_faces(tmp_path) + css  # the bundled reader font comes first
    assert f"<style>{style}</style>" in page
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src &#39;sha256-{digest}&#39;" in page


def test_an_inline_asset_that_would_close_its_block_is_refused(sample_frozen, tmp_path):
    """A template script containing </script> would end the page's script early: the build stops."""
    (tmp_path / "exam").mkdir()
    (tmp_path / "exam" / "exam.js").write_text('console.log("</SCRIPT>");\n', encoding="utf-8")
    with pytest.raises(ExamBuildError, match="contains '</script'"):
        build_exam(sample_frozen, ExamOptions(template_dir=tmp_path))
