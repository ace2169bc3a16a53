"""Public versions (``julkinen/``, open data) leave no trace of personal data.

Both examples are built once per module with every option that makes public output; then every
part of every public file (each XML part of each .docx/.xlsx, the PDF text and metadata, the
open-data JSON, the manifest) is searched for every name marked ``henkilotieto`` and every
e-mail address and phone number of any person in the plan. The same search finds them in the
versions that are not public, so it can fail.
"""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from helpers import KEY, context_text
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.cli import main
from yhdyspinta_docs.plan import Handling, PlanFile, load_plan, parse_plan, personal_data_warnings

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = {name: REPO / "examples" / name / "plan.yaml" for name in ("keski-suomi", "pohjanmaa")}
OPTIONS = {"for_each_party": True, "drafts": True, "public": True, "open_data": True}
NOTE_FI = "(henkilötieto poistettu)"


def _norm(text: str) -> str:
    """Text as searched: entities resolved, NFC, case folded, without any white space (so a
    name split over lines, runs or spaces is still found)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", html.unescape(text)).casefold())


def _handlings(pf: PlanFile) -> list[Handling]:
    return [pf.item.handling] + [p.handling for p in pf.parties if p.handling is not None]


def _secrets(pf: PlanFile) -> set[str]:
    """Every marked name, and every e-mail and phone of any person in the plan (written out
    here from the model, not with the code under test)."""
    found = {m.name for m in pf.plan.preparation.working_group if m.personal}
    for h in _handlings(pf):
        for person in [h.presenter, *h.preparers]:
            if person is not None:
                found |= {v for v in (person.email, person.phone) if v}
    return found


def _parts(path: Path) -> Iterator[tuple[str, str]]:
    """(part name, text) of every part of an output file that a reader or a tool could see."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                raw = z.read(name).decode("utf-8", "replace")
                yield f"{path.name}!{name}", raw
                yield f"{path.name}!{name} (text)", re.sub(r"<[^>]+>", "", raw)
    elif path.suffix == ".pdf":
        for tool in (["pdftotext", "-layout"], ["pdftotext", "-raw"], ["pdfinfo"]):
            proc = subprocess.run([*tool, str(path), "-"] if tool[0] == "pdftotext"
                                  else [*tool, str(path)], check=True, capture_output=True,
                                  timeout=60)
            yield f"{path.name} ({tool[0]})", proc.stdout.decode("utf-8", "replace")
    elif path.suffix == ".json":
        yield path.name, path.read_text("utf-8")
    else:
        pytest.fail(f"unexpected kind of public output: {path}")


def _public_files(outdir: Path) -> list[Path]:
    files = sorted(p for p in (outdir / "julkinen").rglob("*") if p.is_file())
    files += sorted((outdir / "avoin-data").glob("*.json"))
    return [*files, outdir / "manifest.json"]


def _leaks(files: list[Path], secrets: set[str]) -> list[str]:
    needles = {_norm(s): s for s in secrets}
    return [f"{part}: {secret}" for path in files for part, text in _parts(path)
            for needle, secret in needles.items() if needle in _norm(text)]


def _build_examples(tmp_path_factory: pytest.TempPathFactory, *, pdf: bool
                    ) -> dict[str, tuple[PlanFile, Path]]:
    out = {}
    for name, path in EXAMPLES.items():
        pf = load_plan(path)
        outdir = tmp_path_factory.mktemp(f"{name}-pdf" if pdf else name)
        build(pf, outdir, BuildOptions(pdf=pdf, key=KEY, **OPTIONS))  # type: ignore[arg-type]
        out[name] = (pf, outdir)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PlanFile, Path]]:
    return _build_examples(tmp_path_factory, pdf=False)


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PlanFile, Path]]:
    return _build_examples(tmp_path_factory, pdf=True)


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_public_outputs_hold_no_personal_data(
        built: dict[str, tuple[PlanFile, Path]], example: str) -> None:
    pf, outdir = built[example]
    files = _public_files(outdir)
    assert any(f.suffix == ".docx" for f in files)
    assert any(f.parent.name == "avoin-data" for f in files)
    parts = {part for f in files for part, _ in _parts(f)}
    assert any(p.endswith("!docProps/core.xml") for p in parts)
    assert any(p.endswith("!docProps/app.xml") for p in parts)
    assert any("!word/footer" in p or "!word/header" in p for p in parts)
    assert _leaks(files, _secrets(pf)) == []


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_public_pdfs_hold_no_personal_data(
        built_pdf: dict[str, tuple[PlanFile, Path]], example: str) -> None:
    pf, outdir = built_pdf[example]
    files = _public_files(outdir)
    pdfs = [f for f in files if f.suffix == ".pdf"]
    assert len(pdfs) == len([f for f in files if f.suffix == ".docx"]) > 0
    assert _leaks(files, _secrets(pf)) == []
    if example == "pohjanmaa":  # the search reads PDFs: the full versions show the names
        full = [outdir / "paatosehdotus_korsnas_sv.pdf", outdir / "paatosehdotus_vaasa_sv.pdf"]
        leaks = " ".join(_leaks(full, _secrets(pf)))
        assert "Erik Exempel" in leaks and "maija.malli@example.fi" in leaks


def test_the_search_finds_personal_data_in_full_versions(
        built: dict[str, tuple[PlanFile, Path]]) -> None:
    pf, outdir = built["pohjanmaa"]
    secrets = _secrets(pf)
    assert {"Erik Exempel", "Maija Malli", "Essi Esimerkki", "mikael.malli@example.fi",
            "+358 00 000 0001"} <= secrets
    full = sorted(outdir.glob("*.docx"))
    found = {leak.rsplit(": ", 1)[1] for leak in _leaks(full, secrets)}
    assert {"Erik Exempel", "Maija Malli", "Essi Esimerkki", "maija.malli@example.fi",
            "mikael.malli@example.fi", "+358 00 000 0001"} <= found


def _core(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("docProps/core.xml"))
    return {etree.QName(el).localname: el.text or "" for el in root}


def test_public_roles_show_titles_and_the_organisation_as_author(
        built: dict[str, tuple[PlanFile, Path]]) -> None:
    pf, outdir = built["pohjanmaa"]
    people = {_norm(m.name) for m in pf.plan.preparation.working_group}
    for h in _handlings(pf):
        people |= {_norm(p.name) for p in [h.presenter, *h.preparers] if p is not None}
    # Korsnäs (kielet: sv) gets its own proposal in Swedish only
    assert not (outdir / "julkinen" / "paatosehdotus_korsnas_fi.docx").exists()
    korsnas = " ".join(t for _, t in _parts(outdir / "julkinen" / "paatosehdotus_korsnas_sv.docx"))
    # the presenter's title (the office) stays, capitalised as it starts the line
    assert "Kommundirektör" in korsnas and "Erik" not in korsnas
    # a marked member's or preparer's whole line goes: title and organisation would name them
    assert "kommundirektör, Korsnäs kommun" not in korsnas
    assert "(personuppgift borttagen)" in korsnas
    vaasa = " ".join(t for _, t in _parts(outdir / "julkinen" / "paatosehdotus_vaasa_sv.docx"))
    assert "välfärdskoordinator" not in vaasa and "Stadsdirektör Mats Modell" in vaasa
    county = " ".join(t for _, t in _parts(outdir / "julkinen"
                                           / "paatosehdotus_hyvinvointialue_fi.docx"))
    assert "Olli Oletus" in county and "Mikael Malli" in county  # unmarked officials stay
    for docx in sorted((outdir / "julkinen").glob("*.docx")):
        core = _core(docx)
        assert core["creator"] and core["creator"] == core["lastModifiedBy"], docx.name
        assert _norm(core["creator"]) not in people, docx.name
    assert _core(outdir / "paatosehdotus_hyvinvointialue_fi.docx")["creator"] == "Mikael Malli"


def test_examples_warn_where_a_marked_name_has_an_official_role() -> None:
    assert personal_data_warnings(load_plan(EXAMPLES["keski-suomi"])) == []
    warnings = personal_data_warnings(load_plan(EXAMPLES["pohjanmaa"]))
    assert len(warnings) == 2
    assert warnings[0].startswith("osapuolet[2].kasittely.valmistelijat[0].nimi: 'Maija Malli' "
                                  "is a preparer here and marked henkilotieto at "
                                  "suunnitelma.valmistelu.tyoryhma[1].nimi;")
    assert warnings[1].startswith("osapuolet[9].kasittely.esittelija.nimi: 'Erik Exempel' is "
                                  "the presenter here and marked henkilotieto at "
                                  "suunnitelma.valmistelu.tyoryhma[2].nimi;")


# -- a presenter who is also a marked working-group member ----------------------------------


def _presenter_marked(source: str) -> str:
    """The Keski-Suomi example with its presenter (Kati Kallimo) also in the working group,
    marked personal and written in another case and spacing, with an e-mail address, and
    named with that address in a free text."""
    presenter = "      nimi: Kati Kallimo\n      nimike: Vt. hyvinvointialuejohtaja\n"
    member = ("      - {nimi: Anna-Liisa Heiskala, nimike: yhteiskuntasuhteiden päällikkö, "
              "osapuoli: hyvinvointialue}\n")
    text = ("jolloin kuntien kanssa sovittiin uutta sopimusta valmistelevan työryhmän "
            "perustamisesta.")
    for old in (presenter, member, text):
        assert source.count(old) == 1, old
    return (source
            .replace(presenter, presenter + "      sahkoposti: kati.kallimo@example.fi\n")
            .replace(member, member + "      - {nimi: 'kati   KALLIMO', nimike: "
                     "hyvinvointialuejohtaja, osapuoli: hyvinvointialue, henkilotieto: true}\n")
            .replace(text, text + " Lisätietoja antaa Kati Kallimo, kati.kallimo@example.fi."))


def _line(source: str, needle: str) -> int:
    return next(i for i, line in enumerate(source.splitlines(), 1) if needle in line)


def test_presenter_marked_in_the_working_group_is_warned_and_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _presenter_marked(EXAMPLES["keski-suomi"].read_text("utf-8"))
    plan = tmp_path / "plan.yaml"
    plan.write_text(source, "utf-8")
    shown = f"{plan}:{_line(source, 'nimi: Kati Kallimo')} asia.kasittely.esittelija.nimi"
    marked = (f"{plan}:{_line(source, 'kati   KALLIMO')} "
              "suunnitelma.valmistelu.tyoryhma[6].nimi")
    text = f"{plan}:{_line(source, 'otsikko: Yleistä') + 2} asia.selostus[0].sisalto[0]"

    assert main(["validate", str(plan)]) == 0
    out, err = capsys.readouterr()
    assert ": ok (" in out
    warnings = [line for line in err.splitlines() if line.startswith("Warning: ")]
    assert f"Warning: {shown}: 'Kati Kallimo' is the presenter here and marked henkilotieto " \
           f"at {marked}; public versions leave the name out here too" in err
    assert f"Warning: {text}: the text contains 'Kati Kallimo', marked henkilotieto at " \
           f"{marked};" in err
    assert f"Warning: {text}: the text contains 'kati.kallimo@example.fi', the contact detail " \
           f"of a person at {plan}:{_line(source, 'sahkoposti: kati.kallimo')} " \
           "asia.kasittely.esittelija.sahkoposti;" in err
    assert len(warnings) == 3

    outdir = tmp_path / "out"
    assert main(["build", str(plan), "--out", str(outdir), "--public"]) == 0
    assert capsys.readouterr().err.count("Warning: ") == 3

    pf = parse_plan(source)
    files = _public_files(outdir)
    assert _leaks(files, _secrets(pf) | {"Kati Kallimo", "kati.kallimo@example.fi"}) == []
    web = " ".join(t for _, t in _parts(outdir / "julkinen"
                                        / "paatosehdotus_hyvinvointialue_fi.docx"))
    assert "Vt. hyvinvointialuejohtaja" in web and NOTE_FI in web
    data = (outdir / "avoin-data" / "paatosehdotus_hyvinvointialue_fi.json").read_text("utf-8")
    assert "<p>Vt. hyvinvointialuejohtaja</p>" in data and NOTE_FI in data
    full = " ".join(t for _, t in _parts(outdir / "paatosehdotus_hyvinvointialue_fi.docx"))
    assert "Vt. hyvinvointialuejohtaja Kati Kallimo" in full
    assert "Lisätietoja antaa Kati Kallimo, kati.kallimo@example.fi." in full


def test_the_warning_says_what_public_versions_show_of_a_marked_preparer(
        capsys: pytest.CaptureFixture[str]) -> None:
    """A preparer's title and organisation would still point at the person: the line goes
    whole, and the warning says so (not 'only the title', which is the presenter's case)."""
    plan = EXAMPLES["pohjanmaa"]
    assert main(["validate", str(plan)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert ("'Maija Malli' is a preparer here and marked henkilotieto at " in err
            and "public versions leave this preparer's line out (name, title and contact); "
            "remove henkilotieto there if the name must be public in this role" in err), err
    assert ("'Erik Exempel' is the presenter here and marked henkilotieto at " in err
            and "public versions leave the name out here too and show only the title" in err)


# -- what a preparer types: inflected names, addresses and mobile numbers ------------------

_TEXT_FI = ("Työryhmä kokoontui Essi Esimerkin johdolla, ja Tiina Testiltä saatiin "
            "tilannekuva. Lisätietoja: essi.esimerkki@ovph.fi, puh. 040 765 4321, tai "
            "Korsnäsin kunnanjohtaja, puh. 06-1234567. Kirjaamo: kirjaamo@ovph.fi, vaihde "
            "06 218 9111.")
_TEXT_SV = ("Arbetsgruppen leddes av Essi Esimerkki; Erik Exempels kommun deltog. Mer "
            "information: essi.esimerkki@ovph.fi, tfn +358 40 765 4321. Registratur: "
            "kirjaamo@ovph.fi.")


def _typed(source: str) -> str:
    """The Pohjanmaa example as a preparer writes it: the Korsnäs presenter (marked in the
    working group) is also its preparer, with contact details; the county's explanation names
    marked people inflected and gives an address and a mobile number that the plan gives for
    no one; Vaasa's preparer is Tiina Testinen, unmarked, whose name begins as the marked
    Tiina Testi's does."""
    presenter = ("        nimi: Erik Exempel\n"
                 "        nimike: {fi: kunnanjohtaja, sv: kommundirektör}\n")
    preparer = ("      valmistelijat:\n        - nimi: Erik  EXEMPEL\n"
                "          nimike: {fi: kunnanjohtaja, sv: kommundirektör}\n"
                "          sahkoposti: erik.exempel@korsnas.fi\n"
                "          puhelin: 06 123 4567\n")
    vaasa = ("        - nimi: Maija Malli\n"
             "          nimike: {fi: hyvinvointikoordinaattori, sv: välfärdskoordinator}\n"
             "          sahkoposti: maija.malli@example.fi\n")
    fi, sv = "            Sopimuksen mukaan sitä", "            Enligt avtalet kompletteras"
    for old in (presenter, vaasa, fi, sv):
        assert source.count(old) == 1, old
    return (source.replace(presenter, presenter + preparer)
            .replace(vaasa, vaasa + "        - {nimi: Tiina Testinen, nimike: "
                     "{fi: suunnittelija, sv: planerare}}\n")
            .replace(fi, f"            {_TEXT_FI}\n\n{fi}")
            .replace(sv, f"            {_TEXT_SV}\n\n{sv}"))


def test_inflected_names_typed_addresses_and_mobiles_are_replaced() -> None:
    from yhdyspinta_docs.contexts import decision_context

    pf = parse_plan(_typed(EXAMPLES["pohjanmaa"].read_text("utf-8")))
    full = context_text(decision_context(pf, None, "fi"))
    assert _TEXT_FI in full
    for lang, note, kept in (("fi", NOTE_FI, ["kirjaamo@ovph.fi", "vaihde 06 218 9111"]),
                             ("sv", "(personuppgift borttagen)", ["kirjaamo@ovph.fi"])):
        web = context_text(decision_context(pf, None, lang, public=True))
        for gone in ("Esimerk", "Testil", "Exempel", "essi.esimerkki", "765 4321", "1234567"):
            assert gone not in web, (lang, gone)
        assert all(k in web for k in kept) and note in web
    web = context_text(decision_context(pf, None, "fi", public=True))
    assert (f"Työryhmä kokoontui {NOTE_FI} johdolla, ja {NOTE_FI} saatiin tilannekuva. "
            f"Lisätietoja: {NOTE_FI}, puh. {NOTE_FI}, tai Korsnäsin kunnanjohtaja, puh. "
            f"{NOTE_FI}.") in web
    korsnas = decision_context(pf, "korsnas", "sv", public=True, allow_drafts=True)
    assert korsnas["presenter"] == "Kommundirektör" and korsnas["preparers"] == []
    assert "exempel" not in context_text(korsnas).casefold()
    assert "123 4567" not in context_text(korsnas)
    # another person whose name begins as a marked one does stays, as written
    vaasa = decision_context(pf, "vaasa", "fi", public=True)
    assert vaasa["preparers"] == ["Tiina Testinen, suunnittelija"]


def test_warnings_name_inflected_forms_typed_addresses_and_mobiles() -> None:
    pf = parse_plan(_typed(EXAMPLES["pohjanmaa"].read_text("utf-8")))
    text = [w for w in personal_data_warnings(pf) if w.startswith("asia.selostus[0]")]
    marked = "suunnitelma.valmistelu.tyoryhma"
    assert text == [
        f"asia.selostus[0].sisalto[0]: the text contains '{shown}', {what}; public versions "
        "replace it with a note; write the text without it" for shown, what in [
            ("Essi Esimerkin", f"a form of the name marked henkilotieto at {marked}[0].nimi"),
            ("Tiina Testiltä", f"a form of the name marked henkilotieto at {marked}[3].nimi"),
            ("essi.esimerkki@ovph.fi", "an e-mail address in a person's form (first.last@…, "
             "or a name@…)"),
            ("040 765 4321", "a mobile phone number, which is a person's"),
            ("06-1234567", "the contact detail of a person at "
             "osapuolet[9].kasittely.valmistelijat[0].puhelin"),
            ("Erik Exempels", f"a form of the name marked henkilotieto at {marked}[2].nimi")]]
    assert not any("Testinen" in w for w in personal_data_warnings(pf))


def test_a_marked_inspector_of_the_minutes_is_warned_about() -> None:
    source = EXAMPLES["pohjanmaa"].read_text("utf-8") + (
        "\npaatokset:\n  kirjatut:\n"
        "    - {osapuoli: hyvinvointialue, toimielin: aluehallitus, paivamaara: 2026-03-23,\n"
        "       pykala: 64, tulos: hyvaksytty, tarkastajat: [Anna Andersson, tiina  testi]}\n")
    warnings = personal_data_warnings(parse_plan(source))
    assert warnings[2:] == [
        "paatokset.kirjatut[0].tarkastajat[1]: 'tiina  testi' is an inspector of the minutes "
        "here and marked henkilotieto at suunnitelma.valmistelu.tyoryhma[3].nimi; public "
        "versions replace the name with a note; remove henkilotieto there if the name must be "
        "public in this role"]


def test_the_plan_document_notes_members_left_out_as_the_proposal_does() -> None:
    """A web version's working group ends with the note where a marked member's line was left
    out, in the plan document as in the proposal (``lisaa: tyoryhma``), so that the list does
    not read as the whole group; a group of marked members only keeps the note."""
    from yhdyspinta_docs.contexts import plan_context

    def with_group(pf: PlanFile, group: object) -> PlanFile:
        return pf.model_copy(update={"plan": pf.plan.model_copy(update={
            "preparation": pf.plan.preparation.model_copy(update={"working_group": group})})})

    pf = load_plan(EXAMPLES["keski-suomi"])
    members = list(pf.plan.preparation.working_group)
    assert len(members) > 2 and not any(m.personal for m in members)
    members[1] = members[1].model_copy(update={"personal": True})
    pf = with_group(pf, tuple(members))
    full = plan_context(pf, "fi")["working_group"]
    web = plan_context(pf, "fi", public=True)["working_group"]
    assert len(full) == len(members) and NOTE_FI not in full
    assert web == [full[0], *full[2:], NOTE_FI]
    both = load_plan(EXAMPLES["pohjanmaa"])  # every member marked
    assert all(m.personal for m in both.plan.preparation.working_group)
    assert plan_context(both, "sv", public=True)["working_group"] == [
        "(personuppgift borttagen)"]
