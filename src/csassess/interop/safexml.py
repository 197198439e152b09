"""Reading XML that someone else wrote: no entities, no DTDs, no network, bounded size.

Every importer parses through `parse_xml`, so a billion-laughs DOCTYPE, an external entity
(XXE) or a malformed file is one `InteropError` naming the file, never a traceback, a fetch
or an exhausted machine.
"""

from __future__ import annotations

import re

from lxml import etree

from csassess.findings import CsassessError

MAX_XML_BYTES = 128_000_000
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


class InteropError(CsassessError):
    """A file to import or export is unsafe or malformed."""


def _parser() -> etree.XMLParser:
    # resolve_entities off: an entity is never expanded; no_network: nothing is ever fetched
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """The root element of `data`, or an InteropError naming `source` and what is wrong."""
    if len(data) > MAX_XML_BYTES:
        raise InteropError(
            f"{source}: {len(data):,} bytes is more than the {MAX_XML_BYTES:,} an XML file may have"
        )
    if _DOCTYPE.search(data[:4096]) or b"<!ENTITY" in data:
        # QTI, IMS CP and Moodle XML never need a DTD; one is the carrier of every entity attack
        raise InteropError(f"{source}: <!DOCTYPE>: a DOCTYPE or entity declaration is not accepted")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = f"line {exc.position[0]}: " if exc.position else ""
        raise InteropError(f"{source}: {line}malformed XML: {exc.msg}") from None
    if root is None:
        raise InteropError(f"{source}: no XML element")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise InteropError(f"{source}: <{local(node.getparent())}>: entity &{node.name}; is not accepted")
    return root


def local(element: etree._Element | None) -> str:
    """An element's name without its namespace."""
    if element is None or not isinstance(element.tag, str):
        return ""
    return element.tag.rpartition("}")[2]  # string work: QName objects cost 5x as much


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with this local name, in any namespace."""
    return [c for c in element if local(c) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first direct child with this local name."""
    found = children(element, name)
    return found[0] if found else None


def descendants(element: etree._Element, name: str) -> list[etree._Element]:
    """Every descendant with this local name, in document order."""
    return [e for e in element.iter() if local(e) == name]


def text_of(element: etree._Element | None) -> str:
    """The element's text content, tags removed, whitespace as written."""
    if element is None:
        return ""
    return "".join(element.itertext())


_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "br",
        "tr",
        "table",
    }
)


def block_text(element: etree._Element) -> str:
    """Readable text of markup: one paragraph per block element (blank line between), spaces
    folded inside each, so `<p>a</p><p>b</p>` reads "a" and "b", not "ab"."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        block = local(node) in _BLOCKS
        parts.append("\n" if block else "")
        parts.append(node.text or "")
        for sub in node:
            if isinstance(sub.tag, str):
                walk(sub)
            parts.append(sub.tail or "")
        parts.append("\n" if block else "")

    walk(element)
    paragraphs = (" ".join(p.split()) for p in "".join(parts).split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def refuse_scripts(element: etree._Element, source: str) -> None:
    """Raise if markup meant for display carries a script, handler or javascript: link."""
    for node in element.iter():
        name = local(node)
        if name in {"script", "iframe", "object", "embed"}:
            raise InteropError(f"{source}: <{name}> in <{local(element)}>: active content is not imported")
        for attr, value in node.attrib.items():
            if attr.lower().startswith("on") or "javascript:" in value.lower():
                raise InteropError(
                    f"{source}: <{name} {attr}> in <{local(element)}>: active content is not imported"
                )
