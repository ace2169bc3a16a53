"""The render path's handling of the package: parts without tags, tables docxtpl fixes, broken
XML, images, core properties, list numbering, threads.

Small templates made here with python-docx; docxtpl itself is the reference where the render
path uses its post-processing.
"""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import jinja2
import pytest
from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate
from lxml import etree
from PIL import Image

from docx_text import body_paragraphs
from yhdyspinta_docs.errors import TemplateError
from yhdyspinta_docs.word import DocProperties, Figure, WordTemplate

PROPS = DocProperties(title="Otsikko", author="Laatija")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, "PNG")
    return out.getvalue()


def _save(document: object) -> bytes:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _canonical(xml: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser))


def test_a_header_without_tags_is_the_templates_own() -> None:
    document = Document()
    document.add_paragraph("{{ name }}")
    document.sections[0].header.paragraphs[0].text = "Kunnan ylätunniste\tsivu"
    template = _save(document)
    out = _members(WordTemplate(template).render({"name": "x"}, PROPS))
    header = next(n for n in out if n.startswith("word/header"))
    assert _canonical(out[header]) == _canonical(_members(template)[header])


def test_a_column_loop_gets_docxtpls_table_grid() -> None:
    document = Document()
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells,
                          ["{%tc for c in cols %}", "{{ c }}", "{%tc endfor %}"], strict=True):
        cell.text = text
    template = _save(document)
    context = {"cols": ["a", "b", "c", "d", "e"]}
    ours = WordTemplate(template).render(context, PROPS)
    plain = DocxTemplate(io.BytesIO(template))
    plain.render(context, jinja_env=jinja2.Environment(autoescape=True))
    reference = io.BytesIO()
    plain.save(reference)

    def grid(data: bytes) -> list[str | None]:
        root = etree.fromstring(_members(data)["word/document.xml"])
        return [col.get(f"{W}w") for col in root.iter(f"{W}gridCol")]

    assert len(grid(ours)) == 5
    assert grid(ours) == grid(reference.getvalue())
    assert body_paragraphs(ours) == body_paragraphs(reference.getvalue())


def test_rendered_xml_that_is_not_well_formed_names_the_part() -> None:
    document = Document()
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = "{% if shown %}solussa"
    document.add_paragraph("tekstissä{% endif %} loppu")
    template = WordTemplate(_save(document))
    assert "solussa" in "".join(body_paragraphs(template.render({"shown": True}, PROPS)))
    with pytest.raises(TemplateError) as caught:
        template.render({"shown": False}, PROPS)
    message = str(caught.value)
    assert "word/document.xml" in message and "not well-formed" in message


def test_a_figure_showing_the_templates_own_image_reuses_its_part() -> None:
    png = _png("red")
    document = Document()
    document.add_picture(io.BytesIO(png), width=Mm(10))
    document.add_paragraph("{{ chart }}")
    template = _save(document)
    out = _members(WordTemplate(template).render(
        {"chart": Figure(png, 20, "Kaavio")}, PROPS))
    assert [n for n in out if n.startswith("word/media/")] == [
        n for n in _members(template) if n.startswith("word/media/")]
    rels = etree.fromstring(out["word/_rels/document.xml.rels"])
    images = [r for r in rels.iter(REL) if r.get("Type", "").endswith("/image")]
    assert len(images) == 1
    root = etree.fromstring(out["word/document.xml"])
    embeds = {el.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
              for el in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")}
    assert embeds == {images[0].get("Id")}


def test_a_new_image_gets_a_part_a_relationship_and_its_content_type() -> None:
    document = Document()
    document.add_paragraph("{{ a }}")
    document.add_paragraph("{{ b }}")
    out = _members(WordTemplate(_save(document)).render(
        {"a": Figure(_png("red"), 20, "yksi"), "b": Figure(_png("blue"), 20, "kaksi")}, PROPS))
    assert sorted(n for n in out if n.startswith("word/media/")) == [
        "word/media/image1.png", "word/media/image2.png"]
    types = etree.fromstring(out["[Content_Types].xml"])
    assert [d.get("ContentType") for d in types.iter(f"{CT}Default")
            if d.get("Extension") == "png"] == ["image/png"]
    rels = etree.fromstring(out["word/_rels/document.xml.rels"])
    targets = sorted(r.get("Target") for r in rels.iter(REL) if "image" in r.get("Type", ""))
    assert targets == ["media/image1.png", "media/image2.png"]
    assert len({r.get("Id") for r in rels.iter(REL)}) == len(list(rels.iter(REL)))


def test_a_template_without_core_properties_gets_them() -> None:
    document = Document()
    document.add_paragraph("{{ name }}")
    parts = _members(_save(document))
    del parts["docProps/core.xml"]
    package_rels = etree.fromstring(parts["_rels/.rels"])
    for rel in list(package_rels.iter(REL)):
        if rel.get("Type", "").endswith("/core-properties"):
            package_rels.remove(rel)
    parts["_rels/.rels"] = etree.tostring(package_rels)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in list(types.iter(f"{CT}Override")):
        if override.get("PartName") == "/docProps/core.xml":
            types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    rendered = WordTemplate(out.getvalue()).render({"name": "x"}, PROPS)
    assert Document(io.BytesIO(rendered)).core_properties.title == "Otsikko"
    members = _members(rendered)
    assert any(r.get("Target") == "docProps/core.xml"
               for r in etree.fromstring(members["_rels/.rels"]).iter(REL))
    assert any(o.get("PartName") == "/docProps/core.xml"
               for o in etree.fromstring(members["[Content_Types].xml"]).iter(f"{CT}Override"))


def test_numbering_is_the_templates_own_when_the_document_has_no_list() -> None:
    document = Document()
    document.add_paragraph("{{ name }}")
    template = _save(document)
    out = _members(WordTemplate(template).render({"name": "x"}, PROPS))
    assert out["word/numbering.xml"] == _members(template)["word/numbering.xml"]


def test_renders_in_threads_give_the_bytes_of_renders_one_by_one() -> None:
    document = Document()
    document.add_paragraph("{{ name }}", style="List Number")
    document.add_paragraph("{{ name }} toinen", style="List Number")
    template = WordTemplate(_save(document))
    jobs = [({"name": f"nimi {i}"}, DocProperties(title=f"t{i}", language=("fi", "sv")[i % 2]))
            for i in range(12)]
    one_by_one = [template.render(c, p) for c, p in jobs]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda job: template.render(*job), jobs)) == one_by_one
