"""Archival PDFs (``--pdfa``, ``BuildOptions(pdfa=True)``): PDF/A-2b, still tagged for PDF/UA,
with the same bytes for the same input.

The quick cases check the normalisation (:func:`stable_pdfa`) on small PDFs made here with
pikepdf, the way LibreOffice stamps the clock into a PDF/A (an sRGB ICC profile dated in its
compressed header, the XMP and Info dates, a random /ID, /DocChecksum), the refusal without
pikepdf, and that the PDF/A export filter goes through the same LibreOffice pool as the
default one (a fake ``soffice``). The slow cases build with the real LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from helpers import KEY, fake_soffice
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.errors import ConversionError
from yhdyspinta_docs.output import OutputFile, _pdf
from yhdyspinta_docs.output._package import make_pdfs
from yhdyspinta_docs.output._pdf import (
    PDFA_FILTER,
    TAGGED_PDF_FILTER,
    start_conversion,
    start_office,
)
from yhdyspinta_docs.output._pdfa import icc_with_date, require_pikepdf, stable_pdfa
from yhdyspinta_docs.plan import load_plan

pikepdf = pytest.importorskip("pikepdf")

WHEN = dt.date(2026, 1, 1)
HINT = "install it with: pip install 'yhdyspinta-docs[pdf]'"


def _icc(clock: dt.datetime, *, version: int = 0x02100000, with_id: bool = False) -> bytes:
    """A small ICC profile: a real header dated `clock`, and tag bytes after it."""
    body = b"desc" + bytes(range(200))
    header = bytearray(128)
    header[0:4] = (128 + len(body)).to_bytes(4, "big")
    header[4:8] = b"lcms"
    header[8:12] = version.to_bytes(4, "big")
    header[12:24] = b"mntrRGB XYZ "
    header[24:36] = b"".join(n.to_bytes(2, "big") for n in (
        clock.year, clock.month, clock.day, clock.hour, clock.minute, clock.second))
    header[36:40] = b"acsp"
    header[44:48] = b"\x00\x00\x00\x01"  # flags
    header[64:68] = b"\x00\x00\x00\x01"  # rendering intent
    profile = bytes(header) + body
    return _with_profile_id(profile) if with_id else profile


def _with_profile_id(profile: bytes) -> bytes:
    """`profile` with its ICC v4 profile id: the MD5 of the profile with the flags, the
    rendering intent and the id itself zeroed (ICC.1:2010, 7.2.18)."""
    zeroed = bytearray(profile)
    zeroed[44:48] = zeroed[64:68] = bytes(4)
    zeroed[84:100] = bytes(16)
    data = bytearray(profile)
    data[84:100] = hashlib.md5(bytes(zeroed)).digest()
    return bytes(data)


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>Writer</xmp:CreatorTool>
   <xmp:CreateDate>{iso}Z</xmp:CreateDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""


def _pdfa(clock: dt.datetime) -> bytes:
    """A small tagged PDF/A as LibreOffice stamps one at `clock` (random /ID included)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(b"")
    page.obj.Contents.write(zlib.compress(b"BT /P <</MCID 0>> BDC ET EMC"),
                            filter=pikepdf.Name.FlateDecode)
    profile = pdf.make_stream(b"")
    profile.write(zlib.compress(_icc(clock)), filter=pikepdf.Name.FlateDecode)
    profile.N = 3
    own = pdf.make_stream(b"")  # an image's own colour profile, from the template: left alone
    own.write(zlib.compress(_icc(dt.datetime(2020, 5, 5, 5, 5, 5))),
              filter=pikepdf.Name.FlateDecode)
    own.N = 3
    page.obj.Resources = pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(
        CS0=pikepdf.Array([pikepdf.Name.ICCBased, own])))
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        DestOutputProfile=profile))])
    xmp = XMP.format(iso=clock.strftime("%Y-%m-%dT%H:%M:%S")).encode()
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata,
                                        Subtype=pikepdf.Name.XML)
    paragraph = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.P, K=0, Pg=page.obj))
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([pdf.make_indirect(
            pikepdf.Dictionary(S=pikepdf.Name.Document, K=pikepdf.Array([paragraph])))])))
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.docinfo["/CreationDate"] = pikepdf.String(clock.strftime("D:%Y%m%d%H%M%SZ'"))
    pdf.docinfo["/Title"] = pikepdf.String("Aluehallitus: yhdyspintasuunnitelma")
    pdf.trailer.DocChecksum = pikepdf.Name("/" + hashlib.md5(
        str(clock).encode()).hexdigest().upper())
    out = io.BytesIO()
    pdf.save(out)  # qpdf gives it a new random /ID
    return out.getvalue()


def _profile(pdf: Any) -> bytes:
    return bytes(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes())


# -- the normalisation, on small PDFs (quick) --------------------------------------------------


def test_the_icc_header_gets_the_plan_date_and_nothing_else_changes() -> None:
    profile = _icc(dt.datetime(2026, 12, 7, 8, 52, 17))
    dated = icc_with_date(profile, WHEN)
    assert dated[24:36].hex() == "07ea00010001000000000000"  # 2026-01-01 00:00:00
    assert dated[:24] == profile[:24] and dated[36:] == profile[36:]
    assert icc_with_date(dated, WHEN) == dated
    assert icc_with_date(b"not a profile" * 20, WHEN) == b"not a profile" * 20
    assert icc_with_date(b"short", WHEN) == b"short"


def test_a_profile_id_is_made_again_for_the_new_date() -> None:
    profile = _icc(dt.datetime(2026, 12, 7, 8, 52, 17), version=0x04300000, with_id=True)
    dated = icc_with_date(profile, WHEN)
    assert dated[84:100] != profile[84:100]
    assert dated == _with_profile_id(dated)  # the id of the dated profile, by the spec
    assert icc_with_date(_icc(dt.datetime(2027, 5, 5, 5, 5, 5), version=0x04300000,
                              with_id=True), WHEN) == dated


def test_two_conversions_at_different_times_give_the_same_bytes() -> None:
    first = _pdfa(dt.datetime(2026, 12, 7, 8, 52, 17))
    again = _pdfa(dt.datetime(2026, 12, 7, 8, 52, 21))
    assert first != again
    assert stable_pdfa(first, WHEN) == stable_pdfa(again, WHEN)
    assert stable_pdfa(stable_pdfa(first, WHEN), WHEN) == stable_pdfa(first, WHEN)
    assert stable_pdfa(first, dt.date(2027, 1, 1)) != stable_pdfa(first, WHEN)


def test_only_the_stamps_of_the_clock_change() -> None:
    clock = dt.datetime(2026, 12, 7, 8, 52, 17)
    raw = _pdfa(clock)
    with pikepdf.open(io.BytesIO(raw)) as before, \
            pikepdf.open(io.BytesIO(stable_pdfa(raw, WHEN))) as after:
        assert _profile(after) == icc_with_date(_profile(before), WHEN)
        intent = after.Root.OutputIntents[0]
        assert intent.DestOutputProfile.Filter == pikepdf.Name.FlateDecode
        assert intent.DestOutputProfile.N == 3
        assert {str(k) for k in intent.keys()} == {str(k) for k in
                                                   before.Root.OutputIntents[0].keys()}
        xmp = bytes(after.Root.Metadata.read_bytes())
        assert xmp == bytes(before.Root.Metadata.read_bytes()).replace(
            b"2026-12-07T08:52:17Z", b"2026-01-01T00:00:00Z")
        assert "/Filter" not in after.Root.Metadata  # PDF/A: the XMP stays unfiltered
        meta = after.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"], meta["pdfuaid:part"]) == (
            "2", "B", "1")
        assert str(after.docinfo["/CreationDate"]) == "D:20260101000000Z'"
        assert str(after.docinfo["/Title"]) == "Aluehallitus: yhdyspintasuunnitelma"
        document = after.Root.StructTreeRoot.K[0]
        assert document.S == pikepdf.Name.Document and document.K[0].S == pikepdf.Name.P
        assert bool(after.Root.MarkInfo.Marked)
        for part in (lambda p: p.Contents, lambda p: p.Resources.ColorSpace.CS0[1]):
            assert part(after.pages[0].obj).read_raw_bytes() == part(
                before.pages[0].obj).read_raw_bytes()
        first_id, second_id = (bytes(i) for i in after.trailer.ID)
        assert first_id == second_id != bytes(before.trailer.ID[0])
        assert re.fullmatch(r"/[0-9A-F]{32}", str(after.trailer.DocChecksum))
        assert after.trailer.DocChecksum != before.trailer.DocChecksum


def test_an_unreadable_pdf_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError, match="the PDF/A LibreOffice made cannot be read"):
        stable_pdfa(b"%PDF-1.6\nnot a pdf", WHEN)


# -- options and the refusal without pikepdf (quick) -------------------------------------------


def test_pdfa_implies_pdf() -> None:
    assert BuildOptions(pdfa=True).pdf and BuildOptions(pdfa=True).pdfa
    assert not BuildOptions().pdfa and not BuildOptions(pdf=True).pdfa


def _no_office(*args: object, **kwargs: object) -> None:
    raise AssertionError("LibreOffice was started")


def test_without_pikepdf_pdfa_is_refused_before_any_work(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pikepdf", None)  # import pikepdf raises ImportError
    monkeypatch.setattr(_pdf, "start_office", _no_office)
    monkeypatch.setattr(_pdf, "start_conversion", _no_office)
    with pytest.raises(ConversionError) as info:
        require_pikepdf()
    assert str(info.value) == (
        "PDF/A needs pikepdf, which sets the dates LibreOffice stamps into an archival PDF so "
        f"that the same plan gives the same bytes; {HINT}")
    pf = load_plan(example_plan_path())
    with pytest.raises(ConversionError, match=re.escape(HINT)):
        build(pf, tmp_path / "out", BuildOptions(key=KEY, pdfa=True, zip=True))
    assert not (tmp_path / "out").exists()
    doc = OutputFile("a.docx", "decision", b"PK", party=None, lang="fi", title="a")
    with pytest.raises(ConversionError, match=re.escape(HINT)):
        make_pdfs([doc], WHEN, pdfa=True)
    from yhdyspinta_docs.approvals import approval_documents, write_decisions

    with pytest.raises(ConversionError, match=re.escape(HINT)):
        approval_documents(pf, pdfa=True)
    with pytest.raises(ConversionError, match=re.escape(HINT)):
        write_decisions(pf, tmp_path / "h", pdfa=True)
    assert list(tmp_path.iterdir()) == []


# -- the filter through the LibreOffice pool (quick, a fake soffice) ---------------------------


def _docs(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        with zipfile.ZipFile(folder / name, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
    return [folder / name for name in names]


def _filters(log: Path) -> list[str]:
    commands = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    return [c[c.index("--convert-to") + 1] for c in commands if "--convert-to" in c]


def test_the_pdfa_filter_goes_through_the_same_pool(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    log = tmp_path / "soffice.jsonl"
    monkeypatch.setattr(_pdf, "soffice_path",
                        lambda: str(fake_soffice(tmp_path, "write", log)))
    docs = _docs(tmp_path / "in", ["a.docx", "b.docx"])
    start_conversion(docs, tmp_path / "default", workers=2).wait()
    assert _filters(log) == [TAGGED_PDF_FILTER] * 2
    assert "SelectPdfVersion" not in TAGGED_PDF_FILTER  # the default PDF is as before
    log.unlink()
    start_conversion(docs, tmp_path / "pdfa", workers=2, pdfa=True).wait()
    assert _filters(log) == [PDFA_FILTER] * 2
    log.unlink()
    with start_office(workers=1) as office:  # started ahead, the files handed over later
        office.convert(docs, tmp_path / "ahead", pdfa=True).wait()
    assert _filters(log) == [PDFA_FILTER]
    assert PDFA_FILTER == TAGGED_PDF_FILTER.replace(
        "{", '{"SelectPdfVersion":{"type":"long","value":"2"},', 1)


# -- real LibreOffice (slow) -------------------------------------------------------------------


def _archival_findings(data: bytes, when: dt.date) -> list[str]:
    """What keeps the PDF `data` from being the archival PDF/A-2b, dated `when`."""
    out = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("2", "B"):
            out.append("no pdfaid:part 2, pdfaid:conformance B in the XMP")
        if meta.get("pdfuaid:part") != "1":
            out.append("no pdfuaid:part 1 in the XMP")
        if not str(meta.get("xmp:CreateDate", "")).startswith(when.isoformat() + "T00:00:00"):
            out.append(f"xmp:CreateDate {meta.get('xmp:CreateDate')}")
        intents = pdf.Root.get("/OutputIntents", [])
        profiles = [i.DestOutputProfile for i in intents if i.get("/S") == "/GTS_PDFA1"]
        if len(profiles) != 1 or profiles[0].get("/N") != 3:
            out.append("no /GTS_PDFA1 output intent with an RGB (/N 3) ICC profile")
        else:
            header = bytes(profiles[0].read_bytes())[:128]
            if header[36:40] != b"acsp" or header[24:36] != icc_with_date(header, when)[24:36]:
                out.append(f"the ICC profile is dated {header[24:36].hex()}")
    return out


# slow run: two builds with PDF/A, a few seconds apart
@pytest.mark.slow
@pytest.mark.libreoffice
def test_a_pdfa_build_is_archival_tagged_and_byte_stable(tmp_path: Path) -> None:
    from yhdyspinta_docs.output import check_accessibility

    pf = load_plan(example_plan_path())
    options = BuildOptions(key=KEY, pdfa=True, public=True, zip=True)
    first = build(pf, tmp_path / "first", options)
    time.sleep(2)  # another second on the clock LibreOffice stamps in
    again = build(pf, tmp_path / "again", options)  # new LibreOffice profiles
    assert [(e.path, e.sha256) for e in again.entries] == [
        (e.path, e.sha256) for e in first.entries]
    assert first.package and again.package
    assert first.package.read_bytes() == again.package.read_bytes()
    pdfs = [e for e in first.entries if e.path.endswith(".pdf")]
    assert len(pdfs) == len([e for e in first.entries if e.path.endswith(".docx")]) >= 4
    assert {e.extra.get("pdfa") for e in pdfs} == {"PDF/A-2b"}  # the manifest says so
    found = {e.path: _archival_findings((first.outdir / e.path).read_bytes(), Document(
        str(first.outdir / Path(e.path).with_suffix(".docx"))).core_properties.created.date())
             for e in pdfs}  # each dated as its document is
    assert {p: f for p, f in found.items() if f} == {}
    assert [str(i) for i in check_accessibility([first.outdir / e.path for e in pdfs])] == []
    with zipfile.ZipFile(first.package) as z:  # the meeting package holds the PDF/As
        listed = {f["path"]: f["sha256"] for f in json.loads(z.read("manifest.json"))["files"]}
        for entry in pdfs:
            assert hashlib.sha256(z.read(entry.path)).hexdigest() == listed[entry.path]
            assert listed[entry.path] == entry.sha256


@pytest.mark.slow
@pytest.mark.libreoffice
def test_pdfa_passes_the_pdfua_checker(tmp_path: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    pf = load_plan(example_plan_path())
    result = build(pf, tmp_path, BuildOptions(key=KEY, pdfa=True, matrix=False))
    pdfs = [tmp_path / e.path for e in result.entries if e.path.endswith(".pdf")]
    assert pdfs
    for path in pdfs:
        report = pdfua.validate(str(path))
        assert [f"{f.rule_id}: {f.message}" for f in report.findings] == [], path


@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_default_pdf_stays_as_it_was(tmp_path: Path) -> None:
    """Without pdfa, a PDF is the tagged PDF/UA of before: no PDF/A, no output intent, and
    not rewritten by pikepdf (its /ID is stable_pdf's hash, of the same length)."""
    pf = load_plan(example_plan_path())
    result = build(pf, tmp_path, BuildOptions(key=KEY, pdf=True, matrix=False))
    for entry in (e for e in result.entries if e.path.endswith(".pdf")):
        data = (tmp_path / entry.path).read_bytes()
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert "/OutputIntents" not in pdf.Root
            meta = pdf.open_metadata()
            assert meta.get("pdfaid:part") is None and meta.get("pdfuaid:part") == "1"
        assert b"SelectPdfVersion" not in data and b"%\xbf\xf7\xa2\xfe" not in data[:20]
