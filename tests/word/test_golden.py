"""Rendered documents compared part by part with golden XML (docxcompose's ComparableDocument
is the model).

For both examples: the decision proposal of the lead party (the county) and of one other
party, the plan document and the follow-up report, in every language of the plan. Each XML
part is pretty-printed and compared with ``tests/golden/<document>/<part>.xml``; other parts
(images) by SHA-256 in ``<part>.sha256``. On a difference the test fails with a unified diff
and writes what was rendered to ``tests/golden_debug/<document>/`` (ignored by git). After an
intended change of a template or of the render, rewrite the golden files with::

    UPDATE_GOLDEN=1 python -m pytest tests/word/test_golden.py

and review ``git diff tests/golden``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
import os
import shutil
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from yhdyspinta_docs._build import BuildOptions, make_decisions, make_plan_documents, make_report
from yhdyspinta_docs.plan._loader import load_plan
from yhdyspinta_docs.word._check import sample_followup

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
DEBUG = ROOT / "tests" / "golden_debug"
EXAMPLES = ["keski-suomi", "pohjanmaa"]
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@cache
def _documents(example: str) -> dict[str, bytes]:
    """`example`'s golden documents, by name ``<example>_<file name without .docx>``."""
    pf = load_plan(ROOT / "examples" / example / "plan.yaml")
    options = BuildOptions(for_each_party=True, drafts=True, matrix=False, open_data=False)
    lead = pf.item.handling.party
    other = next(p.id for p in pf.parties if p.id != lead)
    out = {f.path: f.data for f in make_decisions(pf, options)
           if f.party in (lead, other)}
    out.update((f.path, f.data) for f in make_plan_documents(pf, options))
    now, previous = sample_followup(pf)
    out.update((f.path, f.data) for f in make_report(pf, now, options, previous=previous,
                                                     on=dt.date(2026, 10, 1))
               if f.kind == "report")
    return {f"{example}_{path.removesuffix('.docx')}": data for path, data in out.items()}


def _cases() -> list[tuple[str, str]]:
    names = {"keski-suomi": ["paatosehdotus_hyvinvointialue_fi", "paatosehdotus_maakuntaliitto_fi",
                             "yhdyspintasuunnitelma_fi", "seurantaraportti_2026_fi"],
             "pohjanmaa": [f"{stem}_{lang}" for lang in ("fi", "sv")
                           for stem in ("paatosehdotus_hyvinvointialue",
                                        "paatosehdotus_maakuntaliitto",
                                        "yhdyspintasuunnitelma", "seurantaraportti_2026")]}
    return [(example, f"{example}_{name}") for example in EXAMPLES for name in names[example]]


def comparable_parts(data: bytes) -> dict[str, str]:
    """Every part of a .docx as text to compare: XML pretty-printed, others as SHA-256."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in package.namelist():
            content = package.read(member)
            if member.endswith((".xml", ".rels")):
                root = etree.fromstring(content, _PARSER)
                out[f"{member}.xml" if not member.endswith(".xml") else member] = etree.tostring(
                    root, pretty_print=True, encoding="unicode")
            else:
                out[f"{member}.sha256"] = hashlib.sha256(content).hexdigest() + "\n"
    return out


def _stored(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text("utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(folder: Path, parts: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in parts.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")


@pytest.mark.parametrize(("example", "name"), _cases())
def test_rendered_parts_equal_golden(example: str, name: str) -> None:
    documents = _documents(example)
    assert name in documents, sorted(documents)
    parts = comparable_parts(documents[name])
    folder = GOLDEN / name
    if UPDATE:
        _write(folder, parts)
    expected = _stored(folder)
    if parts == expected:
        shutil.rmtree(DEBUG / name, ignore_errors=True)
        return
    _write(DEBUG / name, parts)
    diff: list[str] = []
    for part in sorted(set(parts) | set(expected)):
        diff += difflib.unified_diff(
            expected.get(part, "").splitlines(keepends=True),
            parts.get(part, "").splitlines(keepends=True),
            f"golden/{name}/{part}", f"golden_debug/{name}/{part}", n=2)
    pytest.fail(f"{name} differs from tests/golden/{name} (rendered parts saved in "
                f"tests/golden_debug/{name}; UPDATE_GOLDEN=1 rewrites the golden files):\n"
                + "".join(diff[:400]))
