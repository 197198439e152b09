"""Print sizes: the standard paper and the modified enlarged papers for access arrangements.

Modified enlarged papers keep A4 and the same questions, with a larger base font, wider line
spacing and taller answer lines, so a candidate who needs them writes as much as everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LargeSize = Literal[18, 24]
LINES_PER_MARK = {"short_answer": 3, "extended_response": 4}
"""Answer lines per mark when an item does not set its own `answer_lines`."""


@dataclass(frozen=True)
class Layout:
    """Sizes the templates print with (points and millimetres)."""

    font_pt: float = 11
    line_height: float = 1.4
    answer_line_mm: float = 9
    """Distance between ruled answer lines: room for handwriting at this size."""
    box_mm: float = 8
    """Side of a tick box or a digit box."""
    gutter_mm: float = 11
    """Left column the question numbers and part letters sit in."""
    large: LargeSize | None = None
    candidate_boxes: int = 4
    centre_boxes: int = 5
    """Digit boxes on the cover, as JCQ numbers candidates (4 digits) and centres (5)."""

    @property
    def footer_pt(self) -> int:
        """Running footer text: 9 pt, 14 pt on enlarged papers (larger would wrap the footer)."""
        return 14 if self.large else 9

    @property
    def suffix(self) -> str:
        """Added to file names so enlarged papers sit beside the standard ones: `-large24`."""
        return f"-large{self.large}" if self.large else ""


STANDARD = Layout()


def layout_for(large: LargeSize | None) -> Layout:
    """The standard layout, or an enlarged one at 18 or 24 pt."""
    if large is None:
        return STANDARD
    if large == 18:
        return Layout(font_pt=18, line_height=1.5, answer_line_mm=13, box_mm=11, gutter_mm=15, large=18)
    if large == 24:
        return Layout(font_pt=24, line_height=1.4, answer_line_mm=16, box_mm=13, gutter_mm=18, large=24)
    raise ValueError(f"large print is 18 or 24 pt, not {large}")
