"""File names from candidate, centre and paper numbers that cannot leave the output folder.

Numbers come from answer scripts, which anyone can write: `../../etc/passwd`, `CON`, a name
with a slash, NUL or 300 characters. Each path component keeps letters, digits, `.`, `_` and
`-` only, never starts with a dot, and is at most 80 characters; a component that had to be
changed gets a short hash of the original, so two different numbers never share a file.
Numbers must stay apart on file systems that ignore case (Windows, macOS): with `fold_case`
(every component made from a number) only a number with no lower-case letters is kept as it
is, so `A-B` stays `A-B` and `a-b` becomes `a-b-<hash>`, and a kept number never ends like a
hashed one, so no number can borrow another's file.
Every path is checked to resolve inside the output folder before anything is written.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from csassess.findings import CsassessError

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
HASHED_TAIL = re.compile(r"-[0-9a-fA-F]{10}$")
FILE_SUFFIX = re.compile(r"\.[a-z]{2,5}$")  # `.html`, `.pdf`: ours, the same for every name
MAX_LENGTH = 80
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)


class UnsafePathError(CsassessError):
    """A report file would be written outside the output folder."""


def safe_component(raw: str, *, fold_case: bool = False) -> str:
    """One path component made safe; unchanged when it already was (and, with `fold_case`,
    when no other number can share its name where case is ignored)."""
    cleaned = UNSAFE.sub("_", raw).lstrip("._-")[:MAX_LENGTH].rstrip(".")
    stem = FILE_SUFFIX.sub("", cleaned)
    kept = (
        cleaned == raw
        and (not fold_case or (stem == stem.upper() and not HASHED_TAIL.search(stem)))
        and cleaned.split(".")[0].upper() not in WINDOWS_RESERVED
    )
    if cleaned and kept:
        return cleaned
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if cleaned.split(".")[0].upper() in WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    return f"{cleaned or 'x'}-{digest}"


def inside(root: Path, *components: str) -> Path:
    """root/components..., each made safe, checked to resolve inside root."""
    path = root.joinpath(*(safe_component(c) for c in components))
    resolved_root = root.resolve()
    if not path.resolve().is_relative_to(resolved_root) or path.resolve() == resolved_root:
        raise UnsafePathError(f"{path}: outside the output folder {root}")
    return path
