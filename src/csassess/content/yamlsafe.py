"""Safe, strict YAML reading that remembers where every value came from.

PyYAML's loaders silently keep the last of two duplicate keys, turn ``no`` into False and
``007`` into 7 (YAML 1.1), and expand aliases without limit. This module composes the node
graph with every implicit resolver switched off, then builds plain Python values itself:

- only ``true``/``false`` are booleans, only canonical decimal numbers are numbers;
- duplicate keys, explicit tags other than ``!!str`` and merge keys are errors;
- a size cap and an expansion budget stop alias bombs and recursive anchors, and the depth
  limit holds while composing (PyYAML's composer recurses, so a 400-deep file would otherwise
  raise RecursionError before any check of ours ran);
- only regular files are read, and the size cap holds while reading (a FIFO or /dev/zero
  never hangs or fills memory);
- JSON is read with JSON's rules on the same composer (so the same limits and positions hold):
  characters JSON allows raw in strings but YAML refuses (U+007F, U+FFFE...) are escaped first;
- text never holds a lone surrogate (`"\ud800"`), which no file, database or page can encode.
- every value's (line, column) is recorded under its path, so that any later check
  can point an author at the exact node.
"""

from __future__ import annotations

import json as jsonlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from csassess.findings import Finding, format_field

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
# Python refuses to turn longer digit strings into ints (sys.int_info.str_digits_check_threshold
# is 640, the default limit 4,300); no csassess field needs a number anywhere near as long.
MAX_DIGITS = 640

_PLAIN = "!csassess/plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT = re.compile(r"^-?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null"}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """1-based line and column of a node in its file."""

    line: int
    column: int


@dataclass
class Document:
    """A YAML document as plain data, with the position of every value and key."""

    source: str
    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_) -> Position:
        """Where `path` is, or the nearest enclosing node that exists."""
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    def key_position(self, path: Path_) -> Position:
        """Where the key of a mapping entry is (for unknown or duplicate fields)."""
        return self.keys.get(path) or self.position(path)

    def finding(self, path: Path_, message: str, *, on_key: bool = False) -> Finding:
        """A finding at `path` in this document."""
        pos = self.key_position(path) if on_key else self.position(path)
        return Finding(self.source, pos.line, pos.column, format_field(path), message)


class YamlError(Exception):
    """The text is not safe, strict YAML; carries the finding."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(str(finding))


# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE): JSON allows these raw in strings.
_YAML_UNPRINTABLE = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _json_as_yaml(text: str, source: str) -> str:
    """Strict JSON, as text YAML's reader accepts meaning the same. The JSON reader judges the
    syntax (naming the real line); characters YAML's reader refuses become \\u escapes, which
    mean the same in JSON and in YAML's double-quoted strings, on the same line."""
    try:
        jsonlib.loads(text)
    except jsonlib.JSONDecodeError as exc:
        finding = Finding(source, exc.lineno, exc.colno, "(json)", f"invalid JSON: {exc.msg}")
        raise YamlError(finding) from None
    except RecursionError:
        raise YamlError(Finding(source, 1, 1, "(json)", f"nested deeper than {MAX_DEPTH} levels")) from None
    except ValueError as exc:  # e.g. a number past Python's digit limit
        raise YamlError(Finding(source, 1, 1, "(json)", f"invalid JSON: {exc}")) from None
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _TooDeepError(yaml.MarkedYAMLError):
    """Nesting past MAX_DEPTH, found while composing."""


class _Loader(yaml.SafeLoader):
    """Composes nodes only; plain scalars keep a marker tag so we resolve them ourselves."""

    yaml_implicit_resolvers: dict[str, list[Any]] = {}  # noqa: RUF012 - PyYAML's class API
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> yaml.Node:
        """Depth-limited composing (the composer recurses once per level); an alias becomes a
        copy of its anchored node carrying the alias's own position, sharing the anchored
        node's children (so recursion is still caught by identity)."""
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _TooDeepError(problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=mark)
        self.depth += 1
        try:
            return self._compose_node(parent, index)
        finally:
            self.depth -= 1

    def _compose_node(self, parent: Any, index: Any) -> yaml.Node:
        if not self.check_event(yaml.AliasEvent):
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        mark = self.peek_event().start_mark
        node = super().compose_node(parent, index)
        return type(node)(node.tag, node.value, mark, node.end_mark)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _plain_scalar(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and ("." in text or "e" in text.lower()):
        return float(text)
    return text


class _Builder:
    def __init__(self, source: str) -> None:
        self.doc = Document(source, None)
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, path: Path_, message: str) -> YamlError:
        pos = _pos(node)
        return YamlError(Finding(self.doc.source, pos.line, pos.column, format_field(path), message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                path,
                f"document expands to more than {MAX_NODES} values "
                "(an alias bomb?); write the content out instead",
            )
        if len(path) > MAX_DEPTH:
            raise self.fail(node, path, f"nested deeper than {MAX_DEPTH} levels")
        # Aliases are copies sharing their anchor's children, so identity of the children
        # list is what shows a node containing itself.
        if not isinstance(node, yaml.ScalarNode) and id(node.value) in self.active:
            raise self.fail(node, path, "recursive alias: a node contains itself")
        self.doc.values.setdefault(path, _pos(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.active.add(id(node.value))
        try:
            if isinstance(node, yaml.SequenceNode):
                self.expect_tag(node, path, _SEQ)
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            self.expect_tag(node, path, _MAP)
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node.value))

    def expect_tag(self, node: yaml.Node, path: Path_, tag: str) -> None:
        if node.tag != tag:
            raise self.fail(node, path, f"tag {node.tag!r} is not allowed in csassess files")

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == _PLAIN:
            if len(node.value) > MAX_DIGITS and _INT.match(node.value):
                digits = len(node.value.lstrip("-"))
                raise self.fail(node, path, f"a number of {digits} digits; at most {MAX_DIGITS} are read")
            return _plain_scalar(node.value)
        if node.tag == _STR:
            if _SURROGATE.search(node.value):
                raise self.fail(node, path, "text holds a lone surrogate (such as \\ud800): not a character")
            return node.value
        raise self.fail(node, path, f"tag {node.tag!r} is not allowed in csassess files")

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, path, "mapping keys must be plain words or numbers")
            key = self.scalar(key_node, path)
            if key == "<<" and key_node.tag == _PLAIN:
                raise self.fail(key_node, path, "merge keys (<<) are not supported; write the fields out")
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise self.fail(
                    key_node, path, f"mapping key {key_node.value!r} must be text or a whole number"
                )
            child = (*path, key)
            if key in out:
                first = self.doc.keys[child]
                raise self.fail(
                    key_node,
                    child,
                    f"duplicate key {key!r} (first at line {first.line}); YAML would keep only the last",
                )
            self.doc.keys[child] = _pos(key_node)
            out[key] = self.build(value_node, child)
        return out


def parse_text(text: str, source: str, *, json: bool = False) -> Document:
    """Parse one YAML (or, with `json`, JSON) document from text; raises YamlError pointing at
    the problem."""
    if json:
        text = _json_as_yaml(text, source)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except _TooDeepError as exc:
        mark = exc.problem_mark
        raise YamlError(Finding(source, mark.line + 1, mark.column + 1, "(yaml)", str(exc.problem))) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(Finding(source, line, col, "(yaml)", f"invalid YAML: {problem}")) from exc
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        raise YamlError(Finding(source, 1, 1, "(yaml)", f"invalid YAML: {exc}")) from exc
    builder = _Builder(source)
    if node is None:
        raise YamlError(Finding(source, 1, 1, "(document)", "the file is empty"))
    builder.doc.data = builder.build(node, ())
    return builder.doc


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when inside it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


class _NotRegularError(Exception):
    """The path is a FIFO, device, socket or folder: reading it could hang or never end."""


class _TooLargeError(Exception):
    """The file is over the size cap."""


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; the cap holds while reading, so a
    file that grows (or lies about its size) is never read past it. Opening with O_NONBLOCK
    means a FIFO with no writer cannot hang the open before its type is checked."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegularError("not a regular file (a FIFO, device or folder); only files are read")
        if info.st_size > max_bytes:
            raise _TooLargeError(f"file is {info.st_size} bytes, over the {max_bytes}-byte limit")
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise _TooLargeError(f"file grew past the {max_bytes}-byte limit while it was read")
    return raw


def read_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse a YAML (or JSON) file safely."""
    source = display_path(path)
    try:
        raw = read_capped(path, max_bytes)
    except _NotRegularError as exc:
        raise YamlError(Finding(source, 1, 1, "(file)", str(exc))) from None
    except _TooLargeError as exc:
        raise YamlError(Finding(source, 1, 1, "(file)", str(exc))) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise YamlError(Finding(source, 1, 1, "(file)", f"cannot read file: {reason}")) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise YamlError(
            Finding(source, line, column, "(file)", f"not UTF-8 text (byte {exc.start})")
        ) from exc
    return parse_text(text, source, json=path.suffix.lower() == ".json")
