"""A QTI content package (3.0, 2.2 or 2.1) or a single item file into csassess content.

The manifest lists the items; each item's LOM and curriculum-standards metadata give back
its id, bank, outcomes, tags and life cycle when csassess wrote them, and sensible defaults
(a draft, outcome `LO-UNMAPPED`) when another tool did. Parts that share a csassess scenario
stimulus become one scenario again, in manifest order.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from csassess.interop.collect import Collector, Meta, ScenarioDraft
from csassess.interop.imported import (
    ImportResult,
    NotImportedError,
)
from csassess.interop.markup import find_class, read_fields
from csassess.interop.qti3_item_read import attr, read_item, title_of
from csassess.interop.qti3_write import BANK_TAXON, DIFFICULTY_TO_LOM, ENEMY_KIND, SPEC_TAXON, STATUS_TO_LOM
from csassess.interop.safexml import InteropError, child, children, local, parse_xml, text_of
from csassess.interop.safezip import SafeZip, resolve

FROM_STATUS = {v: k for k, v in STATUS_TO_LOM.items()}
FROM_DIFFICULTY = {v: k for k, v in DIFFICULTY_TO_LOM.items()}
ITEM_TYPES = ("imsqti_item_xmlv3p0", "imsqti_item_xmlv2p2", "imsqti_item_xmlv2p1", "imsqti_apipitem_xmlv2p1")
STIMULUS_TYPE = "imsqti_stimulus_xmlv3p0"


def _lom_text(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    strings = [s for s in node.iter() if local(s) == "string"]
    return (strings[0].text or "") if strings else (node.text or "")


def read_meta(metadata: etree._Element | None) -> Meta:
    """Item fields from a resource's `<metadata>` (empty when there is none)."""
    meta = Meta()
    if metadata is None:
        return meta
    for pair in (p for p in metadata.iter() if local(p) == "labelledGUID"):
        guid = text_of(child(pair, "GUID")).split("/")
        label = text_of(child(pair, "label")) or guid[-1]
        meta.fields.setdefault("criteria" if len(guid) == 3 else "outcomes", []).append(label)
    provider = next(
        (n.get("providerId") for n in metadata.iter() if local(n) == "curriculumStandardsMetadata"), None
    )
    meta.spec = provider
    lom = next((n for n in metadata.iter() if local(n) == "lom"), None)
    if lom is None:
        return meta
    for ident in (n for n in lom.iter() if local(n) == "identifier" and local(n.getparent()) == "general"):
        if text_of(child(ident, "catalog")) == "csassess":
            meta.ident = text_of(child(ident, "entry"))
    tags = [_lom_text(k) or "" for k in lom.iter() if local(k) == "keyword"]
    if tags:
        meta.fields["tags"] = tags
    for node in lom.iter():
        tag, parent = local(node), local(node.getparent())
        if tag == "version" and parent == "lifeCycle":
            meta.fields["version"] = _lom_text(node)
        elif tag == "status" and parent == "lifeCycle":
            meta.fields["status"] = FROM_STATUS.get(text_of(child(node, "value")), "draft")
        elif tag == "difficulty":
            meta.fields["difficulty"] = FROM_DIFFICULTY.get(text_of(child(node, "value")), "medium")
        elif tag == "relation" and ENEMY_KIND in text_of(child(node, "kind")):
            meta.fields.setdefault("enemies", []).append(
                text_of(next(n for n in node.iter() if local(n) == "entry"))
            )
        elif tag == "taxonPath":
            source, taxon = _lom_text(child(node, "source")), child(node, "taxon")
            if taxon is not None and source == BANK_TAXON:
                meta.bank = (text_of(child(taxon, "id")), _lom_text(child(taxon, "entry")) or "")
            elif taxon is not None and source == SPEC_TAXON:
                meta.spec = text_of(child(taxon, "id"))
    return meta


def _open_scenario(reader: Collector, href: str, root: etree._Element, meta: Meta) -> None:
    setting = find_class(root, "cs-setting")
    if setting is None:
        return  # another tool's stimulus: its parts come in as questions of their own
    fields = {"title": attr(root, "title") or href, "setting": read_fields(setting, href), **meta.fields}
    reader.open_scenario(href, meta.ident or attr(root, "identifier") or href, fields, meta.bank, meta.spec)


def _read_one(
    reader: Collector,
    data: bytes,
    source: str,
    meta: Meta,
    scenario: ScenarioDraft | None,
    member: str = "",
    names: set[str] | None = None,
) -> None:
    try:
        root = parse_xml(data, source)
    except InteropError as exc:
        reader.line(source, "item", reason=str(exc))
        return
    exists = (lambda ref: resolve(member, ref) in names) if names is not None else None
    try:
        read = read_item(root, source, exists)
    except InteropError as exc:
        reader.line(title_of(root), "item", reason=str(exc))
        return
    except NotImportedError as exc:
        reader.line(title_of(root), exc.kind, reason=str(exc))
        return
    if scenario is None and read.stimulus_href:
        scenario = reader.scenarios.get(resolve(member, read.stimulus_href))
    reader.add(read, meta, scenario)


def read_qti_package(path: Path, spec: str | None = None) -> ImportResult:
    """Every item of a QTI content package, with the report."""
    reader = Collector(path, spec, "qti")
    with SafeZip(path) as package:
        if "imsmanifest.xml" not in package.names:
            raise InteropError(f"{path}: imsmanifest.xml: the package has no manifest")
        manifest = parse_xml(package.read("imsmanifest.xml", "package"), f"{path}!imsmanifest.xml")
        resources = [r for r in manifest.iter() if local(r) == "resource"]
        by_id = {r.get("identifier"): r for r in resources}
        for resource in resources:
            kind = resource.get("type") or ""
            href = resource.get("href") or ""
            where = f"{path}!imsmanifest.xml: <resource identifier={resource.get('identifier')!r}>"
            if kind == STIMULUS_TYPE:
                root = parse_xml(package.read(href, where), f"{path}!{href}")
                _open_scenario(reader, href, root, read_meta(child(resource, "metadata")))
            elif kind in ITEM_TYPES:
                data = package.read(href, where)
                scenario = None
                for dep in children(resource, "dependency"):
                    target = by_id.get(dep.get("identifierref"))
                    if target is not None and (target.get("href") or "") in reader.scenarios:
                        scenario = reader.scenarios[target.get("href") or ""]
                _read_one(
                    reader,
                    data,
                    f"{path}!{href}",
                    read_meta(child(resource, "metadata")),
                    scenario,
                    href,
                    package.names,
                )
    return reader.finish()


def read_qti_item(path: Path, data: bytes, spec: str | None = None) -> ImportResult:
    """A single QTI item file (no package)."""
    parse_xml(data, str(path))  # a file that is not safe XML is an error, not one question left out
    reader = Collector(path, spec, "qti")
    _read_one(reader, data, str(path), Meta(), None)
    return reader.finish()
