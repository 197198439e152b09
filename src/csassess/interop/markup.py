"""A model as readable HTML that reads back exactly: the mark scheme inside QTI and Moodle.

Each field becomes an element whose class names it (`cs-f f-marks`), with a visible label, so
another tool shows a readable mark scheme and csassess reads the same markup back into the
equal model. Class names carry the structure because the QTI 3.0 schemas allow only a few
named `data-*` attributes on HTML elements.

- scalar: ``<p class="cs-f f-marks"><strong class="cs-label">Marks: </strong>1</p>``
- list of text: ``<div class="cs-list f-evidence">``, a ``<p class="cs-label">`` heading, ``<ul><li>..``
- list of models: the same with ``<ol>`` of ``<li class="cs-obj">`` holding fields
- table (dict): rows ``<li><span class="cs-key">4</span><span class="cs-label"> gives </span>``
  ``<span class="cs-value">3</span></li>`` (a value that is a list is a ``<ul class="cs-value">``)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree
from pydantic import BaseModel

from csassess.interop.safexml import InteropError, local

Maker = Callable[..., etree._Element]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class MarkupWriter:
    """Builds the markup in one namespace (QTI's, or none for Moodle's HTML)."""

    def __init__(self, namespace: str | None = None) -> None:
        self.prefix = f"{{{namespace}}}" if namespace else ""

    def el(
        self, parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        """A new element (under `parent` when given)."""
        name = self.prefix + tag
        node = etree.Element(name) if parent is None else etree.SubElement(parent, name)
        for key, value in attrs.items():
            node.set(key.rstrip("_").replace("_", "-"), value)
        if text is not None:
            node.text = text
        return node

    def labelled(self, parent: etree._Element, tag: str, label: str, value: str, cls: str) -> etree._Element:
        """`<tag class=cls><strong class="cs-label">label</strong>value</tag>`."""
        node = self.el(parent, tag, class_=cls)
        self.el(node, "strong", label, class_="cs-label").tail = value
        return node

    def heading(self, parent: etree._Element, label: str) -> None:
        """A list's visible label (skipped on reading: it has no field class)."""
        self.el(self.el(parent, "p", class_="cs-label"), "strong", label)

    def fields(self, parent: etree._Element, model: BaseModel) -> None:
        """Every set field of `model` under `parent`, in declaration order."""
        for name in type(model).model_fields:
            value = getattr(model, name)
            if value is None or (isinstance(value, list | dict) and not value):
                continue
            if isinstance(value, BaseModel):
                box = self.el(parent, "div", class_=f"cs-obj f-{name}")
                self.fields(box, value)
            elif isinstance(value, list):
                box = self.el(parent, "div", class_=f"cs-list f-{name}")
                self.heading(box, _label(name))
                models = isinstance(value[0], BaseModel)
                holder = self.el(box, "ol" if models else "ul")
                for entry in value:
                    if models:
                        self.fields(self.el(holder, "li", class_="cs-obj"), entry)
                    else:
                        self.el(holder, "li", _scalar(entry))
            elif isinstance(value, dict):
                box = self.el(parent, "div", class_=f"cs-dict f-{name}")
                self.heading(box, _label(name))
                holder = self.el(box, "ul")
                for key, entry in value.items():
                    row = self.el(holder, "li")
                    self.el(row, "span", _scalar(key), class_="cs-key")
                    self.el(row, "span", " gives ", class_="cs-label")
                    if isinstance(entry, list):
                        items = self.el(row, "ul", class_="cs-value")
                        for word in entry:
                            self.el(items, "li", word)
                    else:
                        self.el(row, "span", _scalar(entry), class_="cs-value")
            else:
                self.labelled(parent, "p", f"{_label(name)}: ", _scalar(value), f"cs-f f-{name}")

    def model(self, parent: etree._Element, model: BaseModel, cls: str) -> etree._Element:
        """`model` as one `<div class=cls>`."""
        box = self.el(parent, "div", class_=f"cs-obj {cls}")
        self.fields(box, model)
        return box


def _classes(node: etree._Element) -> list[str]:
    return (node.get("class") or "").split()


def _field_name(node: etree._Element) -> tuple[str, str] | None:
    """(role, field) for a field element, None for labels and other markup."""
    classes = _classes(node)
    roles = [c for c in classes if c in {"cs-f", "cs-list", "cs-dict", "cs-obj"}]
    names = [c[2:] for c in classes if c.startswith("f-")]
    return (roles[0], names[0]) if roles and names else None


def _text_value(node: etree._Element) -> str:
    label = next((c for c in node if "cs-label" in _classes(c)), None)
    if label is not None:
        return label.tail or ""
    return node.text or ""


def _list_holder(node: etree._Element, source: str) -> etree._Element:
    for c in node:
        if local(c) in {"ul", "ol"}:
            return c
    raise InteropError(f"{source}: <{local(node)} class={node.get('class')!r}>: no list inside")


def read_fields(node: etree._Element, source: str) -> dict[str, Any]:
    """The raw field values under `node`, as `MarkupWriter.fields` wrote them."""
    data: dict[str, Any] = {}
    for c in node:
        found = _field_name(c)
        if found is None:
            continue
        role, name = found
        if role == "cs-f":
            data[name] = _text_value(c)
        elif role == "cs-obj":
            data[name] = read_fields(c, source)
        elif role == "cs-list":
            holder = _list_holder(c, source)
            data[name] = [
                read_fields(li, source) if "cs-obj" in _classes(li) else (li.text or "")
                for li in holder
                if local(li) == "li"
            ]
        else:
            table: dict[str, Any] = {}
            for li in _list_holder(c, source):
                key = next((s for s in li if "cs-key" in _classes(s)), None)
                value = next((s for s in li if "cs-value" in _classes(s)), None)
                if key is None or value is None:
                    raise InteropError(f"{source}: <li> in {name}: a table row needs a cs-key and a cs-value")
                table[key.text or ""] = (
                    [w.text or "" for w in value] if local(value) in {"ul", "ol"} else value.text or ""
                )
            data[name] = table
    return data


def find_class(root: etree._Element, cls: str) -> etree._Element | None:
    """The first element under `root` (or itself) carrying this class."""
    return next((n for n in root.iter() if isinstance(n.tag, str) and cls in _classes(n)), None)
