"""The whole board package: every party's proposal, web versions, PDFs, open data, the zip."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from docx_text import all_text
from helpers import KEY
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

POHJANMAA = example_plan_path("pohjanmaa")


def _personal(pf: PlanFile) -> tuple[set[str], set[str]]:
    """(contact details, personal names) the plan marks as personal data."""
    contacts: set[str] = set()
    officials: set[str] = set()
    handlings = [pf.item.handling] + [p.handling for p in pf.parties if p.handling]
    for h in handlings:
        people = list(h.preparers) + ([h.presenter] if h.presenter else [])
        for person in people:
            contacts |= {v for v in (person.email, person.phone) if v}
            officials.add(person.name)
    names = {m.name for m in pf.plan.preparation.working_group if m.personal} - officials
    return contacts, names


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                         if n.endswith(".xml"))


def test_every_party_gets_its_own_proposal(example_plan: PlanFile, tmp_path: Path) -> None:
    result = build(example_plan, tmp_path, BuildOptions(key=KEY, for_each_party=True, drafts=True))
    decisions = [e for e in result.entries if e.kind == "decision" and e.path.endswith(".docx")]
    assert {e.party for e in decisions} == {p.id for p in example_plan.parties}
    joutsa = all_text((tmp_path / "paatosehdotus_joutsa_fi.docx").read_bytes())
    assert "Kunnanhallitus päättää hyväksyä yhdyspintasuunnitelman." in joutsa
    assert "16.3.2026" in joutsa and "Joutsan kunta" in joutsa and "LUONNOS" in joutsa
    jkl = all_text((tmp_path / "paatosehdotus_jyvaskyla_fi.docx").read_bytes())
    assert "Kaupunginhallitus päättää hyväksyä yhdyspintasuunnitelman." in jkl
    assert "kokouspäivä puuttuu" in jkl and "esittelijä puuttuu" in jkl
    county = all_text((tmp_path / "paatosehdotus_hyvinvointialue_fi.docx").read_bytes())
    assert "Aluehallitus päättää hyväksyä yhdyspintasuunnitelman." in county
    matrices = [e for e in result.entries if e.kind == "matrix"]
    assert len(matrices) == len(example_plan.parties) + 1


def test_missing_meeting_data_names_party_and_field(example_plan: PlanFile,
                                                    tmp_path: Path) -> None:
    with pytest.raises(PlanError) as info:
        build(example_plan, tmp_path, BuildOptions(key=KEY, for_each_party=True))
    text = str(info.value)
    assert "party 'jyvaskyla' has no handling data" in text
    # the list below stops at 20 lines: the header names every party without handling data
    without = [p.id for p in example_plan.parties if p.handling is None
               and p.id != example_plan.item.handling.party]
    assert len(without) == 22
    assert text.splitlines()[0] == (
        f"22 problem(s) in the handling data (22 parties have none: {', '.join(without)}); "
        "fix them, or build visibly marked drafts with BuildOptions(drafts=True)")
    assert text.splitlines()[-1] == "... and 2 more"
    assert re.search(r"plan\.yaml:\d+ osapuolet\[4\]\.kasittely", text)
    assert "BuildOptions(drafts=True)" in text and "--drafts" not in text
    assert not any(tmp_path.iterdir())  # nothing written


def test_public_version_has_no_marked_personal_data(tmp_path: Path) -> None:
    pf = load_plan(POHJANMAA)
    contacts, names = _personal(pf)
    assert contacts and names  # the example marks both kinds
    result = build(pf, tmp_path, BuildOptions(key=KEY, for_each_party=True, drafts=True,
                                              public=True))
    public = [e for e in result.entries if e.path.startswith(("julkinen/", "avoin-data/"))]
    full = [e for e in result.entries if not e.path.startswith(("julkinen/", "avoin-data/"))
            and e.path.endswith(".docx")]
    assert len(public) > 10
    for entry in public:
        data = (tmp_path / entry.path).read_bytes()
        text = all_text(data) if entry.path.endswith(".docx") else data.decode()
        leaked = [v for v in contacts | names if v in text]
        assert leaked == [], entry.path
        if entry.path.endswith(".docx"):  # every part, not only what python-docx reads
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                raw = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            assert [v for v in contacts | names if v in raw] == [], entry.path
    full_text = "\n".join(all_text((tmp_path / e.path).read_bytes()) for e in full)
    assert all(v in full_text for v in contacts | names)


def test_open_data_is_6aika_shaped_and_public(tmp_path: Path) -> None:
    pf = load_plan(POHJANMAA)
    contacts, _ = _personal(pf)
    result = build(pf, tmp_path, BuildOptions(key=KEY, languages=["sv"]))
    entry = next(e for e in result.entries if e.kind == "opendata")
    text = (tmp_path / entry.path).read_text("utf-8")
    record = json.loads(text)
    assert set(record) >= {"case", "action"}
    action = record["action"]
    assert action["article_number"] == pf.item.handling.section
    assert action["event"]["start_date"] == pf.item.handling.meeting_date.isoformat()  # type: ignore[union-attr]
    types = [c["type"] for c in action["content"]]
    assert types[0] == "reasons" and "draft resolution" in types
    html = "".join(c["hypertext"]["sv"] for c in action["content"])
    assert set(re.findall(r"</?([a-zA-Z0-9]+)", html)) <= {"p", "h1", "h2", "table", "tr",
                                                           "td", "th"}
    assert [v for v in contacts if v in text] == []


def test_meeting_package_zips_everything_with_the_manifest(example_plan: PlanFile,
                                                           tmp_path: Path) -> None:
    result = build(example_plan, tmp_path, BuildOptions(key=KEY, zip=True))
    assert result.package is not None
    with zipfile.ZipFile(result.package) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json"))
        for f in manifest["files"]:
            assert hashlib.sha256(z.read(f["path"])).hexdigest() == f["sha256"]
        # extracted, the files show the plan's date (as the PDFs do), not the clock's
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    assert names == {e.path for e in result.entries} | {"manifest.json"}
    first = result.package.read_bytes()
    build(example_plan, tmp_path, BuildOptions(key=KEY, zip=True))  # replaces its own package
    assert result.package.read_bytes() == first


@pytest.mark.libreoffice
def test_every_document_converts_to_pdf_with_title_and_page_numbers(tmp_path: Path) -> None:
    pf = load_plan(POHJANMAA)
    result = build(pf, tmp_path, BuildOptions(key=KEY, pdf=True, languages=["fi", "sv"]))
    docx = [e for e in result.entries if e.path.endswith(".docx")]
    pdfs = {e.path: e for e in result.entries if e.path.endswith(".pdf")}
    assert len(pdfs) == len(docx) >= 4
    for entry in docx:
        pdf = tmp_path / entry.path.replace(".docx", ".pdf")
        assert pdfs[pdf.relative_to(tmp_path).as_posix()].kind == entry.kind
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
        assert 1 <= pages <= 12
        assert re.sub(r"\s+", " ", entry.title) in re.sub(r"\s+", " ", text)
        assert f"1 ({pages})" in text


# slow run: two builds with PDFs
@pytest.mark.slow
@pytest.mark.libreoffice
def test_rebuilt_pdfs_are_byte_identical(tmp_path: Path) -> None:
    pf = load_plan(POHJANMAA)
    first, again = (build(pf, tmp_path / name, BuildOptions(key=KEY, pdf=True,
                                                              languages=["fi", "sv"]))
                    for name in ("first", "again"))
    assert [e.sha256 for e in again.entries] == [e.sha256 for e in first.entries]
    assert any(e.path.endswith(".pdf") for e in first.entries)
