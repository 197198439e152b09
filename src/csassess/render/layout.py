"""Print sizes: the standard paper and the modified enlarged papers for access arrangements.

Modified enlarged papers keep A4 and the same questions, with a larger base font, wider line
spacing and taller answer lines, so a candidate who needs them writes as much as everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

LargeSize = Literal[18, 24]
PageColour = Literal["white", "cream", "yellow"]
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
    page_colour: PageColour = "white"
    """Cream or yellow paper for candidates who read more easily on a tint."""

    @property
    def footer_pt(self) -> int:
        """Running footer text: 9 pt, 14 pt on enlarged papers (larger would wrap the footer)."""
        return 14 if self.large else 9

    @property
    def suffix(self) -> str:
        """Added to file names so enlarged papers sit beside the standard ones: `-large24`."""
        size = f"-large{self.large}" if self.large else ""
        return size + (f"-{self.page_colour}" if self.page_colour != "white" else "")


STANDARD = Layout()


def layout_for(large: LargeSize | None, page_colour: PageColour = "white") -> Layout:
    """The standard layout, or an enlarged one at 18 or 24 pt; on white, cream or yellow paper."""
    if large is None:
        return replace(STANDARD, page_colour=page_colour)
    if large == 18:
        return Layout(18, 1.5, 13, 11, 15, large=18, page_colour=page_colour)
    if large == 24:
        return Layout(24, 1.4, 16, 13, 18, large=24, page_colour=page_colour)
    raise ValueError(f"large print is 18 or 24 pt, not {large}")
