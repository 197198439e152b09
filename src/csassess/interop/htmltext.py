"""Text out of the HTML that Moodle and GIFT files carry: parsed safely, scripts refused."""

from __future__ import annotations

from lxml import etree, html

from csassess.interop.safexml import refuse_scripts

_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr"}


def _parser() -> html.HTMLParser:
    return html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def fragment(text: str, source: str) -> etree._Element:
    """`text` as an HTML fragment inside one `<div>`; InteropError if it carries active content."""
    root = html.fragment_fromstring(text or "", create_parent="div", parser=_parser())
    refuse_scripts(root, source)
    return root


def plain(node: etree._Element) -> str:
    """Readable text: one paragraph per block element, spaces folded inside each."""
    blocks = [b for b in node.iter() if isinstance(b.tag, str) and b.tag in _BLOCKS and b is not node]
    leaves = [
        b
        for b in blocks
        if not any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in b.iter() if c is not b)
    ]
    if not leaves:
        return " ".join(node.text_content().split())
    return "\n\n".join(t for t in (" ".join(b.text_content().split()) for b in leaves) if t)
