"""`init`: the commented plan template, its placeholders, and a filled template that builds."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from helpers import KEY
from yhdyspinta_docs._build import BuildOptions, build
from yhdyspinta_docs.errors import OutputError, PlanError, YhdyspintaError
from yhdyspinta_docs.plan import init_region, load_plan, parse_plan
from yhdyspinta_docs.plan._fields import Lang
from yhdyspinta_docs.plan._scaffold import (
    find_placeholders,
    is_placeholder,
    template_text,
)

# A placeholder in a template's YAML text: a double-quoted string starting with TÄYTÄ (in the
# Swedish template FYLL I), possibly folded over several lines; the word before its example.
PLACEHOLDER_RE = {"fi": re.compile(r'"TÄYTÄ:([^"]*)"'), "sv": re.compile(r'"FYLL I:([^"]*)"')}
EXAMPLE = {"fi": "esim. ", "sv": "t.ex. "}
LANGS = pytest.mark.parametrize("lang", ["fi", "sv"])


def _parse(text: str) -> object:
    return YAML(typ="safe").load(io.StringIO(text))


def _example_of(placeholder: str, lang: str = "fi") -> str:
    """The value a placeholder's own example gives, as YAML: 'esim. 2026-01-01' → 2026-01-01."""
    what = " ".join(placeholder.split())
    assert EXAMPLE[lang] in what, f"placeholder without an example: {what}"
    example = what.split(EXAMPLE[lang], 1)[1]
    return example if example.isdigit() else json.dumps(example, ensure_ascii=False)


def fill_with_examples(text: str, lang: str = "fi") -> str:
    """Replace every placeholder by the example it shows (ids, dates and numbers included)."""
    return PLACEHOLDER_RE[lang].sub(lambda m: _example_of(m.group(1), lang), text)


def fill_with_values(text: str, values: dict[str, str]) -> str:
    """Replace placeholders whose description starts with a key of `values`; others by example."""
    def sub(m: re.Match[str]) -> str:
        what = " ".join(m.group(1).split())
        for start, value in values.items():
            if what.startswith(start):
                return value
        return _example_of(m.group(1))

    return PLACEHOLDER_RE["fi"].sub(sub, text)


# -- the unfilled template ------------------------------------------------------------------------


@LANGS
def test_template_parses_and_every_placeholder_is_found(lang: str) -> None:
    text = template_text(lang)
    data = _parse(text)
    assert isinstance(data, dict)
    found = find_placeholders(data)
    in_text = [" ".join(m.group(0).strip('"').split())
               for m in PLACEHOLDER_RE[lang].finditer(text)]
    assert [" ".join(t.split()) for _, t in found] == in_text
    assert len(found) >= 20
    paths = [p for p, _ in found]
    assert ("alue",) in paths
    assert ("osapuolet", 0, "nimi") in paths
    assert ("osapuolet", 2, "tunnus") in paths
    assert ("sopimus", "voimassa_alkaen") in paths
    assert ("suunnitelma", "toimenpiteet", 1, "vastuutahot", 1) in paths
    assert ("asia", "kasittely", "kokouspaiva") in paths
    assert ("asia", "kasittely", "esittelija", "nimi") in paths
    assert all(t.startswith({"fi": "TÄYTÄ: ", "sv": "FYLL I: "}[lang]) for _, t in found)


@LANGS
def test_template_has_the_parts_of_a_minimal_plan(lang: str) -> None:
    data = _parse(template_text(lang))
    assert isinstance(data, dict)
    assert (data["kieli"], data["kielet"]) == (lang, [lang])
    kinds = [p["tyyppi"] for p in data["osapuolet"]]
    assert kinds[:2] == ["hyvinvointialue", "maakunnan_liitto"]
    assert len([k for k in kinds if k in ("kunta", "kaupunki")]) == 2
    assert len(data["suunnitelma"]["toimenpiteet"]) == 2
    board = data["osapuolet"][0]["toimielimet"][1]
    assert board["tyyppi"] == "hallitus"
    assert data["asia"]["kasittely"]["toimielin"] == board["tunnus"]


def _keys(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every key path of parsed YAML, list items by index."""
    if isinstance(data, dict):
        return [k for key, value in data.items()
                for k in [path + (key,), *_keys(value, path + (key,))]]
    if isinstance(data, list):
        return [k for i, value in enumerate(data) for k in _keys(value, path + (i,))]
    return []


def test_swedish_template_has_the_keys_of_the_finnish_one() -> None:
    """The two templates are the same plan: a key added to one is added to the other."""
    assert _keys(_parse(template_text("sv"))) == _keys(_parse(template_text("fi")))
    fi, sv = template_text("fi"), template_text("sv")
    commented = re.compile(r"^\s*# (paatoslaji: .*)$", re.MULTILINE)
    assert commented.findall(sv) == commented.findall(fi)


def test_swedish_template_names_the_appeal_instructions_as_the_documents_do() -> None:
    """The comment on paatoslaji names the heading the Swedish proposal prints."""
    from yhdyspinta_docs.contexts._appeal import APPEAL_HEADINGS
    from yhdyspinta_docs.plan._item import AppealKind

    comment = " ".join(template_text("sv").split("# paatoslaji: oma_paatos")[0]
                       .rsplit("paatosehdotus:", 1)[1].replace("#", " ").split())
    heading = APPEAL_HEADINGS["sv"][AppealKind.RECTIFICATION].lower()
    assert f"oma_paatos (standard i en styrelse: {heading})" in comment, comment


def test_no_template_in_another_language() -> None:
    with pytest.raises(YhdyspintaError, match="no plan template in 'en'; the templates are in "
                       "fi and sv"):
        template_text("en")


@LANGS
def test_every_key_is_commented(lang: str) -> None:
    """Each key has a comment: on its own line or on the line directly above it."""
    lines = template_text(lang).splitlines()
    key_re = re.compile(r"^\s*(?:-\s+)?[a-z_]+:")
    uncommented = [
        f"{i + 1}: {line.strip()}" for i, line in enumerate(lines)
        if key_re.match(line) and "#" not in line
        and not (i > 0 and lines[i - 1].lstrip().startswith("#"))
    ]
    assert uncommented == [], "keys without a comment:\n" + "\n".join(uncommented)


@LANGS
def test_every_placeholder_shows_an_example(lang: str) -> None:
    for _, text in find_placeholders(_parse(template_text(lang))):
        assert EXAMPLE[lang] in text, text


@pytest.mark.parametrize(
    "value", ["TÄYTÄ: x", "  täytä: x", "Täytä", "TÄYTÄ", "TÄYTÄ kunnan nimi", "\nTÄYTÄ:x",
              "FYLL I: x", "fyll i: x", "FYLL I", " FYLL  I kommunens namn",
              # the word and its colon inside a text
              "x FYLL I:", "Pohjois-Savo (TÄYTÄ: tarkista)", "Kuopio, täytä: nimi",
              "Vasa (Fyll i: kontrollera)", "x TÄYTÄ :y", "x\nfyll  i: y"])
def test_is_placeholder(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value", ["Keski-Suomi", "Täytäntöönpano", "täytäntöön", 3, None, "x TÄYTÄ",
              "Fyll i blanketten varje år", "FYLL IN", "Fyllig",
              "Päätöksen täytäntöönpano: kunnanhallitus", "x täytäntöön: y",
              "Fyll i blanketten: namn", "x Fyll i blanketten", "Ylitäytä: x", "täytät: x"])
def test_is_not_placeholder(value: object) -> None:
    assert not is_placeholder(value)


def test_find_placeholders_walks_plain_data() -> None:
    data = {"a": [{"b": " täytä: nimi "}, "ok", 3, None], "c": {"d": "TÄYTÄ"}, "e": True}
    assert find_placeholders(data) == [(("a", 0, "b"), "täytä: nimi"), (("c", "d"), "TÄYTÄ")]
    assert find_placeholders("TÄYTÄ: x") == [((), "TÄYTÄ: x")]
    assert find_placeholders([]) == []


@LANGS
def test_unfilled_template_does_not_validate(lang: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_plan(template_text(lang))
    word = {"fi": "TÄYTÄ", "sv": "FYLL I"}[lang]
    assert f"placeholder(s) to fill in; replace each '{word}: …' with the real value" in str(
        info.value)
    assert re.search(rf"plan\.yaml:\d+ osapuolet\[0\]\.nimi: not filled in yet: {word}: ",
                     str(info.value))


# -- init_region --------------------------------------------------------------------------------


def test_init_writes_the_template(tmp_path: Path) -> None:
    path = init_region(tmp_path / "uusi")
    assert path == tmp_path / "uusi" / "plan.yaml"
    assert path.read_text("utf-8") == template_text()
    assert not list(path.parent.glob(".*.tmp"))


def test_init_fills_the_region(tmp_path: Path) -> None:
    path = init_region(tmp_path, region="  Pohjois-Savo ")
    data = _parse(path.read_text("utf-8"))
    assert isinstance(data, dict)
    assert data["alue"] == "Pohjois-Savo"
    assert ("alue",) not in [p for p, _ in find_placeholders(data)]
    quoted = init_region(tmp_path / "q", region='Ålands "test": # x')
    parsed = _parse(quoted.read_text("utf-8"))
    assert isinstance(parsed, dict)
    assert parsed["alue"] == 'Ålands "test": # x'


@pytest.mark.parametrize(("region", "language", "names", "plan_id"), [
    ("Pohjois-Savo", "fi", ["Pohjois-Savon liitto", "Pohjois-Savon hyvinvointialue",
                            "Pohjois-Savon yhdyspintasuunnitelma 2026–2029"], "pohjois-savo-2026"),
    ("Uusimaa", "fi", ["Uudenmaan liitto"], "uusimaa-2026"),
    ("Kanta-Häme", "fi", ["Kanta-Hämeen liitto"], "kanta-hame-2026"),
    ("Lappi", "fi", ["Lapin hyvinvointialue"], "lappi-2026"),
    ("Egentliga Finland", "sv", ["Egentliga Finlands förbund", "kommunerna i Egentliga Finland",
                                 "Egentliga Finlands gränsytsplan"], "egentliga-finland-2026"),
    # a region named in the other language: the texts name it in theirs, the id as given
    ("Pohjois-Savo", "sv", ["Norra Savolax förbund", "kommunerna i Norra Savolax",
                            "Norra Savolax välfärdsområde"], "pohjois-savo-2026"),
    ("Norra Karelen", "fi", ["Pohjois-Karjalan liitto"], "norra-karelen-2026"),
    # a space for the hyphen, any case: still the region
    ("varsinais suomi", "fi", ["Varsinais-Suomen liitto", "esim. lieto"], "varsinais-suomi-2026"),
])
def test_init_names_the_region_in_the_examples(tmp_path: Path, region: str, language: Lang,
                                               names: list[str], plan_id: str) -> None:
    """A planner in Pohjois-Savo reads "esim. Pohjois-Savon liitto", not Keski-Suomi's."""
    text = init_region(tmp_path, region=region, language=language).read_text("utf-8")
    for name in names:
        assert name in text, name
    assert f"{plan_id}\"" in text
    # only the example of how to write a region's name stays
    assert "Keski-Suom" not in text.replace("esim. Keski-Suomi.", "")
    assert "Österbott" not in text.replace("t.ex. Österbotten.", "")


def test_init_keeps_the_examples_of_a_name_it_cannot_inflect(tmp_path: Path) -> None:
    """An example is better right than guessed: Vantaa ja Kerava is no region with a
    regional council, and a made-up name has no known forms."""
    for region in ("Vantaa ja Kerava", "Ruritania"):
        text = init_region(tmp_path / region, region=region).read_text("utf-8")
        assert "esim. Keski-Suomen liitto" in text and "keski-suomi-2026" in text


# The template's own example municipalities (Keski-Suomi's in Finnish, Österbotten's in
# Swedish), which the plan of another region must not show; the example of a name in both
# languages (Vaasa, for a bilingual region) is another matter and stays.
TEMPLATE_TOWNS = {"fi": re.compile(r"(?i)muuram|jyväskyl|jyvaskyl"),
                  "sv": re.compile(r"(?i)korsholm|mustasaar|\bvasa\b")}
BILINGUAL = {"fi": "{fi: Vaasan kaupunki, sv: Vasa stad}",
             "sv": "{sv: Vasa stad, fi: Vaasan kaupunki}"}


@pytest.mark.parametrize(("region", "language", "ids", "names"), [
    ("Pohjois-Savo", "fi", ["siilinjarvi", "kuopio"],
     ["esim. Siilinjärven kunta", "esim. Kuopion kaupunki", "(esim. Kuopion kaupungin)",
      "esim. siilinjarvi tai kuopio."]),
    ("Varsinais-Suomi", "fi", ["lieto", "turku"], ["Liedon kunta", "Turun kaupunki"]),
    ("itä-uusimaa", "fi", ["sipoo", "porvoo"], ["Sipoon kunta", "Porvoon kaupunki"]),
    ("Egentliga Finland", "sv", ["lundo", "abo"],
     ["t.ex. Lundo kommun", "t.ex. Åbo stad", "(t.ex. Åbo stads)", "t.ex. lundo eller abo."]),
    ("Pohjois-Savo", "sv", ["siilinjarvi", "kuopio"], ["Siilinjärvi kommun", "Kuopio stad"]),
    ("Norra Österbotten", "sv", ["kempele", "uleaborg"], ["Kempele kommun", "Uleåborgs stad"]),
    # a name that is no region's: made-up municipalities, not Keski-Suomi's or Österbotten's
    ("Ruritania", "fi", ["esimerkkila", "mallila"],
     ["esim. Esimerkkilän kunta", "esim. Mallilan kaupunki", "(esim. Mallilan kaupungin)"]),
    ("Vantaa ja Kerava", "fi", ["esimerkkila", "mallila"], ["esim. Esimerkkilän kunta"]),
    ("Ruritania", "sv", ["exempelby", "exempelvik"],
     ["t.ex. Exempelby kommun", "t.ex. Exempelviks stad", "(t.ex. Exempelviks stads)"]),
])
def test_init_names_the_municipalities_of_the_region(
        tmp_path: Path, region: str, language: Lang, ids: list[str], names: list[str]) -> None:
    """`init --region Pohjois-Savo` wrote Keski-Suomi's municipalities (muurame, Jyväskylän
    kaupunki) as the examples of the region's own, and `--lang sv` Österbotten's (korsholm,
    Vasa stad) whatever the region."""
    text = init_region(tmp_path, region=region, language=language).read_text("utf-8")
    assert not TEMPLATE_TOWNS[language].findall(text.replace(BILINGUAL[language], ""))
    for name in names:
        assert name in text, name
    pf = parse_plan(fill_with_examples(text, language))
    assert [p.id for p in pf.parties][2:] == ids
    assert pf.plan.measures[1].responsible == (pf.parties[0].id, ids[0])


@pytest.mark.parametrize("region", ["Keski-Suomi", "Mellersta Finland"])
def test_init_for_the_example_region_keeps_its_municipalities(tmp_path: Path,
                                                              region: str) -> None:
    text = init_region(tmp_path, region=region).read_text("utf-8")
    assert "esim. muurame tai jyvaskyla." in text
    assert "esim. Muuramen kunta tai Jyväskylän kaupunki." in text
    assert BILINGUAL["fi"] in text


@LANGS
@pytest.mark.parametrize("region", ["Pohjois-Savo", "Egentliga Finland", "Ruritania"])
def test_a_plan_of_another_region_validates_as_the_template_does(
        tmp_path: Path, lang: Lang, region: str) -> None:
    """Only the examples change: `validate` lists the same placeholders, on the same lines and
    with the same field paths, as for the template without a region (less 'alue', filled)."""
    def found(path: Path) -> list[str]:
        with pytest.raises(PlanError) as info:
            load_plan(path)
        return [i.where.replace(str(path), "plan.yaml") for i in info.value.issues]

    plain = found(init_region(tmp_path / "plain", language=lang))
    named = found(init_region(tmp_path / "named", region=region, language=lang))
    assert named == [w for w in plain if not w.endswith(" alue")]
    assert len(named) == len(plain) - 1 > 20


def test_every_region_has_a_municipality_and_a_city_with_valid_ids() -> None:
    from yhdyspinta_docs.plan._fields import ID_PATTERN
    from yhdyspinta_docs.plan._scaffold import _GENITIVES
    from yhdyspinta_docs.plan._scaffold_towns import TOWNS, towns_of

    assert len(TOWNS) == 22
    for region, towns in TOWNS.items():
        assert region.rpartition("-")[2] in _GENITIVES, region  # its examples name it too
        assert towns_of(region.upper()) == towns
        assert towns[0][0] != towns[1][0]
        text = init_region_text(region, "fi") + init_region_text(region, "sv")
        ids = re.findall(r"kunnan tunnus, esim\. (\S+)\"|kommunens beteckning, t\.ex\. (\S+)\"",
                         text)
        assert len(ids) == 4 and all(re.fullmatch(ID_PATTERN, a or b) for a, b in ids), ids
    assert towns_of("Helsinki") is None


def init_region_text(region: str, language: Lang) -> str:
    from yhdyspinta_docs.plan._scaffold import _with_region

    return _with_region(template_text(language), region, language)


@pytest.mark.parametrize("region", ["", "   ", "TÄYTÄ: x"])
def test_init_rejects_empty_region(tmp_path: Path, region: str) -> None:
    with pytest.raises(YhdyspintaError, match="region"):
        init_region(tmp_path, region=region)
    assert not (tmp_path / "plan.yaml").exists()


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("oma: suunnitelma\n", "utf-8")
    with pytest.raises(OutputError, match=r"use force=True to replace it"):  # a parameter
        init_region(tmp_path)
    assert path.read_text("utf-8") == "oma: suunnitelma\n"
    init_region(tmp_path, force=True)
    assert path.read_text("utf-8") == template_text()


@pytest.mark.parametrize("target", ["muualla/plan.yaml", "puuttuu/syva/plan.yaml"])
def test_init_does_not_write_through_a_linked_plan_file(tmp_path: Path, target: str) -> None:
    """A plan.yaml that is a link leads to a plan elsewhere (or to a place that is not
    there): init, also with force, neither replaces that plan with the template nor makes
    the folders the link names."""
    region = tmp_path / "alue"
    region.mkdir()
    elsewhere = tmp_path / "muualla"
    elsewhere.mkdir()
    (elsewhere / "plan.yaml").write_text("oma: suunnitelma\n", "utf-8")
    (region / "plan.yaml").symlink_to(Path("..") / target)
    with pytest.raises(OutputError, match="symbolic link"):
        init_region(region, force=True)
    assert (elsewhere / "plan.yaml").read_text("utf-8") == "oma: suunnitelma\n"
    assert not (tmp_path / "puuttuu").exists()
    assert (region / "plan.yaml").is_symlink()


def test_init_into_a_file_fails(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", "utf-8")
    with pytest.raises(OutputError, match="is a file"):
        init_region(tmp_path / "f")


# -- filled template: validate and build end to end ------------------------------------------


def test_template_filled_with_its_examples_builds(tmp_path: Path) -> None:
    text = fill_with_examples(template_text())
    assert find_placeholders(_parse(text)) == []
    pf = parse_plan(text)
    assert [p.id for p in pf.parties] == ["hyvinvointialue", "maakuntaliitto", "muurame",
                                          "jyvaskyla"]
    assert [m.id for m in pf.plan.measures] == ["asuminen", "valmiusharjoitus"]
    result = build(pf, tmp_path / "out", BuildOptions(key=KEY))
    manifest = json.loads(result.manifest.read_text("utf-8"))
    docx = [f["path"] for f in manifest["files"] if f["path"].endswith(".docx")]
    assert docx
    assert all((tmp_path / "out" / p).is_file() for p in docx)


@LANGS
def test_template_filled_inside_its_quotes_loads(lang: str) -> None:
    """A user who replaces only the words between the quotes of each placeholder
    (``pykala: "80"``, ``alkuvuosi: "2026"``) has a plan that loads: a section number in
    quotes was refused, telling them to write it 'as a plain number (80)', which they had."""
    text = PLACEHOLDER_RE[lang].sub(
        lambda m: json.dumps(_example_of(m.group(1), lang).strip('"'), ensure_ascii=False),
        template_text(lang))
    assert 'pykala: "80"' in text
    pf = parse_plan(text)
    assert pf.item.handling.section == 80
    assert [a.section for a in pf.agreement.approvals] == [80]


def test_section_number_with_sign_is_still_refused() -> None:
    text = fill_with_examples(template_text()).replace("pykala: 80", "pykala: '§ 80'", 1)
    with pytest.raises(PlanError, match=r"write the section number as a plain number \(80\)"):
        parse_plan(text)


def test_template_filled_by_hand_builds(tmp_path: Path) -> None:
    """What a user does: init, replace each placeholder with the region's data, build."""
    path = init_region(tmp_path / "pohjois-savo", region="Pohjois-Savo")
    values = {
        "hyvinvointialueen nimi": '"Pohjois-Savon hyvinvointialue"',
        "maakunnan liiton nimi": '"Pohjois-Savon liitto"',
        "ensimmäisen kunnan tunnus": "kuopio",
        "ensimmäisen kunnan nimi": '"Kuopion kaupunki"',
        "toisen kunnan tunnus": "siilinjarvi",
        "toisen kunnan nimi": '"Siilinjärven kunta"',
        "vastuussa olevan kunnan tunnus": "siilinjarvi",
        "voimaantulopäivä": "2026-01-01",
        "aluevaltuuston päätöksen päivämäärä": "2025-12-15",
        "aluevaltuuston päätöksen pykälä": "101",
        "suunnitelman tunnus": "pohjois-savo-2026",
        "suunnitelman nimi": '"Pohjois-Savon yhdyspintasuunnitelma 2026–2029"',
        "ensimmäinen vuosi": "2026",
        "viimeinen vuosi": "2029",
        "toimenpiteen tunnus": "hyte",
        "toisen toimenpiteen tunnus": "tilat",
        "määräaika": "2027-06-30",
        "kokouspäivä": "2026-03-09",
        "pykälän numero": "45",
        "asian otsikko": '"Pohjois-Savon yhdyspintasuunnitelma 2026–2029"',
    }
    path.write_text(fill_with_values(path.read_text("utf-8"), values), "utf-8")
    pf = load_plan(path)
    assert pf.region == "Pohjois-Savo"
    assert pf.party("siilinjarvi") is not None
    assert pf.item.handling.section == 45
    assert str(pf.item.handling.meeting_date) == "2026-03-09"
    assert pf.plan.measures[1].responsible == ("hyvinvointialue", "siilinjarvi")
    result = build(pf, tmp_path / "out", BuildOptions(key=KEY))
    manifest = json.loads(result.manifest.read_text("utf-8"))
    kinds = {(f["kind"], f["path"]) for f in manifest["files"]}
    assert ("decision", "paatosehdotus_hyvinvointialue_fi.docx") in kinds


def test_swedish_template_filled_with_its_examples_builds_swedish_documents(
        tmp_path: Path) -> None:
    """A Swedish-speaking region's start: `init --lang sv`, every FYLL I replaced, build."""
    from docx import Document

    path = init_region(tmp_path / "osterbotten", region="Österbotten", language="sv")
    path.write_text(fill_with_examples(path.read_text("utf-8"), "sv"), "utf-8")
    pf = load_plan(path)
    assert (pf.language, pf.languages, pf.region) == ("sv", ("sv",), "Österbotten")
    assert [p.id for p in pf.parties] == ["valfardsomrade", "forbund", "korsholm", "vasa"]
    result = build(pf, tmp_path / "out", BuildOptions(key=KEY, for_each_party=True,
                                                       drafts=True))
    made = {e.path for e in result.entries}
    assert {"beslutsforslag_valfardsomrade_sv.docx", "beslutsforslag_vasa_sv.docx"} <= made
    county = "\n".join(p.text for p in Document(
        str(tmp_path / "out" / "beslutsforslag_valfardsomrade_sv.docx")).paragraphs).replace(
        "\xa0", " ")  # '§ 80' is written with a no-break space
    for line in ("§ 80 Österbottens gränsytsplan 2026–2029", "Redogörelse för ärendet",
                 "Det strategiska samarbetsavtalet godkändes av välfärdsområdesfullmäktige "
                 "4.11.2025 (§ 80).", "Beslutsförslag",
                 "Välfärdsområdesstyrelsen beslutar godkänna gränsytsplanen.",
                 "Välfärdsområdesdirektör Anna Andersson"):
        assert line in county, line
    city = "\n".join(p.text for p in Document(
        str(tmp_path / "out" / "beslutsforslag_vasa_sv.docx")).paragraphs)
    assert "Stadsstyrelsen beslutar om godkännandet av planen för Vasa stads del." in city
    assert "Stadsstyrelsen beslutar för sin del godkänna gränsytsplanen." in city
    assert "TÄYTÄ" not in county + city and "FYLL I" not in county + city
