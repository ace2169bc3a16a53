"""The documents of the approval round, in memory: the county board's summary (.docx, .xlsx),
the minutes extracts of recorded decisions, the web versions of both, and the round as open
data.

Rendered through the one Word render path (:class:`~yhdyspinta_docs.word.WordTemplate`) and
written by :func:`~yhdyspinta_docs._build.write_outputs` with the manifest, like every build.
An extract's web version's manifest line carries ``remove_after``: the last day of the appeal
period, after which it must come off the web. The summary's web version has none: it is not
minutes and has no appeal period (it goes on the web with the county board's agenda).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ._names import file_names
from .contexts._approvals import approval_status, lead_party
from .contexts._decision import handling_for
from .contexts._minutes import (
    approval_summary_context,
    minutes_appeal_kind,
    minutes_context,
    removal_date,
)
from .contexts._opendata import approvals_open_data
from .output._files import OutputFile
from .plan import Lang, PlanFile

__all__ = ["approval_documents", "approval_open_data_file", "check_approval_templates",
           "extract_name"]


def extract_name(pf: PlanFile, index: int, lang: Lang) -> str:
    """``poytakirjanote_jyvaskyla_hallitus_2026-03-09_110_fi.docx`` (a Swedish plan's
    ``protokollsutdrag_…``)."""
    assert pf.decisions is not None
    r = pf.decisions.records[index]
    return (f"{file_names(pf)['extract']}_{r.party}_{r.body}_{r.date.isoformat()}_"
            f"{r.section}_{lang}.docx")


def _removal(pf: PlanFile, index: int) -> dt.date | None:
    assert pf.decisions is not None
    record = pf.decisions.records[index]
    if record.published is None:
        return None
    party, handling, _ = handling_for(pf, record.party, allow_drafts=True)
    body = party.body(record.body)
    assert body is not None
    same = handling if handling.body == record.body else None
    return removal_date(record.published, minutes_appeal_kind(record, body.kind, same))


def _extract_languages(pf: PlanFile, party: str, languages: Sequence[Lang]) -> list[Lang]:
    """The languages of a party's minutes extracts: those of its own proposal (its ``kielet``
    where the run makes any of them: a Swedish-speaking municipality's minutes are Swedish,
    and its Päätös need not be written in Finnish), the lead party's in every one."""
    from .plan._loader import proposal_languages

    return list(languages) if party == lead_party(pf).id else proposal_languages(
        pf, party, languages)


def check_approval_templates(templates: Mapping[str, Path]) -> None:
    """Check a region's own ``approvals`` and ``extract`` templates (kind → file) before any
    use; :class:`~yhdyspinta_docs.errors.TemplateError` names the file and its problems."""
    from ._documents import check_templates_of
    from .word._check import BUILD_KINDS, DECISIONS_KINDS

    check_templates_of(templates, DECISIONS_KINDS, BUILD_KINDS, "build")


def approval_documents(pf: PlanFile, *, as_of: dt.date | None = None,
                       languages: Sequence[Lang] | None = None, extracts: bool = False,
                       public: bool = False, pdf: bool = False, pdfa: bool = False,
                       templates: Mapping[str, str | Path] | None = None) -> list[OutputFile]:
    """The approval round of `pf` on `as_of` (default: ``paatokset.tilanne``, else the latest
    decision's date): ``hyvaksyminen_<lang>.docx`` and ``.xlsx`` for the county board,
    ``avoin-data/hyvaksyminen.json``; with `extracts`, a minutes extract of every recorded
    decision up to the status day (in the party's own languages, as its proposal; a later
    one is not counted in the summary, so it gets none); with `public` the web versions
    under ``julkinen/``: the summary's (.docx and .xlsx, with or without `extracts`) and each
    extract's, the plan's personal data replaced as in every public version. `pdf`: a PDF of
    every .docx; `pdfa`: the PDFs as PDF/A-2b for the archive (implies `pdf`; needs pikepdf,
    checked before anything is made).

    `templates` maps ``approvals`` and ``extract`` to a region's own Word templates; each is
    checked first (:func:`~yhdyspinta_docs.word.ensure_template_ok`), and a problem raises
    :class:`~yhdyspinta_docs.errors.TemplateError` naming the file before anything is made."""
    from ._arguments import day_argument, languages_argument
    from ._assets import default_template
    from .contexts._localizer import Localizer
    from .matrix._approvals import approvals_workbook
    from .word import DocProperties, WordTemplate
    from .word._properties import keyword

    as_of = day_argument(as_of, "approval_documents(as_of=…)")
    languages = languages_argument(languages, "approval_documents(languages=…)")
    if pdfa:
        from .output._pdfa import require_pikepdf

        require_pikepdf()
    own = {kind: Path(path) for kind, path in (templates or {}).items()}
    check_approval_templates(own)
    status = approval_status(pf, as_of)
    when = status.as_of or pf.plan.date or pf.agreement.valid_from
    lead = lead_party(pf).id
    summary_t = WordTemplate(own.get("approvals") or default_template("approvals"))
    extract_t = (WordTemplate(own.get("extract") or default_template("extract"))
                 if extracts else None)
    names = file_names(pf)
    out: list[OutputFile] = []
    published: list[dict[str, Any]] = []
    languages = list(languages or pf.languages)
    for lang in languages:
        full = approval_summary_context(pf, lang, status=status)
        # the web version: the same summary with the plan's personal data replaced, as in
        # every public version (the Käsittely notes it quotes may name people)
        summaries = [("", full)] + ([(names["public"], Localizer(pf, lang).redact(full))]
                                    if public else [])
        for prefix, ctx in summaries:
            props = DocProperties(
                title=ctx["title"], subject=ctx["title"], author=ctx["organisation"],
                last_modified_by=ctx["organisation"], language=f"{lang}-FI",
                keywords=f"{ctx['body']}; {ctx['doc_type']}; {keyword(lang, 'plan')}",
                created=when, category=ctx["doc_type"])
            out.append(OutputFile(f"{prefix}{names['approvals']}_{lang}.docx", "approvals",
                                  summary_t.render(ctx, props), party=lead, lang=lang,
                                  title=ctx["title"]))
            out.append(OutputFile(f"{prefix}{names['approvals']}_{lang}.xlsx", "approvals",
                                  approvals_workbook(pf, lang, status=status,
                                                     public=bool(prefix)),
                                  party=lead, lang=lang, title=ctx["title"]))
        if extract_t is None or pf.decisions is None:
            continue
        for i, record in status.counted:  # none after the status day (not counted)
            if lang not in _extract_languages(pf, record.party, languages):
                continue
            variants = [("", False)] + ([(names["public"], True)] if public else [])
            for prefix, web in variants:
                mctx = minutes_context(pf, i, lang, public=web)
                title = f"{mctx['doc_type']} {mctx['body']} {mctx['date']} {mctx['section']}"
                mprops = DocProperties(
                    title=title, subject=mctx["title"], author=mctx["organisation"],
                    last_modified_by=mctx["organisation"], language=f"{lang}-FI",
                    keywords=f"{mctx['body']}; {mctx['doc_type']}; {keyword(lang, 'plan')}",
                    created=record.date, category=mctx["doc_type"])
                removal = _removal(pf, i) if web else None
                extra = {"remove_after": removal.isoformat()} if removal else {}
                path = prefix + extract_name(pf, i, lang)
                out.append(OutputFile(path, "extract", extract_t.render(mctx, mprops),
                                      party=record.party, lang=lang, title=title, extra=extra))
                if web:
                    published.append({"path": path, "party": record.party,
                                      "remove_after": removal.isoformat() if removal else None})
    out.append(approval_open_data_file(pf, as_of=as_of, published=published))
    if pdf or pdfa:
        from .output._package import make_pdfs

        out += make_pdfs(out, when, pdfa=pdfa)
    return out


def approval_open_data_file(pf: PlanFile, *, as_of: dt.date | None = None,
                            published: Sequence[dict[str, Any]] = ()) -> OutputFile:
    """``avoin-data/hyvaksyminen.json`` (a Swedish plan's ``oppna-data/godkannande.json``):
    the approval round as open data (every build with open data and recorded decisions has
    it)."""
    names = file_names(pf)
    return OutputFile(f"{names['open_data']}{names['approvals']}.json", "opendata",
                      approvals_open_data(pf, approval_status(pf, as_of), published),
                      party=lead_party(pf).id, lang=pf.languages[0], title=names["approvals"])
