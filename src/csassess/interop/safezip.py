"""Reading a zip someone else made: names checked, sizes capped before anything is unpacked.

Nothing is extracted to disk: members are read into memory on demand, and only after every
name was found inside the package (no `../`, no absolute or drive paths) and the declared
sizes were found within the caps (a zip bomb is refused from its directory alone).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from csassess.interop.safexml import InteropError

MAX_MEMBERS = 50_000
MAX_MEMBER_BYTES = 128_000_000
"""A 10,000-item bank's manifest is about 34 MB."""
MAX_TOTAL_BYTES = 1_000_000_000
MAX_RATIO = 200
"""Deflate rarely beats 10:1 on XML; 200:1 is a bomb, not a bank."""
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe(name: str) -> bool:
    posix = name.replace("\\", "/")
    return posix.startswith("/") or bool(_DRIVE.match(posix)) or ".." in PurePosixPath(posix).parts


class SafeZip:
    """A zip whose member names and sizes were checked; members read by name."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InteropError(f"{path}: not a readable zip ({exc})") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InteropError(
                f"{path}: {len(infos):,} members is more than the {MAX_MEMBERS:,} a package may have"
            )
        total = 0
        for info in infos:
            if _unsafe(info.filename):
                raise InteropError(
                    f"{path}: {info.filename}: a path outside the package (zip slip) is not accepted"
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER_BYTES or ratio > MAX_RATIO:
                raise InteropError(
                    f"{path}: {info.filename}: unpacks to {info.file_size:,} bytes "
                    f"({ratio:,.0f}x its packed size): refused as a zip bomb"
                )
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InteropError(
                f"{path}: unpacks to {total:,} bytes, more than {MAX_TOTAL_BYTES:,}: refused as a zip bomb"
            )
        self.names = {info.filename for info in infos}

    def read(self, name: str, referrer: str) -> bytes:
        """A member's bytes; `referrer` says who named it (for the error when it is missing)."""
        if _unsafe(name):
            raise InteropError(f"{self.path}: {referrer}: {name}: a path outside the package is not accepted")
        if name not in self.names:
            raise InteropError(f"{self.path}: {referrer}: {name} is not in the package")
        try:
            return self._zip.read(name)  # bounded by the checked declared size
        except (zipfile.BadZipFile, OSError) as exc:
            raise InteropError(f"{self.path}: {name}: cannot be read ({exc})") from None

    def close(self) -> None:
        """Close the zip."""
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve(base: str, href: str) -> str:
    """`href` relative to the member `base`, as a member name (may still be unsafe)."""
    parts: list[str] = list(PurePosixPath(base).parent.parts)
    for part in PurePosixPath(href.split("#")[0]).parts:
        if part == "..":
            if not parts:
                return "../" + href
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
