"""A Word template as a package of parts, read once with the standard library, and what one
render adds to it.

:class:`Package` reads the (linted and scrubbed) template zip once: every member as bytes,
the content types, the relationships of each part, the main document part and its headers,
footers, footnotes, styles, numbering and core properties. Nothing is loaded with python-docx;
the render (:mod:`._template`) renders the parts that carry Jinja tags and keeps every other
member as the template has it.

:class:`Additions` collects what one render adds: an image a figure shows (a new
``word/media/imageN.<ext>`` part, or the template's own part with the same bytes), its
relationship from the part that shows it, and the content type of a new kind of part. They
follow python-docx's rules for the same additions, so the result is the document python-docx
would save: an image part per distinct image (by SHA-1), numbered with the lowest free
number; a relationship reused when the part already relates to that image, else the lowest
free ``rIdN``; a ``Default`` content type for the extensions python-docx writes as defaults,
an ``Override`` for other parts.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from docx.image.image import Image
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.spec import default_content_types
from lxml import etree

from ..errors import Issue, TemplateError
from ._sandbox_limits import SandboxError

__all__ = ["Additions", "DocumentShell", "Package", "Rel", "xml_bytes"]

CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELATIONSHIP, _RELATIONSHIPS = f"{{{_REL_NS}}}Relationship", f"{{{_REL_NS}}}Relationships"
_DEFAULT, _OVERRIDE = f"{{{_CT_NS}}}Default", f"{{{_CT_NS}}}Override"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


_START_TAG = re.compile(r"<[^<>!?/][^<>]*>")  # each tried once: linear in the text
_DECLARATION = re.compile(r'\s+xmlns:([\w.-]+)="([^"]*)"')


class DocumentShell:
    """The main part of a template without its body, into which each rendered body goes.

    The rendered body is parsed inside the document's root, in one parse: moving a body
    parsed alone into the document takes time growing with the square of its texts that keep
    their spaces (a template's line breaks took minutes). The declarations its tags repeat of
    the root's namespaces are left out, as moving it left them out.
    """

    def __init__(self, document: Any, body_tag: str, parser: Any) -> None:
        self.element = copy.deepcopy(document)
        body = etree.Element(body_tag)
        self.element.replace(self.element.find(body_tag), body)
        mark = etree.ProcessingInstruction(f"b{uuid.uuid4().hex}")  # in no template
        body.append(mark)
        before, after = etree.tostring(self.element, encoding="unicode").split(
            etree.tostring(mark, encoding="unicode"))
        body.remove(mark)
        # around the body's start and end tags
        self._head, self._tail = before[:before.rfind("<")], after[after.find(">") + 1:]
        self._tag, self._parser = body_tag, parser
        self._nsmap: dict[str | None, str] = dict(self.element.nsmap)
        self._children = [child.tag for child in self.element]

    def parse_body(self, xml: str) -> Any:
        """The rendered body `xml` (``<w:body …>…</w:body>``) parsed in the document."""
        def strip(tag: re.Match[str]) -> str:
            return tag[0] if "xmlns:" not in tag[0] else _DECLARATION.sub(
                lambda d: "" if self._nsmap.get(d[1]) == d[2] else d[0], tag[0])

        if "xmlns:" in xml and not any(  # no prefix bound otherwise
                self._nsmap.get(p, u) != u for tag in _START_TAG.finditer(xml)
                if "xmlns:" in tag[0] for p, u in _DECLARATION.findall(tag[0])):
            xml = _START_TAG.sub(strip, xml)
        document = etree.fromstring(self._head + xml + self._tail, self._parser)
        if [child.tag for child in document] != self._children:  # the body closed, more after
            raise SandboxError("the rendered part closes the document's body and writes "
                               "after it; templates may only show the values they are given")
        return document.find(self._tag)

    def document(self, body: Any) -> Any:
        """The whole document of a `body` from :meth:`parse_body` (or one parsed alone)."""
        document = body.getparent()
        if document is None:
            document = copy.deepcopy(self.element)
            document.replace(document.find(self._tag), body)
        return document


def xml_bytes(element: Any) -> bytes:
    """`element` as a part's bytes, serialised as python-docx saves its XML parts."""
    data: bytes = serialize_part_xml(element)
    return data


@dataclass(frozen=True)
class Rel:
    """One relationship of a part: ``Id``, ``Type``, ``Target`` as written, the target part
    (absolute partname, "" for an external target)."""

    rid: str
    reltype: str
    target_ref: str
    external: bool
    target: str


class Package:
    """The members, content types and relationships of a template, read once.

    TemplateError ("not a Word .docx document …") when `data` is not a zip package, has no
    content types or main document, or its main document is not a Word document.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                self.members: dict[str, bytes] = {
                    info.filename: archive.read(info)
                    for info in archive.infolist() if not info.is_dir()}
        except (zipfile.BadZipFile, ValueError, EOFError):
            raise self._not_word("not a zip package (damaged or another kind of file)",
                                 data) from None
        if CONTENT_TYPES not in self.members:
            raise self._not_word(f"there is no item named '{CONTENT_TYPES}' in the archive",
                                 data)
        self._defaults: dict[str, str] = {}
        self._overrides: dict[str, str] = {}
        for el in self._parse(CONTENT_TYPES):
            if el.tag == _DEFAULT:
                self._defaults[str(el.get("Extension", "")).lower()] = str(el.get("ContentType"))
            elif el.tag == _OVERRIDE:
                self._overrides[str(el.get("PartName", "")).lower()] = str(el.get("ContentType"))
        self._rels: dict[str, list[Rel]] = {}
        main = self.related("/", RT.OFFICE_DOCUMENT)
        if main is None or main.lstrip("/") not in self.members:
            raise self._not_word("it has no main document part", data)
        if self.content_type(main) != CT.WML_DOCUMENT_MAIN:
            raise self._not_word(f"content type is '{self.content_type(main)}'", data)
        self.main: str = main
        self.images: dict[str, str] = {}  # SHA-1 → partname of the template's own images
        for rels_name in [n for n in self.members if n.endswith(".rels")]:
            for rel in self.rels(_source_of(rels_name)):
                if rel.reltype == RT.IMAGE and not rel.external and self.has(rel.target):
                    sha = hashlib.sha1(self.blob(rel.target)).hexdigest()
                    self.images.setdefault(sha, rel.target)

    # --- reading ----------------------------------------------------------------------------

    def has(self, partname: str) -> bool:
        return partname.lstrip("/") in self.members

    def blob(self, partname: str) -> bytes:
        return self.members[partname.lstrip("/")]

    def content_type(self, partname: str) -> str | None:
        found = self._overrides.get(partname.lower())
        return found if found is not None else self._defaults.get(PackURI(partname).ext.lower())

    def rels(self, source: str) -> list[Rel]:
        """The relationships of the part `source` ("/" for the package), in file order."""
        found = self._rels.get(source)
        if found is None:
            found = []
            member = _rels_member(source)
            if member in self.members:
                base = PackURI(source).baseURI if source != "/" else "/"
                for el in self._parse(member):
                    if el.tag != _RELATIONSHIP:
                        continue
                    ref = str(el.get("Target", ""))
                    external = el.get("TargetMode") == "External"
                    target = "" if external else str(PackURI.from_rel_ref(base, ref))
                    found.append(Rel(str(el.get("Id")), str(el.get("Type")), ref, external,
                                     target))
            self._rels[source] = found
        return found

    def related(self, source: str, reltype: str) -> str | None:
        """The partname of the first internal `reltype` target of `source`, if any."""
        return next((r.target for r in self.rels(source)
                     if r.reltype == reltype and not r.external), None)

    def _parse(self, member: str) -> Any:
        try:
            return etree.fromstring(self.members[member], _PARSER)
        except etree.XMLSyntaxError as exc:
            raise TemplateError([Issue(f"{self.name}: {member}", f"not well-formed XML: {exc}")],
                                template=self.name) from None

    def _not_word(self, what: str, data: bytes) -> TemplateError:
        if b"xl/workbook.xml" in data:
            what = "an Excel workbook"
        return TemplateError([Issue(self.name, f"not a Word .docx document ({what})")],
                             template=self.name)


class Additions:
    """What one render adds to a package: new parts, their relationships and content types."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.parts: dict[str, bytes] = {}  # partname → bytes
        self._types: dict[str, str] = {}  # partname → content type
        self._rels: dict[str, list[Rel]] = {}  # source partname → added relationships
        self._images: dict[str, str] = {}  # SHA-1 → partname of an image added here

    def relate_image(self, source: str, image: Image) -> str:
        """The rId by which `source` shows `image`, adding the image part if it is new."""
        sha = image.sha1
        target = self.package.images.get(sha) or self._images.get(sha)
        if target is None:
            target = self._image_partname(image.ext)
            self._images[sha] = target
            self.add_part(target, image.blob, image.content_type)
        return self.relate(source, RT.IMAGE, target)

    def add_part(self, partname: str, blob: bytes, content_type: str) -> None:
        self.parts[partname] = blob
        self._types[partname] = content_type

    def relate(self, source: str, reltype: str, target: str) -> str:
        """The rId of the relationship `source` → `target` of `reltype`, added if missing."""
        rels = self.package.rels(source) + self._rels.get(source, [])
        for rel in rels:
            if rel.reltype == reltype and not rel.external and rel.target == target:
                return rel.rid
        used = {rel.rid for rel in rels}
        rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in used)
        base = PackURI(source).baseURI if source != "/" else "/"
        ref = PackURI(target).relative_ref(base)
        self._rels.setdefault(source, []).append(Rel(rid, reltype, ref, False, target))
        return rid

    def rels_sha1(self, source: str) -> dict[str, str]:
        """rId → SHA-1 of the image it points to, for every image `source` shows."""
        found: dict[str, str] = {}
        for rel in self.package.rels(source) + self._rels.get(source, []):
            if rel.reltype != RT.IMAGE or rel.external:
                continue
            blob = self.parts.get(rel.target)
            if blob is None and self.package.has(rel.target):
                blob = self.package.blob(rel.target)
            if blob is not None:
                found[rel.rid] = hashlib.sha1(blob).hexdigest()
        return found

    def members(self) -> dict[str, bytes]:
        """Every member this render adds or changes: the new parts, the relationship parts
        they are related from, ``[Content_Types].xml`` when a part needs a new type."""
        out = {partname.lstrip("/"): blob for partname, blob in self.parts.items()}
        for source, added in self._rels.items():
            member = _rels_member(source)
            if member in self.package.members:
                root = etree.fromstring(self.package.members[member], _PARSER)
            else:
                root = etree.Element(_RELATIONSHIPS, nsmap={None: _REL_NS})
            for rel in added:
                etree.SubElement(root, _RELATIONSHIP, {"Id": rel.rid, "Type": rel.reltype,
                                                       "Target": rel.target_ref})
            out[member] = xml_bytes(root)
        types = self._content_types()
        if types is not None:
            out[CONTENT_TYPES] = types
        return out

    def _content_types(self) -> bytes | None:
        package = self.package
        root: Any = None
        for partname, content_type in sorted(self._types.items()):
            if package.content_type(partname) == content_type:
                continue
            if root is None:
                root = etree.fromstring(package.members[CONTENT_TYPES], _PARSER)
            ext = PackURI(partname).ext
            if (ext.lower(), content_type) in default_content_types:
                if any(el.get("Extension", "").lower() == ext.lower()
                       for el in root.iter(_DEFAULT)):
                    continue
                _insert_sorted(root, _DEFAULT, "Extension", ext, {
                    "Extension": ext, "ContentType": content_type})
            else:
                _insert_sorted(root, _OVERRIDE, "PartName", partname, {
                    "PartName": partname, "ContentType": content_type})
        return None if root is None else xml_bytes(root)

    def _image_partname(self, ext: str) -> str:
        """``/word/media/imageN.<ext>`` with the lowest N no image of the package uses."""
        targets = list(self.package.images.values()) + list(self._images.values())
        used = {PackURI(t).idx for t in targets}
        n = next(n for n in range(1, len(targets) + 2) if n not in used)
        return f"/word/media/image{n}.{ext}"


def _insert_sorted(root: Any, tag: str, key: str, value: str, attrib: dict[str, str]) -> None:
    """A new `tag` element in `root`, before the first `tag` whose `key` sorts after `value`
    (python-docx writes defaults sorted by extension and overrides by part name)."""
    siblings = list(root.iter(tag))
    element = etree.Element(tag, attrib)
    after = next((el for el in siblings if str(el.get(key, "")).lower() > value.lower()), None)
    if after is not None:
        after.addprevious(element)
    elif siblings:
        siblings[-1].addnext(element)
    elif tag == _DEFAULT:
        root.insert(0, element)
    else:
        root.append(element)


def _rels_member(source: str) -> str:
    """The zip member holding the relationships of the part `source` ("/": the package)."""
    return "_rels/.rels" if source == "/" else PackURI(source).rels_uri.lstrip("/")


def _source_of(rels_member: str) -> str:
    """The partname whose relationships `rels_member` holds ("/" for ``_rels/.rels``)."""
    folder, _, name = rels_member.rpartition("_rels/")
    return "/" + folder + name.removesuffix(".rels") if name != ".rels" or folder else "/"
