"""The rendered body goes into its document in one parse (a body parsed alone and moved in
took time growing with the square of its texts that keep their spaces): the document is the
one moving it made, namespace declarations included."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from yhdyspinta_docs.word._parts import DocumentShell, xml_bytes
from yhdyspinta_docs.word._sandbox_limits import SandboxError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DOCUMENT = (f'<w:document xmlns:w="{W}" xmlns:wp="{WP}" xmlns:r="urn:r"><w:background/>'
            f"<w:body><w:p/></w:body></w:document>")
BODY = f"{{{W}}}body"


def _moved(xml: str) -> bytes:
    """The document as moving a body parsed alone into a copy of it makes it."""
    document = etree.fromstring(DOCUMENT)
    document.replace(document.find(BODY), etree.fromstring(xml))
    return xml_bytes(document)


@pytest.mark.parametrize("xml", [
    f'<w:body xmlns:w="{W}" xmlns:wp="{WP}" xmlns:r="urn:r"><w:p><w:r>'
    f'<w:t xml:space="preserve">a </w:t><w:br/></w:r></w:p></w:body>',
    # a picture declares again what the document declares, and one namespace of its own
    f'<w:body xmlns:w="{W}"><w:p><w:r><w:drawing><wp:inline xmlns:wp="{WP}" '
    f'xmlns:a="urn:a" xmlns:r="urn:r"><a:graphic r:id="x"/></wp:inline></w:drawing></w:r>'
    f"</w:p></w:body>",
    f'<w:body xmlns:w="{W}"/>',
    # a prefix bound to another namespace inside the body keeps its meaning
    f'<w:body xmlns:w="{W}"><w:p><x:e xmlns:x="urn:x"><r:f xmlns:r="urn:other"/>'
    f"</x:e></w:p></w:body>",
])
def test_the_document_is_the_one_moving_the_body_made(xml: str) -> None:
    shell = DocumentShell(etree.fromstring(DOCUMENT), BODY, etree.XMLParser())
    body = shell.parse_body(xml)
    document = shell.document(body)
    names = [e.tag for e in document.iter()]
    assert names == [e.tag for e in etree.fromstring(_moved(xml)).iter()]
    if "urn:other" not in xml:  # the same bytes (a rebound prefix keeps its declarations)
        assert xml_bytes(document) == _moved(xml)
    assert shell.document(copy.deepcopy(body)) is not None  # one parsed alone is moved in


@pytest.mark.parametrize("after", ["</w:body><w:body><w:p/></w:body><w:body>",
                                   '</w:body><w:fldSimple w:instr="DDEAUTO x"/><w:body>'])
def test_a_body_closed_by_a_value_is_refused(after: str) -> None:
    # a value shown with |safe that closes the body writes outside what is checked
    shell = DocumentShell(etree.fromstring(DOCUMENT), BODY, etree.XMLParser())
    with pytest.raises(SandboxError, match="closes the document's body and writes after it"):
        shell.parse_body(f'<w:body xmlns:w="{W}"><w:p/>{after}<w:p/></w:body>')


def test_namespace_declarations_are_found_in_linear_time() -> None:
    # a long run of ' xmlns:' in a tag that never closes: the pattern that looked for
    # declaring tags tried every one of them again from each (300 KB took minutes)
    shell = DocumentShell(etree.fromstring(DOCUMENT), BODY, etree.XMLParser())
    with pytest.raises(etree.XMLSyntaxError):
        shell.parse_body(f'<w:body xmlns:w="{W}"><w:p/><x' + ' xmlns:a="b"' * 25_000
                         + "<w:p/></w:body>")


def test_a_list_id_that_is_not_a_number_is_no_list() -> None:
    # Word reads <w:numId w:val="x"/> as no list; it was a Python traceback
    from yhdyspinta_docs.word._numbering import ListNumbering, paragraph_numbering

    paragraph = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:numPr><w:ilvl w:val="?"/>'
                                 '<w:numId w:val="x"/></w:numPr></w:pPr></w:p>')
    assert paragraph_numbering(paragraph, {}) == (0, 0)
    numbering = (f'<w:numbering xmlns:w="{W}"><w:num w:numId="y"><w:abstractNumId w:val="z"/>'
                 "</w:num></w:numbering>").encode()
    assert ListNumbering(numbering, None).restart(etree.fromstring(
        f'<w:body xmlns:w="{W}"/>')) is None


def test_new_lists_take_the_ids_python_docx_would_give() -> None:
    # the first ids unused, gaps filled (ids 1 and 3 taken: 2, 4, 5 …), found once
    from docx.oxml import parse_xml

    from yhdyspinta_docs.word._numbering import ListNumbering

    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7"/>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
                 '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
                 "</w:numbering>").encode()
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'
    body = etree.fromstring(f'<w:body xmlns:w="{W}">' + (item + "<w:tbl/>") * 3 + "</w:body>")
    made = parse_xml(ListNumbering(numbering, None).restart(body))
    expected = parse_xml(numbering)
    for _ in range(3):
        expected.add_num(7).add_lvlOverride(ilvl=0).add_startOverride(1)
    assert etree.tostring(made) == etree.tostring(expected)
    assert [p.find(f".//{{{W}}}numId").get(f"{{{W}}}val") for p in body.iter(f"{{{W}}}p")] == [
        "2", "4", "5"]
