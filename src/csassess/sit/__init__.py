"""Sitting a paper offline: one self-contained HTML file that keeps every answer in the browser.

`candidate_view` picks, from an allow-list, the only parts of a frozen paper a candidate may
see; `build` renders them into the exam page. Nothing here reads keys or rubrics.
"""

from csassess.sit.build import ExamOptions, build_exam
from csassess.sit.candidate_view import candidate_view

__all__ = ["ExamOptions", "build_exam", "candidate_view"]
