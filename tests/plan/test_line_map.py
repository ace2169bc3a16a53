"""line_map formats a field path as file:line path: given as a tuple of keys and indexes, or
as messages write it; default_key_path takes a path as text too."""

from __future__ import annotations

from pathlib import Path

from yhdyspinta_docs._assets import example_plan_path
from yhdyspinta_docs.matrix import default_key_path
from yhdyspinta_docs.plan import line_map


def test_a_path_as_messages_write_it_is_the_same_path() -> None:
    lines = line_map(example_plan_path())
    name = str(example_plan_path())
    assert lines(("asia", "kasittely")) == lines("asia.kasittely")
    assert lines("asia.kasittely").startswith(f"{name}:") and \
        lines("asia.kasittely").endswith(" asia.kasittely")
    deep = lines("suunnitelma.toimenpiteet[2].vastuutahot[0]")
    assert deep == lines(("suunnitelma", "toimenpiteet", 2, "vastuutahot", 0))
    assert deep.endswith(" suunnitelma.toimenpiteet[2].vastuutahot[0]")
    assert lines("suunnitelma.toimenpiteet[2]") != lines("suunnitelma")


def test_the_key_path_of_a_plan_given_as_text(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    assert default_key_path(str(plan)) == default_key_path(plan) == tmp_path / "plan.yaml.key"
