"""render_many / BatchTemplate: the same documents as render_docx, in order, errors intact.

The lean render path writes the package itself, so the main assertion is equality with
:func:`~yhdyspinta_docs.word._template.render_docx`: every XML part compared (a readable diff when
something differs), then the bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from helpers import decision_context_data
from yhdyspinta_docs.contexts._decision import decision_context
from yhdyspinta_docs.contexts._plan import plan_context
from yhdyspinta_docs.errors import Issue, MatrixError, TemplateError
from yhdyspinta_docs.output import _parallel as parallel
from yhdyspinta_docs.output._parallel import BatchTemplate, Job, plan_workers, render_many
from yhdyspinta_docs.plan._model import PlanFile
from yhdyspinta_docs.word._template import DocProperties, Figure, render_docx

ROOT = Path(__file__).resolve().parents[2]
DECISION = ROOT / "templates" / "decision.docx"
PLAN = ROOT / "templates" / "plan.docx"


data = decision_context_data()


def _props(title: str, language: str = "fi-FI", created: dt.date | None = dt.date(2026, 3, 3)
           ) -> DocProperties:
    return DocProperties(title=title, subject="Yhdyspintasuunnitelma", author="Lasse Leppä",
                         language=language, keywords="Aluehallitus; Esityslista",
                         created=created, category="Esityslista")


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def assert_same_document(ours: bytes, reference: bytes) -> None:
    """Every part equal (XML compared as text for a readable diff), then every byte."""
    mine, theirs = _parts(ours), _parts(reference)
    assert list(mine) == list(theirs)
    for name in theirs:
        if name.endswith((".xml", ".rels")):
            assert mine[name].decode("utf-8") == theirs[name].decode("utf-8"), name
        else:
            assert mine[name] == theirs[name], name
    assert ours == reference


@pytest.fixture(scope="module")
def party_jobs(example_plan: PlanFile) -> list[Job]:
    """The decision proposal of every party of the example, drafts where data is missing."""
    lead = example_plan.item.handling.party
    jobs: list[Job] = []
    for pid in [None, *(p.id for p in example_plan.parties if p.id != lead)]:
        ctx = decision_context(example_plan, pid, "fi", allow_drafts=True)
        jobs.append((ctx, _props(ctx["title"] + f" {pid}")))
    return jobs


# --- the same bytes as render_docx -----------------------------------------------------------


@pytest.mark.parametrize(
    "make", ["sample_context", "draft_context", "minimal_context", "nasty_context"])
def test_batch_template_equals_render_docx(make: str) -> None:
    batch = BatchTemplate(DECISION)
    batch.render(data.nasty_context(), _props("edellinen"))  # nothing leaks between renders
    ctx = getattr(data, make)()
    reference = render_docx(DECISION, ctx, properties=_props("x"))
    assert_same_document(batch.render(ctx, _props("x")), reference)
    # the lean path was taken (not the python-docx fallback), and matches on its own too
    assert batch.fast and batch.checked
    assert_same_document(batch._render(ctx, _props("x")), reference)


def test_every_party_of_the_example_equals_render_docx(party_jobs: list[Job]) -> None:
    ours = render_many(DECISION, party_jobs, workers=1)
    assert len(ours) == len(party_jobs)
    for doc, (ctx, props) in zip(ours, party_jobs, strict=True):
        assert_same_document(doc, render_docx(DECISION, ctx, properties=props))


def test_languages_and_missing_date(example_plan: PlanFile) -> None:
    ctx = decision_context(example_plan, None, "fi")
    batch = BatchTemplate(DECISION.read_bytes(), name="decision.docx")
    for props in (_props("a", "sv-FI"), _props("b", "fi"), _props("c", created=None),
                  _props("d", "sv-FI")):
        reference = render_docx(DECISION, ctx, properties=props)
        assert_same_document(batch.render(ctx, props), reference)
        assert_same_document(batch._render(ctx, props), reference)
    assert batch.fast


def test_plan_document_equals_render_docx(example_plan: PlanFile) -> None:
    ctx = plan_context(example_plan)
    props = _props(ctx["title"])
    [ours] = render_many(PLAN, [(ctx, props)])
    assert_same_document(ours, render_docx(PLAN, ctx, properties=props))


def _template(*paragraphs: str) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), "#0072B2").save(out, format="PNG")
    return out.getvalue()


def test_figure_contexts_take_the_docx_path_with_the_same_result() -> None:
    template = _template("Kuva:", "{{ chart }}", "{{ text }}")
    jobs: list[Job] = [
        ({"chart": Figure(_png(), 30, "Pylväät"), "text": "a\tb\nc"}, _props("kuva")),
        ({"chart": "ei kuvaa", "text": "tavallinen"}, _props("teksti")),
    ]
    batch = BatchTemplate(template)
    ours = [batch.render(ctx, props) for ctx, props in jobs]
    for doc, (ctx, props) in zip(ours, jobs, strict=True):
        assert_same_document(doc, render_docx(template, ctx, properties=props))
    assert "word/media/image1.png" in _parts(ours[0])
    assert batch.fast and batch.checked  # the plain context took the lean path


def test_tabs_breaks_and_lists_in_a_small_template() -> None:
    template = _template("{{ a }}", "välissä", "{{ b }}")
    jobs: list[Job] = [({"a": "yksi\ttab", "b": "rivi\nrivi"}, _props("1")),
                       ({"a": "ei mitään", "b": 7}, _props("2"))]
    batch = BatchTemplate(template)
    for ctx, props in jobs:
        assert_same_document(batch._render(ctx, props),
                             render_docx(template, ctx, properties=props))


def test_own_templates_are_checked_once_and_fall_back_if_different(
        monkeypatch: pytest.MonkeyPatch) -> None:
    template = _template("{{ a }}")
    assert BatchTemplate(DECISION).checked  # compared by the tests above
    batch = BatchTemplate(template)
    assert not batch.checked
    first = batch.render({"a": "yksi"}, _props("1"))
    assert batch.checked and batch.fast
    assert first == render_docx(template, {"a": "yksi"}, properties=_props("1"))
    other = BatchTemplate(template)
    monkeypatch.setattr(other, "_render", lambda ctx, props: b"not the same")
    assert other.render({"a": "kaksi"}, _props("2")) == render_docx(
        template, {"a": "kaksi"}, properties=_props("2"))
    assert not other.fast  # from now on through CompiledTemplate
    assert other.render({"a": "kolme"}, _props("3")) == render_docx(
        template, {"a": "kolme"}, properties=_props("3"))


# --- order, processes, progress --------------------------------------------------------------


def test_processes_give_the_same_documents_in_order(party_jobs: list[Job]) -> None:
    jobs = party_jobs * 3
    sequential = render_many(DECISION, jobs, workers=1)
    seen: list[int] = []
    fanned = render_many(DECISION, jobs, workers=2, progress=seen.append)
    assert fanned == sequential
    assert sorted(seen) == list(range(len(jobs)))
    titles = [props.title for _, props in jobs]
    for doc, title in zip(fanned, titles, strict=True):
        assert Document(io.BytesIO(doc)).core_properties.title == title


def test_progress_in_one_process(party_jobs: list[Job]) -> None:
    seen: list[int] = []
    render_many(DECISION, party_jobs[:3], workers=1, progress=seen.append)
    assert seen == [0, 1, 2]


def test_no_jobs() -> None:
    assert render_many(DECISION, []) == []


def test_plan_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    assert plan_workers(1) == 1
    assert plan_workers(parallel.FORK_MIN_JOBS - 1) == 1
    assert plan_workers(5, workers=3) == 3
    assert plan_workers(2, workers=8) == 2
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert plan_workers(10_000) == 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "3")
    assert plan_workers(10) == 3


# --- errors ----------------------------------------------------------------------------------


def _broken(jobs: list[Job], at: int) -> list[Job]:
    copies = [(dict(ctx), props) for ctx, props in jobs]
    del copies[at][0]["presenter"]
    return list(copies)


@pytest.mark.parametrize("workers", [1, 2])
def test_template_error_of_the_first_bad_job_propagates(party_jobs: list[Job],
                                                        workers: int) -> None:
    jobs = _broken(_broken(party_jobs * 3, 30), 50)
    ctx, props = jobs[30]
    with pytest.raises(TemplateError) as expected:
        render_docx(DECISION, ctx, properties=props)
    with pytest.raises(TemplateError, match="'presenter' is undefined") as info:
        render_many(DECISION, jobs, workers=workers)
    assert str(info.value) == str(expected.value)
    assert info.value.issues == expected.value.issues
    assert info.value.template == "decision.docx"
    assert info.value.exit_code == 3


def test_syntax_error_in_the_template() -> None:
    broken = _template("Otsikko", "{% if x %}ei loppua")
    with pytest.raises(TemplateError, match="syntax error"):
        render_many(broken, [({"x": 1}, _props("x"))])


def test_other_errors_propagate_too(party_jobs: list[Job]) -> None:
    ctx, _ = party_jobs[0]
    with pytest.raises(ValueError, match="not a tag"):
        render_many(DECISION, [(ctx, _props("x", language="suomi"))])


def test_bad_context_value_is_a_template_error() -> None:
    template = _template("{{ a.b }}")
    ctx: dict[str, Any] = {"a": 1}
    with pytest.raises(TemplateError) as info:
        render_many(template, [(ctx, _props("x"))], workers=1)
    with pytest.raises(TemplateError) as expected:
        render_docx(template, ctx, properties=_props("x"))
    assert str(info.value) == str(expected.value)


# --- map_outcomes ----------------------------------------------------------------------------


class _Refused(Exception):
    """Like our errors: constructed from more than its message."""

    def __init__(self, issues: list[str], header: str) -> None:
        super().__init__(f"{header}: {'; '.join(issues)}")
        self.issues = issues


def test_map_outcomes_in_order_with_errors_in_place() -> None:
    offset = 100  # a closure: forked workers inherit it

    def work(item: int) -> tuple[int, int]:
        time.sleep(0.003)  # long enough for the worker to take its share of the chunks
        if item % 7 == 3:
            raise _Refused([f"item {item}"], header="cannot read")
        return item + offset, os.getpid()

    items = list(range(40))
    for workers in (1, 2):
        out = parallel.map_outcomes(work, items, workers=workers)
        assert len(out) == len(items)
        for item, result in zip(items, out, strict=True):
            if item % 7 == 3:
                assert isinstance(result, _Refused)
                assert str(result) == f"cannot read: item {item}"
                assert result.issues == [f"item {item}"]
            else:
                assert not isinstance(result, Exception)
                assert result[0] == item + offset
        pids = {r[1] for r in out if not isinstance(r, Exception)}
        if workers == 2 and parallel._start_method() == "fork":
            assert len(pids) == 2  # the work was shared with a forked worker
        if workers == 1:
            assert pids == {os.getpid()}


def test_map_outcomes_carries_our_errors_across_processes() -> None:
    def read(item: int) -> int:
        if item == 20:
            raise MatrixError([Issue(f"kunta-{item}.xlsx: Seuranta!F2", "not a status")],
                              header="1 problem(s)")
        return item

    out = parallel.map_outcomes(read, range(24), workers=2)
    error = out[20]
    assert isinstance(error, MatrixError)
    assert error.issues == [Issue("kunta-20.xlsx: Seuranta!F2", "not a status")]
    assert str(error) == "1 problem(s)\nkunta-20.xlsx: Seuranta!F2: not a status"
    assert error.exit_code == 4
    assert [x for i, x in enumerate(out) if i != 20] == [i for i in range(24) if i != 20]


def test_map_outcomes_small_batches_stay_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.WORKERS_ENV, raising=False)
    out = parallel.map_outcomes(lambda item: os.getpid(), range(3))
    assert out == [os.getpid()] * 3


# Python 3.11's pool thread then fails on the chunks this process had taken back (it sets an
# exception on cancelled futures); harmless, the work is done here
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_dead_worker_means_doing_it_here() -> None:
    if parallel._start_method() != "fork":
        pytest.skip("needs the fork start method")
    parent = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != parent:
            os._exit(1)  # the worker dies, as if killed
        time.sleep(0.003)
        return item * 2

    assert parallel.map_outcomes(work, range(30), workers=2) == [i * 2 for i in range(30)]
