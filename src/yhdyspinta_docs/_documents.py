"""The Word documents of a build: decision proposals, plan documents and the follow-up report.

Each kind is rendered from one compiled template (:class:`~yhdyspinta_docs.word.WordTemplate`)
for every party and language; the results are :class:`~yhdyspinta_docs.output.OutputFile`
objects in memory, which :mod:`._build` writes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._names import file_names
from .contexts._decision import decision_contexts, decision_title, draft_note, handling_for
from .contexts._opendata import decision_open_data, dumps
from .errors import Issue, MatrixError, PlanError
from .output._files import OutputFile
from .plan import Handling, Lang, PlanFile
from .plan._loader import proposal_languages

if TYPE_CHECKING:
    from ._build import BuildOptions, BuildResult, Progress
    from .contexts import DecisionContext
    from .matrix import FollowupData
    from .word import DocProperties

__all__ = [
    "check_arguments",
    "check_templates_of",
    "check_user_templates",
    "make_decisions",
    "make_plan_documents",
    "make_report",
    "plan_name",
    "previous_problem",
    "write_report",
]


def _template(kind: str, options: BuildOptions) -> Path:
    from ._assets import default_template

    return Path(options.templates[kind]) if kind in options.templates else default_template(kind)


def check_user_templates(options: BuildOptions) -> None:
    """Check every user template of `options` before anything is rendered; a broken one
    raises TemplateError listing all its problems, and nothing is written."""
    from .word._check import BUILD_KINDS, DECISIONS_KINDS

    check_templates_of(options.templates, BUILD_KINDS, DECISIONS_KINDS, "decisions")


def check_arguments(pf: object, options: object, outdir: object, function: str) -> None:
    """Refuse a plan, options or output folder of the wrong type before any work, with the
    error of what it is about, naming the argument and what to give (a type checker finds
    these too; unchecked, they failed deep inside: "'str' object has no attribute …")."""
    from ._arguments import key_argument, languages_argument
    from ._arguments import shown_type as a  # never the value itself: a key as text is the key
    from ._build import BuildOptions
    from .errors import OutputError, TemplateError, YhdyspintaError

    if not isinstance(pf, PlanFile):
        path = str(pf) if isinstance(pf, str | os.PathLike) else None
        given = f"the path {path!r}" if path else a(pf)
        raise PlanError([Issue("", f"{function}() takes the plan as a PlanFile, not {given}: "
                               f"plan = yhdyspinta_docs.load_plan({path or 'plan.yaml'!r}), "
                               f"then {function}(plan, …)")])
    if not isinstance(options, BuildOptions):
        raise YhdyspintaError(f"{function}(): options is a yhdyspinta_docs.BuildOptions(…), "
                              f"not {a(options)}")
    if not isinstance(outdir, str | os.PathLike):
        raise OutputError(f"{function}(): outdir is the folder to write into, e.g. 'out', not "
                          f"{a(outdir)}")
    if options.key is not None:
        key_argument(options.key, "BuildOptions(key=…)")
    if options.languages is not None:
        languages_argument(options.languages, "BuildOptions(languages=…)")
    if not isinstance(options.templates, Mapping) or not all(
            isinstance(f, str | os.PathLike) for f in options.templates.values()):
        raise TemplateError([Issue("", "BuildOptions(templates=…) maps a kind to a file, e.g. "
                                   "{'decision': 'templates/decision.docx'}, not "
                                   f"{options.templates!r}"[:300])])
    if options.period is not None and not isinstance(options.period, str):
        raise MatrixError([Issue("", "BuildOptions(period=…) is a text, e.g. period='2026', "
                                 f"not {options.period!r}")])


def check_templates_of(templates: Mapping[str, str | Path], kinds: Sequence[str],
                       elsewhere: Sequence[str] = (), command: str = "") -> None:
    """Check every user template in `templates` (kind → file), whose kinds must be among
    `kinds` (a kind among `elsewhere` is told to belong to `command`); TemplateError names the
    file and lists all its problems."""
    from .errors import TemplateError
    from .word import ensure_template_ok

    for kind, path in templates.items():
        if kind not in kinds:
            python = {"build": "BuildOptions(templates=…)",
                      "decisions": "write_decisions(templates=…)"}.get(command)
            where = (f"; '{kind}' is a template of the '{command}' command"
                     + (f" ({python})" if python else "")
                     if kind in elsewhere else "")
            from .word._tags import suggest

            hint = suggest(kind, kinds) if kind not in elsewhere else None
            where += f" (did you mean '{hint}'?)" if hint else ""
            raise TemplateError([Issue(str(path), f"unknown document kind '{kind}'{where}; use "
                                       "one of " + ", ".join(kinds))])
        ensure_template_ok(Path(path), kind)


def _decision_jobs(pf: PlanFile, options: BuildOptions
                   ) -> list[tuple[Lang, str | None, DecisionContext, DecisionContext | None]]:
    """Every decision context of the build, made once, with its public version where the
    build needs one (web versions, open data); all problems raised together."""
    lead = pf.item.handling.party
    parties: list[str | None] = [None]
    if options.for_each_party:
        parties += [p.id for p in pf.parties if p.id != lead]
    publics = (False, True) if options.public or options.open_data else (False,)
    jobs: list[tuple[Lang, str | None, DecisionContext, DecisionContext | None]] = []
    issues: list[Issue] = []
    languages = options.languages or pf.languages
    for lang in languages:
        for pid in parties:
            if lang not in proposal_languages(pf, pid, languages):
                continue
            try:
                made = decision_contexts(pf, pid, lang, publics=publics,
                                         allow_drafts=options.drafts)
            except PlanError as exc:  # named as a build's (BuildOptions.drafts), once a field
                seen = {j.where for j in issues}  # (not once a language)
                issues += [Issue(i.where, i.what.replace(
                    "allow_drafts=True", "BuildOptions(drafts=True)"))
                    for i in exc.issues if i.where not in seen]
                continue
            jobs.append((lang, pid, made[0], made[1] if len(made) > 1 else None))
    if issues:
        # every party without handling data is named at the top, however long the list below
        missing = [p.id for p in pf.parties if p.id in parties and p.handling is None]
        listed = (f" ({len(missing)} parties have none: {', '.join(missing)})"
                  if len(missing) > 1 else "")
        raise PlanError(issues, header=f"{len(issues)} problem(s) in the handling data"
                        f"{listed}; fix them, or build visibly marked drafts with "
                        "BuildOptions(drafts=True)")
    return jobs


def _decision_properties(pf: PlanFile, ctx: DecisionContext, handling: Handling, *,
                         public: bool) -> DocProperties:
    from .word import DocProperties
    from .word._properties import keyword

    lang: Lang = ctx["lang"]
    title = decision_title(ctx)
    keywords = f"{ctx['body']}; {ctx['labels']['doc_type']}; {keyword(lang, 'plan')}"
    created = handling.meeting_date or document_date(pf)
    if public:  # never a person: the organisation writes and last modifies web versions
        from .contexts._localizer import redact_public

        return DocProperties(
            title=title, subject=redact_public(pf, lang, plan_name(pf, lang)),
            author=ctx["organisation"], last_modified_by=ctx["organisation"],
            language=f"{lang}-FI", keywords=keywords, created=created,
            category=ctx["labels"]["doc_type"])
    author = handling.preparers[0].name if handling.preparers else ctx["organisation"]
    return DocProperties(
        title=title, subject=plan_name(pf, lang), author=author, language=f"{lang}-FI",
        keywords=keywords, created=created, category=ctx["labels"]["doc_type"])


def make_decisions(pf: PlanFile, options: BuildOptions, *,
                   progress: Progress | None = None) -> list[OutputFile]:
    """Render the decision proposal(s) in memory: the item's own, and with `for_each_party`,
    one for every other party (a visibly marked draft where data is missing, with `drafts`).

    With `public`, web versions without personal data are made too (under ``julkinen/``);
    with `open_data`, each item also as 6Aika-shaped JSON (always from the public version).
    All proposals are rendered from one template compiled once
    (:class:`~yhdyspinta_docs.word.WordTemplate`).
    """
    from .word import WordTemplate

    names = file_names(pf)
    out: list[OutputFile | None] = []
    pending: list[tuple[int, str, str, Lang, str]] = []  # slot, path, party, lang, title
    jobs: list[tuple[Mapping[str, Any], DocProperties]] = []
    for lang, pid, ctx, public_ctx in _decision_jobs(pf, options):
        party, handling, _ = handling_for(pf, pid, allow_drafts=options.drafts)
        name = f"{names['decision']}_{party.id}_{lang}.docx"
        variants = [("", ctx, False)] + ([(names["public"], public_ctx, True)]
                                         if options.public and public_ctx else [])
        for prefix, context, public in variants:
            pending.append((len(out), prefix + name, party.id, lang, context["title"]))
            jobs.append((context, _decision_properties(pf, context, handling, public=public)))
            out.append(None)
        if options.open_data and public_ctx is not None:
            record = decision_open_data(
                public_ctx, item_id=pf.plan.id, party_id=party.id,
                meeting_date_iso=handling.meeting_date.isoformat()
                if handling.meeting_date else None,
                section=handling.section, dnro=handling.dnro,
                attachments_public=[True] * pf.item.attach_plan
                + [a.public for a in pf.item.attachments])
            out.append(OutputFile(f"{names['open_data']}{names['decision']}_{party.id}_{lang}.json",
                                  "opendata", dumps(record), party=party.id, lang=lang,
                                  title=public_ctx["title"]))

    template = WordTemplate(_template("decision", options))
    for (slot, path, party_id, lang, title), (values, props) in zip(pending, jobs, strict=True):
        data = template.render(values, props)
        out[slot] = OutputFile(path, "decision", data, party=party_id, lang=lang, title=title,
                               extra=draft_note(values))
        if progress and not path.startswith(names["public"]):
            progress(path)
    return [f for f in out if f is not None]


def make_plan_documents(pf: PlanFile, options: BuildOptions, *,
                        progress: Progress | None = None) -> list[OutputFile]:
    """The plan document (the attachment), per language, and its web version with `public`;
    with `for_each_party`, also each other party's, headed by that party's own handling (as
    its decision proposal is made, in the party's languages)."""
    from .contexts import plan_context
    from .plan._loader import proposal_languages
    from .word import DocProperties, WordTemplate
    from .word._properties import keyword

    compiled = WordTemplate(_template("plan", options))
    names = file_names(pf)
    languages = options.languages or pf.languages
    parties: list[str | None] = [None]
    if options.for_each_party and pf.item.attach_plan:  # not attached: the plan itself alone
        parties += [p.id for p in pf.parties if p.id != pf.item.handling.party]
    out: list[OutputFile] = []
    for lang in languages:
        for pid in parties:
            if pid is not None and lang not in proposal_languages(pf, pid, languages):
                continue
            stem = f"{names['plan']}_{pid}_{lang}" if pid else f"{names['plan']}_{lang}"
            for prefix, public in [("", False)] + ([(names["public"], True)] if options.public
                                                    else []):
                ctx = plan_context(pf, lang, public=public, party=pid)
                props = DocProperties(  # a draft's attachment titled as its proposal is
                    title=f"{ctx['labels']['draft']} – {ctx['title']}" if ctx["draft"]
                    else ctx["title"], subject=ctx["agreement"]["name"],
                    author=ctx["organisation"], language=f"{lang}-FI",
                    keywords=f"{keyword(lang, 'plan')}; {ctx['legal_basis']}",
                    created=pf.plan.date or document_date(pf), category=ctx["doc_type"])
                out.append(OutputFile(f"{prefix}{stem}.docx", "plan",
                                      compiled.render(ctx, props), party=pid, lang=lang,
                                      title=ctx["title"]))
            if progress:
                progress(f"{stem}.docx")
    return out


def _year(period: str | None) -> int | None:
    """The first year a follow-up period names ("2026", "2026–2027"), if any."""
    import re

    found = re.search(r"(?<!\d)(\d{4})(?!\d)", period or "")
    return int(found[1]) if found else None


def previous_problem(followup: FollowupData, previous: FollowupData) -> str | None:
    """Why `previous` cannot be the earlier period `followup` is compared with, or None.

    The same collection (or another of the same period) would show every entry of this period
    as carried over and no change; a later period would show the changes backwards."""
    same = previous.period == followup.period
    if same and (previous.period is not None or previous.rows == followup.rows):
        shown = f" ({followup.period})" if followup.period else ""
        return (f"is of the same follow-up period{shown} as the matrix reported on: the report "
                "would show every entry as carried over from an earlier period and nothing as "
                "changed; give last period's merged matrix, or leave --previous out")
    this, before = _year(followup.period), _year(previous.period)
    if this is not None and before is not None and before > this:
        return (f"is of a later follow-up period ({previous.period}) than the matrix reported "
                f"on ({followup.period}): the report would show the changes backwards; give "
                "the earlier period's merged matrix as --previous")
    return None


def make_report(pf: PlanFile, followup: FollowupData, options: BuildOptions, *,
                previous: FollowupData | None = None, meeting_date: dt.date | None = None,
                section: int | None = None, on: dt.date | None = None) -> list[OutputFile]:
    """The annual follow-up report and its decision proposal ("merkitsee tiedoksi"), per
    language; the decision is a visibly marked draft until a meeting date is given. With
    `options.public`, also the web versions of both under ``julkinen/`` (no contacts, the
    plan's personal data replaced)."""
    from .contexts import report_context, report_decision_context
    from .word import DocProperties, WordTemplate
    from .word._properties import keyword

    if previous is not None and (problem := previous_problem(followup, previous)):
        raise MatrixError([Issue("previous", problem)])
    check_user_templates(options)
    report_t = WordTemplate(_template("report", options))
    names = file_names(pf)
    decision_t = WordTemplate(_template("decision", options))
    out: list[OutputFile] = []
    party = pf.item.handling.party or ""
    # the date the report shows: `on`, else the latest update in the returned data; its
    # documents and their PDFs are dated so
    when = on or max((r.updated for r in followup.rows if r.updated), default=None) \
        or meeting_date or document_date(pf)
    for lang in options.languages or pf.languages:
        ctx = report_context(pf, followup, lang, previous=previous, on=on)
        props = DocProperties(title=ctx["title"], subject=plan_name(pf, lang),
                              author=ctx["organisation"], language=f"{lang}-FI",
                              keywords=f"{keyword(lang, 'plan')}; {keyword(lang, 'followup')}",
                              created=when, category=ctx["doc_type"])
        stem = f"{names['report']}_{followup.period or names['period']}_{lang}"
        out.append(OutputFile(f"{stem}.docx", "report", report_t.render(ctx, props), lang=lang,
                              title=ctx["title"]))
        versions = [("", ctx, props.subject)]
        if options.public:  # the web versions: the report's and its proposal's
            from .contexts._localizer import redact_public

            web = report_context(pf, followup, lang, previous=previous, on=on, public=True)
            versions.append((names["public"], web, redact_public(pf, lang, props.subject)))
            web_props = DocProperties(title=web["title"], subject=versions[1][2],
                                      author=web["organisation"], language=props.language,
                                      keywords=props.keywords, created=when,
                                      category=web["doc_type"])
            out.append(OutputFile(f"{names['public']}{stem}.docx", "report",
                                  report_t.render(web, web_props), lang=lang,
                                  title=web["title"]))
        for prefix, shown, subject in versions:
            dctx = report_decision_context(pf, shown, meeting_date=meeting_date, section=section,
                                           allow_drafts=True, public=bool(prefix))
            dprops = DocProperties(title=decision_title(dctx), subject=subject,
                                   author=dctx["organisation"], language=f"{lang}-FI",
                                   keywords=props.keywords, created=meeting_date or when,
                                   category=dctx["labels"]["doc_type"])
            out.append(OutputFile(f"{prefix}{names['decision']}_{stem}.docx", "decision",
                                  decision_t.render(dctx, dprops), party=party, lang=lang,
                                  title=dctx["title"], extra=draft_note(dctx)))
    if options.pdf:
        from .output._package import make_pdfs

        out += make_pdfs(out, when, pdfa=options.pdfa)
    return out


def write_report(pf: PlanFile, followup: FollowupData, outdir: str | Path = "raportti",
                 options: BuildOptions | None = None, *, previous: FollowupData | None = None,
                 meeting_date: dt.date | None = None, section: int | None = None,
                 on: dt.date | None = None, force: bool = False) -> BuildResult:
    """What ``yhdyspinta-docs report`` does: the annual follow-up report of `followup` (the
    merged data: ``collect(...).data`` once ``raise_for_conflicts()`` passes, or
    ``read_matrix`` of the merged matrix) and its decision proposal, written with
    ``manifest.json`` into `outdir`. Of `options`, the languages, public, pdf and the
    ``report`` and ``decision`` templates apply. A matrix made for another version of the
    plan is refused; the result's ``warnings`` name rows the plan and the matrix do not share
    (:mod:`._followup_checks`) and a report date (`on`, else the latest entry's) before the
    period or the latest entry, or outside the plan's follow-up years."""
    from ._arguments import report_arguments
    from ._build import BuildOptions, write_outputs
    from ._followup_checks import followup_problem, followup_warnings
    from .contexts._report_dates import report_date_warnings

    options = options or BuildOptions(matrix=False)
    check_arguments(pf, options, outdir, "write_report")
    on, meeting_date = report_arguments(followup, previous, on, meeting_date, section)
    if (problem := followup_problem(pf, followup)) is not None:  # a copy, another version
        raise MatrixError([Issue("followup", problem)])
    outputs = make_report(pf, followup, options, previous=previous, meeting_date=meeting_date,
                          section=section, on=on)
    result = write_outputs(outputs, outdir, pf, force=force)
    result.warnings += followup_warnings(pf, followup)  # what the report would not show
    result.warnings += report_date_warnings(pf, followup, on)  # a date that does not fit
    return result


def plan_name(pf: PlanFile, lang: Lang) -> str:
    """The plan's name as documents print it (references expanded, sanitised)."""
    from .contexts import Localizer

    return Localizer(pf, lang).text(pf.plan.name, ("suunnitelma", "nimi")) or pf.plan.id


def document_date(pf: PlanFile) -> dt.date:
    """The creation date stored in a document that shows no date of its own (a draft without
    a meeting date): the plan's date, else the item's meeting date, else the latest date the
    plan records (a stage of preparation, an approval), else the agreement's start."""
    if pf.plan.date or pf.item.handling.meeting_date:
        return pf.dated
    recorded = [e.date for e in pf.plan.preparation.events if e.date]
    recorded += [a.date for a in pf.agreement.approvals if a.date]
    return max(recorded, default=pf.agreement.valid_from)
