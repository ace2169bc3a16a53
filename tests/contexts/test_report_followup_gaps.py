"""What the follow-up report says of whom the merged matrix did not hear from, and of the
measures that a changed plan added or dropped since the previous follow-up.

The matrices are made, filled (openpyxl), collected and read back by the package itself, as
a coordinator's round does: the parties whose copy is collected are known only from what the
merged matrix records.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from yhdyspinta_docs.contexts._report import report_context, report_decision_context
from yhdyspinta_docs.contexts._types_report import ReportContext
from yhdyspinta_docs.matrix import collect, read_matrix, write_matrix
from yhdyspinta_docs.matrix._followup import FollowupData, FollowupRow, Status
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.plan._model import PlanFile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "keski-suomi" / "plan.yaml"
KEY = b"k" * 32
SENT = dt.date(2026, 9, 1)
BACK = dt.date(2026, 11, 2)
MISSING = "Seurantamatriisia eivät palauttaneet: "


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return load_plan(EXAMPLE)


def _copy(pf: PlanFile, party: str, folder: Path, status: str | None = "Käynnissä", *,
          previous: FollowupData | None = None, period: str = "2026") -> Path:
    """`party`'s copy, returned with `status` typed on its first row (None: as sent)."""
    wb = load_workbook(io.BytesIO(write_matrix(pf, key=KEY, party=party, date=SENT,
                                               previous=previous, period=period).data))
    if status is not None:
        ws = wb.worksheets[1]  # Seuranta, Uppföljning or both, after the instructions
        column = next(c.column for c in ws[1] if str(c.value).startswith(("Tilanne", "Läge")))
        ws.cell(2, column).value = status
    path = folder / f"seurantamatriisi_{party}.xlsx"
    wb.save(path)
    return path


def _merged(workbook: bytes, path: Path) -> Path:
    path.write_bytes(workbook)
    return path


def _summary_text(ctx: ReportContext) -> list[str]:
    return [b["text"] for b in ctx["summary"] if b["kind"] == "paragraph"]


def test_the_parties_whose_copy_was_not_collected_are_named(plan: PlanFile,
                                                            tmp_path: Path) -> None:
    files = [_copy(plan, "jyvaskyla", tmp_path),
             _copy(plan, "hankasalmi", tmp_path, None)]  # returned with nothing typed
    result = collect(plan, files, key=KEY, date=BACK)
    merged = read_matrix(_merged(result.workbook, tmp_path / "koottu.xlsx"), plan, key=KEY)
    assert merged.returned == ["hankasalmi", "jyvaskyla"] == result.data.returned
    ctx = report_context(plan, merged)
    assert len(ctx["not_returned"]) == len(result.not_returned) == 22
    assert ctx["not_returned"][:2] == ["Keski-Suomen hyvinvointialue", "Keski-Suomen liitto"]
    assert ctx["not_returned"][-1] == "Äänekosken kaupunki"
    assert "Hankasalmen kunta" not in ctx["not_returned"]  # it returned its copy empty
    sentence = (f"Vastuutahoista 2/24 palautti seurantamatriisin. "
                f"{MISSING}{', '.join(ctx['not_returned'])}.")
    assert sentence in _summary_text(ctx)  # so in the report and in its decision proposal
    proposal = report_decision_context(plan, ctx)
    assert sentence in [b["text"] for s in proposal["explanation"] for b in s["blocks"]
                        if b["kind"] == "paragraph"]


def test_collected_in_several_runs_every_copy_counts(plan: PlanFile, tmp_path: Path) -> None:
    """With --base, the parties collected before stay recorded as returned; a party whose
    copy has come since is no longer named."""
    first = _merged(collect(plan, [_copy(plan, "jyvaskyla", tmp_path)], key=KEY,
                            date=BACK).workbook, tmp_path / "koottu.xlsx")
    later = tmp_path / "later"
    later.mkdir()
    copies = [_copy(plan, p.id, later) for p in plan.parties
              if p.id not in ("jyvaskyla", "kinnula")]
    second = collect(plan, copies, key=KEY, date=BACK, base=first)
    assert second.not_returned == ["kinnula"]
    path = _merged(second.workbook, tmp_path / "koottu2.xlsx")
    ctx = report_context(plan, read_matrix(path, plan, key=KEY))
    assert ctx["not_returned"] == ["Kinnulan kunta"]
    assert ("Vastuutahoista 23/24 palautti seurantamatriisin. Seurantamatriisia ei "
            "palauttanut: Kinnulan kunta.") in _summary_text(ctx)


def test_a_matrix_never_collected_names_nobody(plan: PlanFile, tmp_path: Path) -> None:
    path = tmp_path / "yhdistetty.xlsx"
    path.write_bytes(write_matrix(plan, key=KEY, date=SENT, period="2026").data)
    data = read_matrix(path, plan, key=KEY)
    assert data.returned is None
    ctx = report_context(plan, data)
    assert ctx["not_returned"] == []
    assert not any("seurantamatriisi" in t.casefold() for t in _summary_text(ctx))


def test_next_year_a_party_that_did_not_return_is_named(plan: PlanFile,
                                                        tmp_path: Path) -> None:
    """Last year's entries carried into next year's matrix are no reply: a party that
    returned last year but not this year is named; one that returned its copy unchanged is
    not."""
    this = collect(plan, [_copy(plan, "jyvaskyla", tmp_path), _copy(plan, "joutsa", tmp_path)],
                   key=KEY, date=BACK)
    combined = tmp_path / "seuraava.xlsx"
    combined.write_bytes(write_matrix(plan, key=KEY, previous=this.data, period="2027",
                                      date=dt.date(2027, 1, 10)).data)
    folder = tmp_path / "2027"
    folder.mkdir()
    joutsa = _copy(plan, "joutsa", folder, None, previous=this.data, period="2027")
    result = collect(plan, [joutsa], key=KEY, date=dt.date(2027, 10, 1), base=combined)
    path = _merged(result.workbook, tmp_path / "koottu2027.xlsx")
    ctx = report_context(plan, read_matrix(path, plan, key=KEY), previous=this.data)
    assert "Jyväskylän kaupunki" in ctx["not_returned"]
    assert "Joutsan kunta" not in ctx["not_returned"]
    assert len(ctx["not_returned"]) == 23


def test_swedish_sentence(tmp_path: Path) -> None:
    pf = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")
    responsible = [p for p in pf.parties
                   if any(p in pf.responsible_parties(m) for m in pf.plan.measures)]
    files = [_copy(pf, p.id, tmp_path, "Valmis") for p in responsible[1:]]
    result = collect(pf, files, key=KEY, date=BACK)
    ctx = report_context(pf, result.data, "sv")
    name = responsible[0].name["sv"]  # type: ignore[index]
    assert ctx["not_returned"] == [name]
    assert (f"Av de ansvariga parterna har {len(responsible) - 1}/{len(responsible)} "
            "returnerat uppföljningsmatrisen. Följande part har inte returnerat "
            f"uppföljningsmatrisen: {name}.") in _summary_text(ctx)
    fi = report_context(pf, result.data, "fi")
    assert (f"Vastuutahoista {len(responsible) - 1}/{len(responsible)} palautti "
            "seurantamatriisin. Seurantamatriisia ei palauttanut: "
            f"{responsible[0].name['fi']}." in _summary_text(fi))  # type: ignore[index]


# --- a changed plan --------------------------------------------------------------------------


def _changed_plan(tmp_path: Path) -> PlanFile:
    """The example with measure valmiusharjoitus replaced by a new one, as version 2."""
    text = EXAMPLE.read_text(encoding="utf-8")
    old = ("    - tunnus: valmiusharjoitus\n"
           "      otsikko: Maakunnallisen valmiusharjoituksen toteuttaminen\n"
           "      vastuutahot: [kaikki]\n")
    new = ("    - tunnus: liikunta\n"
           "      otsikko: Liikuntaneuvonnan yhteinen palveluketju\n"
           "      vastuutahot: [hyvinvointialue, jyvaskyla]\n")
    assert old in text and '  versio: "1"\n' in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new).replace('  versio: "1"\n', '  versio: "2"\n'),
                    encoding="utf-8")
    return load_plan(path)


def test_measures_added_and_removed_since_the_previous_follow_up(plan: PlanFile,
                                                                  tmp_path: Path) -> None:
    last = collect(plan, [_copy(plan, p.id, tmp_path, "Valmis") for p in plan.parties[:3]],
                   key=KEY, date=BACK)
    assert sum(r.measure_id == "valmiusharjoitus" and r.has_entries
               for r in last.data.rows) == 0  # the first row of each copy is "asuminen"
    entries = last.data.model_copy(update={"rows": [
        r.model_copy(update={"status": Status.IN_PROGRESS}) if r.measure_id == "valmiusharjoitus"
        and r.party_id in ("jyvaskyla", "muurame") else r for r in last.data.rows]})
    pf = _changed_plan(tmp_path)
    made = write_matrix(pf, key=KEY, previous=entries, period="2027",
                        date=dt.date(2027, 1, 10), archive_date=dt.date(2027, 1, 10))
    path = tmp_path / "seuraava.xlsx"
    path.write_bytes(made.data)
    now = read_matrix(path, pf, key=KEY)
    now = now.model_copy(update={"rows": [
        r.model_copy(update={"status": Status.IN_PROGRESS}) if r.key == "liikunta/jyvaskyla" else r
        for r in now.rows]})
    ctx = report_context(pf, now, previous=entries)
    assert ctx["changes"] == [
        "Liikuntaneuvonnan yhteinen palveluketju: uusi toimenpide (Käynnissä 1, "
        "Ei merkintää 1)",
        "Maakunnallisen valmiusharjoituksen toteuttaminen: poistettu suunnitelmasta "
        "(2 merkintää siirretty arkistoon)"]
    assert not any("→" in line for line in ctx["changes"])
    # a party newly responsible for a measure that stays is new too, and one that left it
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8").replace(
        "vastuutahot: [hyvinvointialue, jyvaskyla]", "vastuutahot: [hyvinvointialue, muurame]")
    (tmp_path / "plan3.yaml").write_text(text.replace('versio: "2"', 'versio: "3"'),
                                         encoding="utf-8")
    pf3 = load_plan(tmp_path / "plan3.yaml")
    third = read_matrix(_merged(write_matrix(pf3, key=KEY, previous=now, period="2028",
                                             date=dt.date(2028, 1, 10)).data,
                                tmp_path / "2028.xlsx"), pf3, key=KEY)
    assert report_context(pf3, third, previous=now)["changes"] == [
        "Liikuntaneuvonnan yhteinen palveluketju – Muuramen kunta: uusi vastuutaho "
        "(Ei merkintää)",
        "Liikuntaneuvonnan yhteinen palveluketju – Jyväskylän kaupunki: vastuutaho poistettu "
        "toimenpiteestä (1 merkintä siirretty arkistoon)"]


def test_swedish_change_lines() -> None:
    pf = load_plan(ROOT / "examples" / "pohjanmaa" / "plan.yaml")
    m = pf.plan.measures[0]
    first, second = pf.responsible_parties(m)[:2]
    keep = FollowupRow.from_key(f"{m.id}/{first.id}", status="Valmis")
    gone = FollowupRow.from_key(f"vanha/{first.id}", measure="Gammal åtgärd", status="Klar")
    previous = FollowupData(plan_id=pf.plan.id, plan_version="0", period="2025",
                            rows=[keep, gone])
    now = FollowupData(plan_id=pf.plan.id, plan_version=pf.plan.version, period="2026",
                       rows=[keep], archived_rows=[gone])
    changes = report_context(pf, now, "sv", previous=previous)["changes"]
    title, name = m.title["sv"], second.name["sv"]  # type: ignore[index]
    assert f"{title} – {name}: ny ansvarig part (Ingen anteckning)" in changes
    assert changes[-1] == ("Gammal åtgärd: struken ur planen (1 anteckning har flyttats till "
                           "arkivet)")
    assert not any("→" in line for line in changes)
