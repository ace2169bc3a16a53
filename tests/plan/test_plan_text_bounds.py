"""Plan YAML given as text (``parse_plan``, what a web service calls with an upload) is held to
the bounds of a plan file: at most :data:`MAX_PLAN_BYTES` in UTF-8, and characters only (a lone
surrogate from ``surrogateescape`` decoding or a JSON ``\\ud800`` is refused naming its line and
column, not passed to the YAML library, which fails on it with a UnicodeEncodeError)."""

from __future__ import annotations

import pytest

from yhdyspinta_docs.errors import PlanError
from yhdyspinta_docs.plan import PlanFile, parse_plan
from yhdyspinta_docs.plan._loader import MAX_PLAN_BYTES


@pytest.mark.parametrize("tail", [
    "#" + "x" * MAX_PLAN_BYTES,        # more characters than a plan file has bytes
    "# " + "ä" * (MAX_PLAN_BYTES // 2),  # fewer characters, but more bytes in UTF-8
], ids=["more-characters", "more-bytes"])
def test_plan_text_longer_than_a_plan_file_is_refused(example_source: str, tail: str) -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(example_source + tail, name="upload.yaml")
    assert str(caught.value).endswith(
        f"upload.yaml: is over {MAX_PLAN_BYTES} bytes, the most a plan file can be")


def test_plan_text_at_the_limit_is_read(example_source: str, example_plan: PlanFile) -> None:
    padded = example_source + "#" * (MAX_PLAN_BYTES - len(example_source.encode()) - 1) + "\n"
    assert len(padded.encode()) == MAX_PLAN_BYTES
    assert parse_plan(padded) == example_plan


@pytest.mark.parametrize("text", [
    "Keski\ud800Suomi",                                         # from JSON: "\ud800"
    "Keski-Suomi".encode("latin-1").decode("utf-8", "surrogateescape") + "\udce4",  # an upload
])
def test_a_lone_surrogate_is_refused_naming_line_and_column(example_source: str,
                                                            text: str) -> None:
    source = example_source.replace("Keski-Suomi", text, 1)
    line = source[:source.index(text)].count("\n") + 1
    column = source.index(text) - source.rfind("\n", 0, source.index(text))
    bad = next(c for c in text if 0xD800 <= ord(c) <= 0xDFFF)
    with pytest.raises(PlanError) as caught:
        parse_plan(source, name="upload.yaml")
    at = column + text.index(bad)
    assert str(caught.value).endswith(
        f"upload.yaml:{line}: column {at} has U+{ord(bad):04X}, half of a character (a lone "
        "surrogate): the text was not read as UTF-8; read the plan file as UTF-8 text (or give "
        "its path to load_plan), or type the character again")
