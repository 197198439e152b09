"""Writing files so that a crash never leaves a half-written one behind.

A file is written to a hidden temporary beside it and renamed into place. The temporary's name
carries the writing process's id (`.NAME.PID.XXXX.tmp`), so a later run can tell the leftovers
of a killed run (whose process is gone) from a file another live run is still writing.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        Path(tmp).chmod(0o644)  # mkstemp makes 0600; results are meant to be shared
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def stale_temporaries(folder: Path) -> Iterator[Path]:
    """Temporaries under `folder` that `write_atomic` left when its process was killed."""
    for path in folder.rglob(".*.tmp"):
        found = _TEMPORARY.match(path.name)
        if found and path.is_file() and not _alive(int(found.group(1))):
            yield path


def remove_stale_temporaries(folder: Path) -> int:
    """Remove what killed runs left under `folder`; the number removed."""
    removed = 0
    for path in list(stale_temporaries(folder)):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def write_json(path: Path, value: Any) -> None:
    """Write readable, stable JSON atomically."""
    write_atomic(path, json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False) + "\n")
