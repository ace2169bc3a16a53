"""What a matrix says when its user picks a status or types a date: the data validations'
input messages and error alerts (from the template's Finnish) in the matrix's language(s)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import KEY, column_letter
from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.plan import load_plan
from yhdyspinta_docs.plan._fields import Lang

SWEDISH_FIRST = Path(__file__).resolve().parents[1] / "data" / "vastra_nyland_sv.yaml"
WHEN = dt.date(2026, 12, 6)
STATUS, UPDATED = column_letter("Tilanne"), column_letter("Päivitetty")
"""The columns with a validation, where the bundled template has them."""

FINNISH = ("Ei aloitettu", "Käynnissä", "Valmis", "Viivästynyt", "Valitse", "Päivämäärä",
           "Kirjoita", "Tilanne", "Päivitetty")


def _validations(data: bytes) -> list[tuple[str, str, str, str, str]]:
    wb = load_workbook(io.BytesIO(data))
    ws = next(wb[n] for n in wb.sheetnames if "Seuranta" in n or "Uppföljning" in n)
    return [(str(dv.sqref).split(":")[0], dv.promptTitle, dv.prompt, dv.errorTitle, dv.error)
            for dv in sorted(ws.data_validations.dataValidation, key=lambda d: str(d.sqref))]


def _matrix(path: Path, party: str | None, langs: tuple[Lang, ...] | None) -> bytes:
    from yhdyspinta_docs.matrix import write_matrix

    return write_matrix(load_plan(path), key=KEY, party=party, date=WHEN, langs=langs).data


def test_a_swedish_matrix_prompts_and_refuses_in_swedish() -> None:
    found = _validations(_matrix(SWEDISH_FIRST, "inkoo", None))
    assert found == sorted([  # in the order of _validations: by the cells they start at
        (f"{STATUS}2", "Läge", "Välj läge i listan.", "Läge",
         "Välj läge i listan: Inte påbörjad, Pågår, Klar, Försenad."),
        (f"{UPDATED}2", "Uppdaterad", "Datum, till exempel 1.7.2026.", "Uppdaterad",
         "Skriv ett datum, till exempel 1.7.2026."),
    ])
    text = " ".join(str(v) for row in found for v in row)
    assert not any(word in text for word in FINNISH)


def test_a_bilingual_matrix_gives_both_one_line_each_within_excels_limits() -> None:
    found = _validations(_matrix(example_plan_path("pohjanmaa"), None, ("fi", "sv")))
    at = {row[0]: row for row in found}
    status, date = at.pop(f"{STATUS}2"), at.pop(f"{UPDATED}2")
    assert not at
    assert status[1] == status[3] == "Tilanne / Läge"
    assert status[4] == ("Valitse tilanne luettelosta: Ei aloitettu, Käynnissä, Valmis, "
                         "Viivästynyt.\nVälj läge i listan: Inte påbörjad, Pågår, Klar, Försenad.")
    assert date[2] == "Päivämäärä, esimerkiksi 1.7.2026.\nDatum, till exempel 1.7.2026."
    for row in found:
        assert len(row[1]) <= 32 and len(row[3]) <= 32
        assert len(row[2]) <= 255 and len(row[4]) <= 255


@pytest.mark.parametrize("langs", [("fi",), None])
def test_a_finnish_matrix_keeps_the_templates_words(langs: tuple[Lang, ...] | None) -> None:
    found = _validations(_matrix(example_plan_path(), None, langs))
    status = {row[0]: row for row in found}[f"{STATUS}2"]
    assert status[1:] == ("Tilanne", "Valitse tilanne luettelosta.", "Tilanne",
                          "Valitse tilanne luettelosta: Ei aloitettu, Käynnissä, Valmis, "
                          "Viivästynyt.")
