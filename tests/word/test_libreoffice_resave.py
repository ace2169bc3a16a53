"""A bundled template re-saved by LibreOffice still renders, with the same text.

The committed templates are the source of the documents; users restyle them in Word or
LibreOffice. This saves each bundled Word template through LibreOffice
(``soffice --headless --convert-to docx``), as a user who opened and saved it would, and
renders it again with the sample context: it must render without error and its body, headers
and footers must hold the same text as the original's output.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from yhdyspinta_docs.output._pdf import soffice_path
from yhdyspinta_docs.word import DocProperties, WordTemplate
from yhdyspinta_docs.word._check import sample_context

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KINDS = {"decision": "decision.docx", "plan": "plan.docx", "report": "report.docx"}


def _texts(data: bytes) -> dict[str, list[str]]:
    """Non-empty paragraph texts of body, headers and footers (whitespace collapsed); the
    parts' names are left out, since LibreOffice numbers headers and footers its own way."""
    out: dict[str, list[str]] = {"body": [], "headers": [], "footers": []}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in sorted(package.namelist()):
            stem = member.removeprefix("word/")
            kind = ("body" if member == "word/document.xml" else "headers"
                    if stem.startswith("header") else "footers" if stem.startswith("footer")
                    else None)
            if kind is None or not member.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(member))
            for p in root.iter(W + "p"):
                text = " ".join(_visible(p).split())
                if text:
                    out[kind].append(text)
    out["headers"].sort()
    out["footers"].sort()
    return out


def _visible(paragraph: etree._Element) -> str:
    """The paragraph's text without field results (page numbers: LibreOffice updates them
    when it saves, Word when it opens the document)."""
    out = []
    in_result = False
    for el in paragraph.iter(W + "t", W + "fldChar"):
        if el.tag == W + "fldChar":
            in_result = el.get(W + "fldCharType") == "separate"
        elif not in_result and next(el.iterancestors(W + "fldSimple"), None) is None:
            out.append(el.text or "")
    return "".join(out)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_template_resaved_by_libreoffice_renders_the_same_text(kind: str,
                                                               tmp_path: Path) -> None:
    executable = soffice_path()
    assert executable is not None
    original = TEMPLATES / KINDS[kind]
    outdir = tmp_path / "resaved"
    done = subprocess.run(
        [executable, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "docx", "--outdir", str(outdir), str(original)],
        capture_output=True, text=True, timeout=180, check=False)
    resaved = outdir / KINDS[kind]
    assert done.returncode == 0 and resaved.is_file(), done.stderr[-2000:]
    assert resaved.read_bytes() != original.read_bytes()
    ctx = sample_context(kind)
    props = DocProperties(title=str(ctx["title"]))
    expected = _texts(WordTemplate(original).render(ctx, props))
    found = _texts(WordTemplate(resaved).render(ctx, props))
    assert len(expected["body"]) > 10
    assert found == expected
    # LibreOffice marks styles and runs with the template's language (fi-FI): a Swedish
    # document of it is still marked Swedish throughout
    swedish = WordTemplate(resaved).render(ctx, DocProperties(title="Titel", language="sv"))
    with zipfile.ZipFile(io.BytesIO(swedish)) as package:
        langs = {el.get(W + "val") for name in package.namelist() if name.endswith(".xml")
                 and name.startswith("word/")
                 for el in etree.fromstring(package.read(name)).iter(W + "lang")}
    assert langs == {"sv-FI"}
