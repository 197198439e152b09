"""csassess: an exam and assessment engine for vocational customer-service qualifications.

The Python API is `Content` (banks, rubrics and papers: check, mark one answer, freeze,
assemble) and `Results` (a results database: mark, review, second-mark, export, report), from
`csassess.api`. Names load on first use (PEP 562), so `import csassess` stays cheap.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from csassess.api import Content, Results
    from csassess.findings import ContentError, CsassessError, Finding
    from csassess.marking import AnswerMark
    from csassess.models import FrozenPaper
    from csassess.store import Change, StoreError

_PUBLIC = {
    "Content": "csassess.api",
    "Results": "csassess.api",
    "AnswerMark": "csassess.marking",
    "Change": "csassess.store",
    "ContentError": "csassess.findings",
    "CsassessError": "csassess.findings",
    "Finding": "csassess.findings",
    "FrozenPaper": "csassess.models",
    "StoreError": "csassess.store",
}
"""Public name -> the module that defines it."""

__all__ = [
    "AnswerMark",
    "Change",
    "Content",
    "ContentError",
    "CsassessError",
    "Finding",
    "FrozenPaper",
    "Results",
    "StoreError",
    "__version__",
]


def lazy_names(
    package: str, public: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A package's PEP 562 `__getattr__` and `__dir__`: each public name imported on first use."""
    namespace = sys.modules[package].__dict__

    def attribute(name: str) -> object:
        module = public.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value  # looked up once
        return value

    def names() -> list[str]:
        return sorted({*namespace, *public})

    return attribute, names


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC)
