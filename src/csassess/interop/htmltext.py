"""Text out of the HTML that Moodle and GIFT files carry: parsed safely, scripts refused."""

from __future__ import annotations

from lxml import etree, html

from csassess.interop.safexml import block_text, refuse_scripts


def _parser() -> html.HTMLParser:
    return html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def fragment(text: str, source: str) -> etree._Element:
    """`text` as an HTML fragment inside one `<div>`; InteropError if it carries active content."""
    root = html.fragment_fromstring(text or "", create_parent="div", parser=_parser())
    refuse_scripts(root, source)
    return root


def plain(node: etree._Element) -> str:
    """Readable text: one paragraph per block element, spaces folded inside each."""
    return block_text(node)
