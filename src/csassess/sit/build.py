"""Rendering the offline exam: one HTML file with its CSS, JS and paper inline, and nothing else.

The page may make no request of any kind, so its Content-Security-Policy allows only the one
inline script and the one inline style, by their SHA-256 hashes computed here at build time.
The paper travels as JSON in a non-executing `<script type="application/json">` block with
`<`, `>` and `&` escaped, so no candidate-facing text can close the block or open a tag.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from markupsafe import Markup
from pydantic import ValidationError

from csassess.assembly.freeze import verify_frozen
from csassess.findings import CsassessError
from csassess.models import FrozenPaper
from csassess.models.script import AnswerScript, Arrangements, Candidate
from csassess.render.environment import make_environment, template_roots
from csassess.sit.arrangements import ArrangementList
from csassess.sit.candidate_view import candidate_view

OnTimeout = Literal["submit", "late"]
TEMPLATE = "exam.html.j2"
SCRIPT = "exam/exam.js"
STYLE = "exam/exam.css"
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
READER_FONT = "csassess Reader"
READER_FONT_FILES = {  # weight -> file under templates/exam/fonts (Atkinson Hyperlegible, OFL 1.1)
    400: "exam/fonts/atkinson-hyperlegible-latin-400-normal.woff2",
    700: "exam/fonts/atkinson-hyperlegible-latin-700-normal.woff2",
}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_PATTERN = re.compile(r"^[A-Z0-9]{4,32}$")
CODE_ROUNDS = 5000
"""SHA-256 rounds over the invigilator code: slows guessing a short code from the file a little."""


def new_invigilator_code() -> str:
    """A fresh 8-character code, shown as ABCD-EFGH."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return code[:4] + "-" + code[4:]


def normal_code(code: str) -> str:
    """The code as the page compares it: upper case, without spaces or hyphens."""
    return re.sub(r"[\s\-]", "", code).upper()


def code_check(code: str, salt: str) -> str:
    """What the page keeps instead of the code: SHA-256 iterated over the salt and the code."""
    digest = hashlib.sha256(f"{salt}:{normal_code(code)}".encode()).hexdigest()
    for _ in range(CODE_ROUNDS - 1):
        digest = hashlib.sha256(digest.encode()).hexdigest()
    return digest


class ExamBuildError(CsassessError):
    """The exam page cannot be built from these inputs."""


@dataclass(frozen=True)
class ExamOptions:
    """What the centre decides when building the exam file."""

    centre: str | None = None
    """Written into every script; when absent the candidate enters it."""
    on_timeout: OnTimeout = "submit"
    """submit: finish and download at time-out; late: keep answering, the script is late."""
    template_dir: Path | None = None
    """A folder of templates searched before the bundled ones (to restyle the page)."""
    arrangements: ArrangementList = field(default_factory=dict)
    """Access arrangements by candidate number, applied when that candidate starts."""
    invigilator_code: str = field(default_factory=new_invigilator_code)
    """What the invigilator enters to grant arrangements, resume breaks and clear a finished script."""


def _pattern(model: type[Any], field: str) -> str:
    """The regex a model puts on a field, so the page checks exactly what the loader will."""
    for meta in model.model_fields[field].metadata:
        pattern = getattr(meta, "pattern", None)
        if pattern:
            return str(pattern)
    raise LookupError(f"{model.__name__}.{field} has no pattern")  # a model change broke the page


CANDIDATE_PATTERN = _pattern(Candidate, "number")
CENTRE_PATTERN = _pattern(AnswerScript, "centre")


def embed_json(value: Any) -> Markup:
    """JSON safe inside a `<script>` block: no `</script>`, `<!--` or entity can appear in it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return Markup(re.sub(r"[<>&]", lambda m: JSON_ESCAPES[m.group()], text))


def csp_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def template_source(env: Environment, name: str) -> str:
    """A template file's text as written: inline JS and CSS that jinja must not touch."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def _inline(env: Environment, name: str, closing: str) -> str:
    text = template_source(env, name)
    if closing in text.lower():
        raise ExamBuildError(f"template {name} contains {closing!r}, which would end its inline block")
    return text


def _check_arrangements(arrangements: ArrangementList) -> None:
    """Each entry as the script model will read it back, so the page never writes a script the
    centre's loader refuses (callers other than `load_arrangements` may pass these)."""
    for number, granted in arrangements.items():
        if not re.fullmatch(CANDIDATE_PATTERN, number):
            raise ExamBuildError(f"arrangements: candidate number {number!r} is not valid")
        try:
            Arrangements.model_validate(granted)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ExamBuildError(f"arrangements for candidate {number}: {where}: {first['msg']}") from exc


def reader_font_faces(template_dir: Path | None) -> str:
    """`@font-face` rules carrying the reader-friendly font inside the page as data: URLs."""
    rules = []
    for weight, name in READER_FONT_FILES.items():
        path = next((root / name for root in template_roots(template_dir) if (root / name).is_file()), None)
        if path is None:
            raise ExamBuildError(f"the reader-friendly font {name} is missing from the templates")
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{READER_FONT}"; font-weight: {weight}; font-style: normal; '
            f'font-display: block; src: url(data:font/woff2;base64,{data}) format("woff2"); }}\n'
        )
    return "".join(rules)


def content_security_policy(script: str, style: str) -> str:
    """Nothing from anywhere: only these two inline blocks, data: images and no connections."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {csp_hash(script)}",
            f"style-src {csp_hash(style)}",
            "img-src data:",
            "font-src data:",
            "connect-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        )
    )


def build_exam(paper: FrozenPaper, options: ExamOptions | None = None) -> str:
    """The exam page for one frozen paper, as HTML text."""
    options = options or ExamOptions()
    if not verify_frozen(paper):
        raise ExamBuildError(
            f"frozen paper {paper.id} does not match its content_hash (edited after freezing?); "
            "freeze it again"
        )
    if options.centre is not None and not re.fullmatch(CENTRE_PATTERN, options.centre):
        raise ExamBuildError(
            f"centre number {options.centre!r} is not valid: use letters, digits and hyphens, "
            "up to 32, starting with a letter or digit"
        )
    if not CODE_PATTERN.fullmatch(normal_code(options.invigilator_code)):
        raise ExamBuildError(
            "invigilator code is not valid: use 4 to 32 letters and digits (spaces and hyphens are ignored)"
        )
    _check_arrangements(options.arrangements)
    env = make_environment(options.template_dir)
    script = _inline(env, SCRIPT, "</script")
    style = reader_font_faces(options.template_dir) + _inline(env, STYLE, "</style")
    salt = secrets.token_hex(8)
    data = {
        "paper": candidate_view(paper),
        "settings": {
            "centre": options.centre,
            "on_timeout": options.on_timeout,
            "candidate_pattern": CANDIDATE_PATTERN,
            "centre_pattern": CENTRE_PATTERN,
            "arrangements": options.arrangements,
            "invigilator": {
                "salt": salt,
                "check": code_check(options.invigilator_code, salt),
                "rounds": CODE_ROUNDS,
            },
            "reader_font": READER_FONT,
        },
    }
    return env.get_template(TEMPLATE).render(
        title=paper.title,
        paper_id=paper.id,
        form=paper.form,
        csp=content_security_policy(script, style),
        script=Markup(script),  # a template file, checked above for its closing tag
        style=Markup(style),
        data=embed_json(data),
    )
