"""The build: plan → every document in memory → atomic writes → ``manifest.json``.

Usage::

    from yhdyspinta_docs import BuildOptions, build, load_plan

    plan = load_plan("plan.yaml")
    result = build(plan, "out", BuildOptions(for_each_party=True))
    for entry in result.entries:
        print(entry.path, entry.sha256)

Documents are made in memory first; nothing is written until all of them rendered, so a
broken template or a missing text never leaves a half-written output directory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .contexts._decision import decision_contexts, handling_for
from .contexts._opendata import decision_open_data, dumps
from .errors import Issue, MatrixError, OutputError, PlanError
from .output._files import ManifestEntry, OutputFile, write_atomic, write_manifest
from .plan import Handling, Lang, PlanFile

if TYPE_CHECKING:
    from .contexts import DecisionContext
    from .matrix import FollowupData
    from .word import DocProperties

__all__ = [
    "BuildOptions",
    "BuildResult",
    "build",
    "check_languages",
    "count_documents",
    "make_decisions",
    "make_documents",
    "make_matrices",
    "make_plan_documents",
    "make_report",
    "plan_date",
    "write_outputs",
]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What a build makes.

    `languages` defaults to the plan's ``kielet``; `templates` maps a document kind
    (``decision``, ``plan``, ``matrix`` …) to a user's own template file.
    """

    languages: Sequence[Lang] | None = None
    for_each_party: bool = False
    drafts: bool = False
    public: bool = False
    open_data: bool = True
    plan_document: bool = True
    matrix: bool = True
    pdf: bool = False
    zip: bool = False
    period: str | None = None
    templates: Mapping[str, Path] = field(default_factory=dict)
    key: bytes | None = field(default=None, repr=False)
    """The plan's key that signs the follow-up matrices (see :mod:`.signing`); needed when
    `matrix` is on."""


@dataclass
class BuildResult:
    """What a build wrote: the manifest entries and the output directory."""

    outdir: Path
    entries: list[ManifestEntry]
    manifest: Path
    package: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        """Absolute paths of every document written (not the manifest)."""
        return [self.outdir / e.path for e in self.entries]


def _template(kind: str, options: BuildOptions) -> Path:
    from ._assets import default_template

    return Path(options.templates[kind]) if kind in options.templates else default_template(kind)


def check_user_templates(options: BuildOptions) -> None:
    """Check every user template of `options` before anything is rendered; a broken one
    raises TemplateError listing all its problems, and nothing is written."""
    from .errors import TemplateError
    from .word import KINDS, ensure_template_ok

    for kind, path in options.templates.items():
        if kind not in KINDS:
            raise TemplateError([Issue(str(path), f"unknown document kind '{kind}'; use one of "
                                       + ", ".join(KINDS))])
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
    jobs, issues = [], []
    for lang in options.languages or pf.languages:
        for pid in parties:
            try:
                made = decision_contexts(pf, pid, lang, publics=publics,
                                         allow_drafts=options.drafts)
            except PlanError as exc:
                issues += [i for i in exc.issues if i not in issues]
                continue
            jobs.append((lang, pid, made[0], made[1] if len(made) > 1 else None))
    if issues:
        raise PlanError(issues, header=f"{len(issues)} problem(s) in the handling data; fix "
                        "them, or build visibly marked drafts with --drafts")
    return jobs


def _decision_properties(pf: PlanFile, ctx: DecisionContext, handling: Handling, *,
                         public: bool) -> DocProperties:
    from .word import DocProperties

    lang: Lang = ctx["lang"]
    if public:  # never a person: the organisation writes and last modifies web versions
        from .contexts._localizer import redact_public

        return DocProperties(
            title=ctx["title"], subject=redact_public(pf, lang, plan_name(pf, lang)),
            author=ctx["organisation"], last_modified_by=ctx["organisation"],
            language=f"{lang}-FI",
            keywords=f"{ctx['body']}; {ctx['labels']['doc_type']}; yhdyspintasuunnitelma",
            created=handling.meeting_date or plan_date(pf), category=ctx["labels"]["doc_type"])
    author = handling.preparers[0].name if handling.preparers else ctx["organisation"]
    return DocProperties(
        title=ctx["title"], subject=plan_name(pf, lang),
        author=author, language=f"{lang}-FI",
        keywords=f"{ctx['body']}; {ctx['labels']['doc_type']}; yhdyspintasuunnitelma",
        created=handling.meeting_date or plan_date(pf), category=ctx["labels"]["doc_type"])


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

    out: list[OutputFile | None] = []
    pending: list[tuple[int, str, str, Lang, str]] = []  # slot, path, party, lang, title
    jobs: list[tuple[Mapping[str, Any], DocProperties]] = []
    for lang, pid, ctx, public_ctx in _decision_jobs(pf, options):
        party, handling, _ = handling_for(pf, pid, allow_drafts=options.drafts)
        name = f"paatosehdotus_{party.id}_{lang}.docx"
        variants = [("", ctx, False)] + ([("julkinen/", public_ctx, True)]
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
            out.append(OutputFile(f"avoin-data/paatosehdotus_{party.id}_{lang}.json",
                                  "opendata", dumps(record), party=party.id, lang=lang,
                                  title=public_ctx["title"]))

    template = WordTemplate(_template("decision", options))
    for (slot, path, party_id, lang, title), (values, props) in zip(pending, jobs, strict=True):
        data = template.render(values, props)
        out[slot] = OutputFile(path, "decision", data, party=party_id, lang=lang, title=title)
        if progress and not path.startswith("julkinen/"):
            progress(path)
    return [f for f in out if f is not None]


def make_plan_documents(pf: PlanFile, options: BuildOptions, *,
                        progress: Progress | None = None) -> list[OutputFile]:
    """The plan document (the attachment), per language, and its web version with `public`."""
    from .contexts import plan_context
    from .word import DocProperties, WordTemplate

    compiled = WordTemplate(_template("plan", options))
    out: list[OutputFile] = []
    for lang in options.languages or pf.languages:
        for prefix, public in [("", False)] + ([("julkinen/", True)] if options.public else []):
            ctx = plan_context(pf, lang, public=public)
            props = DocProperties(
                title=ctx["title"], subject=ctx["agreement"]["name"],
                author=ctx["organisation"], language=f"{lang}-FI",
                keywords=f"yhdyspintasuunnitelma; {ctx['legal_basis']}",
                created=plan_date(pf), category=ctx["doc_type"])
            name = f"{prefix}yhdyspintasuunnitelma_{lang}.docx"
            out.append(OutputFile(name, "plan", compiled.render(ctx, props), lang=lang,
                                  title=ctx["title"]))
        if progress:
            progress(f"yhdyspintasuunnitelma_{lang}.docx")
    return out


def make_report(pf: PlanFile, followup: FollowupData, options: BuildOptions, *,
                previous: FollowupData | None = None, meeting_date: dt.date | None = None,
                section: int | None = None, on: dt.date | None = None) -> list[OutputFile]:
    """The annual follow-up report and its decision proposal ("merkitsee tiedoksi"), per
    language; the decision is a visibly marked draft until a meeting date is given."""
    from .contexts import report_context, report_decision_context
    from .word import DocProperties, WordTemplate

    check_user_templates(options)
    report_t = WordTemplate(_template("report", options))
    decision_t = WordTemplate(_template("decision", options))
    out: list[OutputFile] = []
    party = pf.item.handling.party or ""
    for lang in options.languages or pf.languages:
        ctx = report_context(pf, followup, lang, previous=previous, on=on)
        when = on or meeting_date or plan_date(pf)
        props = DocProperties(title=ctx["title"], subject=plan_name(pf, lang),
                              author=ctx["organisation"], language=f"{lang}-FI",
                              keywords="yhdyspintasuunnitelma; seuranta", created=when,
                              category=ctx["doc_type"])
        stem = f"seurantaraportti_{followup.period or 'kausi'}_{lang}"
        out.append(OutputFile(f"{stem}.docx", "report", report_t.render(ctx, props), lang=lang,
                              title=ctx["title"]))
        dctx = report_decision_context(pf, ctx, meeting_date=meeting_date, section=section,
                                       allow_drafts=True)
        dprops = DocProperties(title=dctx["title"], subject=props.subject,
                               author=dctx["organisation"], language=f"{lang}-FI",
                               keywords=props.keywords, created=when,
                               category=dctx["labels"]["doc_type"])
        out.append(OutputFile(f"paatosehdotus_{stem}.docx", "decision",
                              decision_t.render(dctx, dprops), party=party, lang=lang,
                              title=dctx["title"]))
    if options.pdf:
        from .output._package import make_pdfs

        out += make_pdfs(out, on or meeting_date or plan_date(pf))
    return out


def plan_name(pf: PlanFile, lang: Lang) -> str:
    """The plan's name as documents print it (references expanded, sanitised)."""
    from .contexts import Localizer

    return Localizer(pf, lang).text(pf.plan.name, ("suunnitelma", "nimi")) or pf.plan.id


def plan_date(pf: PlanFile) -> dt.date:
    """The date documents without a meeting date carry: the plan's own date, else the item's
    meeting date, else the agreement's start. Never the clock, so builds are reproducible."""
    return pf.plan.date or pf.item.handling.meeting_date or pf.agreement.valid_from


def make_matrices(pf: PlanFile, options: BuildOptions, *,
                  progress: Progress | None = None) -> list[OutputFile]:
    """The coordinator's follow-up matrix and, with `for_each_party`, one copy per party."""
    from .matrix import write_matrix

    template = options.templates.get("matrix")
    key = _matrix_key(options)
    when = plan_date(pf)
    out = []
    parties: list[str | None] = [None]
    if options.for_each_party:
        parties += [p.id for p in pf.parties]
    for pid in parties:
        result = write_matrix(pf, key=key, party=pid, period=options.period, date=when,
                              template=Path(template) if template else None)
        name = f"seurantamatriisi_{pid}.xlsx" if pid else "seurantamatriisi.xlsx"
        title = plan_name(pf, pf.languages[0])
        out.append(OutputFile(f"seuranta/{name}" if pid else name, "matrix", result.data,
                              party=pid, lang=pf.languages[0], title=title))
        if progress:
            progress(name)
    return out


def _matrix_key(options: BuildOptions) -> bytes:
    if options.key is None:
        raise MatrixError([Issue("", "the follow-up matrices are signed with the plan's key: "
                                 "give BuildOptions(key=...), e.g. yhdyspinta_docs.matrix."
                                 "load_or_create_key(Path('plan.yaml.key')), or matrix=False")])
    return options.key


def check_languages(pf: PlanFile, languages: Sequence[Lang]) -> None:
    """Raise one PlanError listing every text missing in any of `languages`, by field path."""
    from .contexts import Localizer
    from .plan import missing_translations

    for lang in languages:
        missing = missing_translations(pf, lang)
        if missing:
            loc = Localizer(pf, lang)
            loc.missing = missing
            loc.check()


def make_documents(pf: PlanFile, options: BuildOptions, *,
                   progress: Progress | None = None) -> list[OutputFile]:
    """Every document of a build, in memory: decisions, open data, plan, matrices, PDFs."""
    check_languages(pf, options.languages or pf.languages)
    check_user_templates(options)
    if options.matrix:
        _matrix_key(options)  # before any work
    outputs = make_decisions(pf, options, progress=progress)
    if options.plan_document:
        outputs += make_plan_documents(pf, options, progress=progress)
    if options.matrix:
        outputs += make_matrices(pf, options, progress=progress)
    if options.pdf:
        from .output._package import make_pdfs

        outputs += make_pdfs(outputs, plan_date(pf))
        if progress:
            progress("PDF")
    return outputs


def count_documents(pf: PlanFile, options: BuildOptions) -> int:
    """How many progress steps a build with `options` makes (for a progress bar)."""
    langs = len(options.languages or pf.languages)
    parties = len(pf.parties) if options.for_each_party else 1
    matrices = 0 if not options.matrix else (
        1 + (len(pf.parties) if options.for_each_party else 0))
    return langs * parties + (langs if options.plan_document else 0) + matrices + options.pdf


def _previous_hashes(outdir: Path) -> dict[str, str]:
    """sha256 of each file the previous build wrote, from its manifest (if readable)."""
    try:
        doc = json.loads((outdir / "manifest.json").read_text("utf-8"))
        return {str(f["path"]): str(f["sha256"]) for f in doc.get("files", [])}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def write_outputs(outputs: Sequence[OutputFile], outdir: str | Path, pf: PlanFile, *,
                  force: bool = False) -> BuildResult:
    """Write `outputs` atomically into `outdir` and list them in ``manifest.json``.

    A file that exists is replaced only if it is exactly what an earlier build wrote (its hash
    is in the old manifest) or already has the new content; anything else (a filled matrix, an
    edited proposal) needs `force`. All checks happen before the first write.
    """
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: is a file; give a directory for the outputs")
    previous = _previous_hashes(outdir)
    if not force:
        for f in outputs:
            target = outdir / f.path
            if target.is_file():
                current = hashlib.sha256(target.read_bytes()).hexdigest()
                if current not in (previous.get(f.path), f.sha256):
                    raise OutputError(f"{target}: exists and was changed after it was generated; "
                                      "use --force to replace it, or build into another --out")
    for f in outputs:
        write_atomic(outdir / f.path, f.data, force=True)
    entries = [ManifestEntry(path=f.path, kind=f.kind, party=f.party, lang=f.lang,
                             sha256=f.sha256, bytes=len(f.data), title=f.title) for f in outputs]
    manifest = write_manifest(
        outdir, entries, generator=f"yhdyspinta-docs {__version__}",
        plan={"id": pf.plan.id, "version": pf.plan.version,
              "name": plan_name(pf, pf.languages[0])},
    )
    return BuildResult(outdir=outdir, entries=entries, manifest=manifest)


def build(pf: PlanFile, outdir: str | Path = "out", options: BuildOptions | None = None, *,
          force: bool = False, progress: Progress | None = None) -> BuildResult:
    """Make every document of `pf` and write them with a manifest into `outdir`.

    With `public`, the result's `warnings` say where the plan shows personal data that the
    web versions leave out (:func:`~yhdyspinta_docs.plan.personal_data_warnings`)."""
    options = options or BuildOptions()
    outputs = make_documents(pf, options, progress=progress)
    result = write_outputs(outputs, outdir, pf, force=force)
    if options.public:
        from .plan import personal_data_warnings

        result.warnings = personal_data_warnings(pf)
    if options.zip:
        result.package = write_package(result, outputs, force=force)
    return result


PACKAGE_NAME = "kokouspaketti.zip"


def write_package(result: BuildResult, outputs: Sequence[OutputFile], *,
                  force: bool = False) -> Path:
    """Zip every output and the manifest into ``kokouspaketti.zip`` (for a case-management
    system). An existing package is replaced only if it is one of ours, or with `force`."""
    import zipfile

    from .output._package import meeting_package

    target = result.outdir / PACKAGE_NAME
    if target.exists() and not force:
        try:
            with zipfile.ZipFile(target) as z:
                ours = json.loads(z.read("manifest.json")).get("generator", "").startswith(
                    "yhdyspinta-docs")
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            ours = False
        if not ours:
            raise OutputError(f"{target}: exists and is not a package made by this tool; use "
                              "--force to replace it")
    files = [(f.path, f.data) for f in outputs]
    files.append(("manifest.json", result.manifest.read_bytes()))
    write_atomic(target, meeting_package(files), force=True)
    return target
