"""The matrix template is loaded once per process; every matrix is made from its own copy.

A matrix made from the kept copy must be the very file a fresh load of the template makes,
whatever matrices were made before it: a party's copy, the combined copy carrying entries
over into the archive, a merged matrix with conflicts, in one language or two.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_collect import fill
from test_matrix import changed_plan

from helpers import KEY
from yhdyspinta_docs.matrix import FollowupData, _fill, collect, read_matrix, write_matrix
from yhdyspinta_docs.plan import PlanFile, load_plan

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 5, 4)


def _made(pf: PlanFile, party: str | None, previous: FollowupData | None = None) -> bytes:
    return write_matrix(pf, key=KEY, party=party, previous=previous, date=DAY).data


@pytest.mark.parametrize("example", ["keski-suomi", "pohjanmaa"])
def test_every_matrix_from_the_kept_copy_is_the_file_a_fresh_load_makes(example: str) -> None:
    pf = load_plan(ROOT / "examples" / example / "plan.yaml")
    parties = [None, *(p.id for p in pf.parties if p.id != pf.lead.id)][:4]
    fresh = {}
    for party in parties:
        _fill.forget_loaded()
        fresh[party] = _made(pf, party)
    # one after another from the kept copy, and the first again after the others were filled
    for party in [*parties, parties[0]]:
        assert _made(pf, party) == fresh[party], party


def test_merged_and_archived_matrices_from_the_kept_copy_are_as_from_a_fresh_load(
        example_plan: PlanFile, tmp_path: Path) -> None:
    sent = write_matrix(example_plan, key=KEY, party="joutsa", date=DAY).data
    paths = []
    for n, text in enumerate(["Aloitettu", "Kesken"]):  # two versions that disagree
        path = tmp_path / f"joutsa-{n}.xlsx"
        fill(sent, {"tietopohja/joutsa": {"Tilannekuvaus": text}}).save(path)
        paths.append(path)

    def merged() -> bytes:
        result = collect(example_plan, paths, key=KEY, date=DAY)
        assert result.conflicts, "two disagreeing versions make a conflict"
        return result.workbook

    merged_path = tmp_path / "koottu.xlsx"  # one version collected: no conflict
    merged_path.write_bytes(collect(example_plan, paths[:1], key=KEY, date=DAY).workbook)
    changed = changed_plan(example_plan, version="2", drop=("tietopohja",))
    previous = read_matrix(merged_path, changed, key=KEY)

    def carried() -> bytes:
        result = write_matrix(changed, key=KEY, previous=previous, date=DAY)
        assert any(a.key == "tietopohja/joutsa" for a in result.archived)
        return result.data

    kept = [merged(), carried(), merged()]
    _fill.forget_loaded()
    assert merged() == kept[0] == kept[2]
    _fill.forget_loaded()
    assert carried() == kept[1]


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets an item each time the template is loaded from its file."""
    loads: list[int] = []
    real = _fill._load

    def load(*args: object) -> object:
        loads.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_fill, "_load", load)
    return loads


def test_a_template_that_cannot_be_copied_is_loaded_for_every_matrix(
        example_plan: PlanFile, monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot(_: object) -> bytes:
        raise TypeError("cannot pickle '_io.BufferedReader' object")

    _fill.forget_loaded()
    loads = _count_loads(monkeypatch)
    monkeypatch.setattr(_fill, "_pickled", cannot)
    made = [_made(example_plan, "joutsa") for _ in range(3)]
    assert len(loads) == 3
    assert made[0] == made[1] == made[2]
    monkeypatch.undo()
    _fill.forget_loaded()
    assert _made(example_plan, "joutsa") == made[0]


def test_a_kept_copy_that_cannot_be_read_back_is_loaded_again(
        example_plan: PlanFile, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another openpyxl may rebuild its objects differently: a kept copy that fails to load
    is dropped and the template loaded again, the matrix the same."""
    _fill.forget_loaded()
    first = _made(example_plan, "joutsa")  # the template is kept now

    def broken(_: bytes) -> object:
        raise AttributeError("'DimensionHolder' object has no attribute 'worksheet'")

    loads = _count_loads(monkeypatch)
    monkeypatch.setattr(_fill.pickle, "loads", broken)
    assert _made(example_plan, "joutsa") == first
    assert loads == [1]
