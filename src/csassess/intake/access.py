"""What a centre's marker is told about a script's access arrangements and rest breaks."""

from __future__ import annotations

from csassess.models.script import AnswerScript


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min {seconds % 60:02d} s"


def access_note(script: AnswerScript) -> str | None:
    """One line on the arrangements a script was sat with and its breaks; None when it had none."""
    granted = script.arrangements
    if granted is None and not script.breaks:
        return None
    parts: list[str] = []
    if granted is not None:
        if granted.extra_time:
            parts.append(f"{granted.extra_time}% extra time")
        if granted.rest_breaks:
            parts.append("rest breaks allowed")
        if granted.background:
            parts.append(f"{granted.background} background")
        if granted.font == "reader":
            parts.append("reader-friendly font")
        if granted.text_size and granted.text_size != 100:
            parts.append(f"text at {granted.text_size}%")
    if script.breaks:
        taken = sum(b.seconds for b in script.breaks)
        count = len(script.breaks)
        parts.append(f"{count} rest break{'s' if count != 1 else ''} ({_minutes(taken)}, clock stopped)")
    source = f"; granted by the {granted.granted_by}" if granted is not None else ""
    return (", ".join(parts) or "no arrangements") + source
