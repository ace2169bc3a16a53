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

import contextlib
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import __version__
from ._documents import (
    check_arguments,
    check_user_templates,
    make_decisions,
    make_plan_documents,
    make_report,
    plan_name,
)
from ._names import file_names
from .errors import Issue, MatrixError, OutputError
from .output._files import (
    ManifestEntry,
    OutputFile,
    earlier_files,
    entry_of,
    link_inside,
    previous_hashes,
    refuse_links,
    refuse_open,
    write_files,
    write_manifest,
)
from .plan import Lang, PlanFile

if TYPE_CHECKING:
    from .output._pdf import Office

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
    "template_warnings",
    "write_early",
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
    pdfa: bool = False
    """PDFs as PDF/A-2b for the archive, still tagged for PDF/UA; implies `pdf` and needs
    pikepdf (``pip install 'yhdyspinta-docs[pdf]'``), checked before any work."""
    zip: bool = False
    period: str | None = None
    templates: Mapping[str, str | Path] = field(default_factory=dict)
    key: bytes | None = field(default=None, repr=False)
    """The plan's key that signs the follow-up matrices (:func:`~yhdyspinta_docs.plan_key`);
    needed when `matrix` is on."""

    def __post_init__(self) -> None:
        if self.pdfa and not self.pdf:  # an archival PDF is a PDF
            object.__setattr__(self, "pdf", True)


@dataclass
class BuildResult:
    """What a build wrote: the manifest entries and the output directory."""

    outdir: Path
    entries: list[ManifestEntry]
    manifest: Path
    package: Path | None = None
    party_packages: dict[str, Path] = field(default_factory=dict)
    """Each party's own meeting package (by party id), written with `zip` for every party."""
    warnings: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        """Absolute paths of every document written (not the manifest)."""
        return [self.outdir / e.path for e in self.entries]


def make_matrices(pf: PlanFile, options: BuildOptions, *,
                  progress: Progress | None = None) -> list[OutputFile]:
    """The coordinator's follow-up matrix and, with `for_each_party`, one copy per party."""
    from .matrix import write_matrix
    from .matrix._write import matrix_langs

    template = options.templates.get("matrix")
    key = _matrix_key(options)
    when = pf.dated
    names = file_names(pf)
    out = []
    parties: list[str | None] = [None]
    if options.for_each_party:
        parties += [p.id for p in pf.parties]
    for pid in parties:
        langs = matrix_langs(pf, pid, options.languages)
        result = write_matrix(pf, key=key, party=pid, period=options.period, date=when,
                              template=Path(template) if template else None, langs=langs)
        name = f"{names['matrix']}_{pid}.xlsx" if pid else f"{names['matrix']}.xlsx"
        title = plan_name(pf, langs[0])
        # a bilingual matrix is listed with both languages, its first one first ("fi,sv")
        out.append(OutputFile(f"{names['followup']}{name}" if pid else name, "matrix",
                              result.data,
                              party=pid, lang=",".join(langs), title=title))
        if progress:
            progress(name)
    return out


def _matrix_key(options: BuildOptions) -> bytes:
    if options.key is None:
        raise MatrixError([Issue("", "the follow-up matrices are signed with the plan's key: "
                                 "give BuildOptions(key=yhdyspinta_docs.plan_key('plan.yaml')) "
                                 "(the key file plan.yaml.key, made if missing), or "
                                 "BuildOptions(matrix=False) to build without the matrices")])
    return options.key


def check_languages(pf: PlanFile, languages: Sequence[Lang], *,
                    for_each_party: bool = True) -> None:
    """Raise one PlanError listing every text a build shows that is missing in any of
    `languages`, with its file, line and field path (a recorded decision's Päätös, Tiedoksi
    and certifier, shown only in minutes extracts, are not asked for; nor, without
    `for_each_party`, a party's own ``kasittely``, shown only in that party's proposal)."""
    from .plan._loader import check_languages as check

    check(pf, languages, proposals=for_each_party, extracts=False)


def make_documents(pf: PlanFile, options: BuildOptions, *, progress: Progress | None = None,
                   office: Office | None = None,
                   while_converting: Callable[[list[OutputFile]], object] | None = None,
                   ) -> list[OutputFile]:
    """Every document of a build, in memory: decisions, open data, plan, matrices, PDFs.

    With `pdf`, LibreOffice starts up while the documents are made (or `office`, instances
    the caller started earlier with :func:`~yhdyspinta_docs.output._pdf.start_office`, is
    used) and converts them while the matrices are made; `while_converting` is then called
    with every document but the PDFs while LibreOffice still works (e.g. to write them).
    """
    check_arguments(pf, options, ".", "make_documents")
    check_languages(pf, options.languages or pf.languages,
                    for_each_party=options.for_each_party)
    check_user_templates(options)
    if options.matrix:
        _matrix_key(options)  # before any work
    if options.pdfa:
        from .output._pdfa import require_pikepdf

        require_pikepdf()
    if options.pdf and office is None:
        from .output._pdf import start_office

        office = start_office(files=_docx_count(pf, options))
    if not options.pdf:
        office = None
    with office or contextlib.nullcontext():
        outputs = make_decisions(pf, options, progress=progress)
        if options.plan_document:  # the attachment of a draft is marked as its proposal is
            drafts = {(f.party, f.lang): f.extra["draft"] for f in outputs if "draft" in f.extra}
            outputs += [replace(f, extra={**f.extra, "draft": drafts[key]})
                        if (key := (f.party or pf.item.handling.party, f.lang)) in drafts else f
                        for f in make_plan_documents(pf, options, progress=progress)]
        pdfs = None
        if office is not None:
            from .output._package import start_pdfs

            pdfs = start_pdfs(outputs, pf.dated, office=office, pdfa=options.pdfa)
    with pdfs or contextlib.nullcontext():
        if options.matrix:
            outputs += make_matrices(pf, options, progress=progress)
        if options.open_data and pf.decisions is not None:  # the parties' recorded approvals
            from ._approval_documents import approval_open_data_file

            outputs.append(approval_open_data_file(pf))
        if pdfs is not None:
            if while_converting is not None:
                while_converting(list(outputs))
            outputs += pdfs.finish()
            if progress:
                progress("PDF")
    return outputs


def _docx_count(pf: PlanFile, options: BuildOptions) -> int:
    """About how many .docx a build makes (for the number of LibreOffice instances)."""
    langs = len(options.languages or pf.languages)
    parties = len(pf.parties) if options.for_each_party else 1
    return langs * parties * (2 if options.plan_document else 1)  # with the attachments


def count_documents(pf: PlanFile, options: BuildOptions) -> int:
    """How many progress steps a build with `options` makes (for a progress bar)."""
    from .plan._loader import proposal_languages

    languages = options.languages or pf.languages
    lead = pf.item.handling.party
    parties: list[str | None] = [None]
    if options.for_each_party:
        parties += [p.id for p in pf.parties if p.id != lead]
    decisions = sum(len(proposal_languages(pf, pid, languages)) for pid in parties)
    matrices = 0 if not options.matrix else (
        1 + (len(pf.parties) if options.for_each_party else 0))
    plans = sum(len(proposal_languages(pf, pid, languages)) if pid else len(languages)
                for pid in (parties if pf.item.attach_plan else [None])
                ) if options.plan_document else 0
    return decisions + plans + matrices + options.pdf


def _check_targets(outputs: Sequence[OutputFile], outdir: Path, previous: Mapping[str, str],
                   *, later: Sequence[str] = ()) -> bool:
    """Raise OutputError for a file of `outputs` that exists and was changed after an
    earlier build wrote it, or is open in Word, Excel or LibreOffice. For the paths `later`
    (files not made yet), False if one exists that the earlier build did not write (only its
    new content can tell)."""
    refuse_open(outdir / f.path for f in outputs)
    for f in outputs:
        target = outdir / f.path
        if target.is_file():
            current = hashlib.sha256(target.read_bytes()).hexdigest()
            if current not in (previous.get(f.path), f.sha256):
                raise OutputError(f"{target}: exists and was changed after it was generated; "
                                  "use force=True to replace it, or build into another outdir")
    for path in later:
        target = outdir / path
        if target.is_file() and (hashlib.sha256(target.read_bytes()).hexdigest()
                                 != previous.get(path)):
            return False
    return True


def write_outputs(outputs: Sequence[OutputFile], outdir: str | Path, pf: PlanFile, *,
                  force: bool = False, written: Sequence[OutputFile] = ()) -> BuildResult:
    """Write `outputs` atomically into `outdir` and list them in ``manifest.json``.

    A file that exists is replaced only if it is exactly what an earlier build wrote (its hash
    is in the old manifest) or already has the new content; anything else (a filled matrix, an
    edited proposal) needs `force`. All checks happen before the first write. `written` are
    outputs :func:`write_early` wrote already (they are listed, not written again). Nothing is
    written through a symbolic link inside `outdir` (even with `force`): such a link is
    refused before the first write.
    """
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: is a file; give a directory for the outputs")
    refuse_links(outdir, [*(f.path for f in outputs), "manifest.json"])
    previous = previous_hashes(outdir)
    done = {id(f) for f in written}
    if not force:
        _check_targets([f for f in outputs if id(f) not in done], outdir, previous)
    write_files([f for f in outputs if id(f) not in done], outdir, previous, written=[],
                generator=_GENERATOR, plan=_manifest_plan(pf))
    entries = [entry_of(f) for f in outputs]
    manifest = write_manifest(outdir, entries, generator=_GENERATOR, plan=_manifest_plan(pf),
                              earlier=earlier_files(outdir, previous, (e.path for e in entries)))
    return BuildResult(outdir=outdir, entries=entries, manifest=manifest)


_GENERATOR = f"yhdyspinta-docs {__version__}"


def _manifest_plan(pf: PlanFile) -> dict[str, str]:
    return {"id": pf.plan.id, "version": pf.plan.version, "name": plan_name(pf, pf.languages[0])}


def write_early(outdir: str | Path, pf: PlanFile, *, force: bool = False,
                package: bool = False,
                ) -> tuple[list[OutputFile], Callable[[list[OutputFile]], None]]:
    """A list and the `while_converting` callback of :func:`make_documents` that writes the
    documents into `outdir` while LibreOffice converts; give the list to
    :func:`write_outputs` as `written`.

    The checks of :func:`write_outputs` come first, for the PDFs to come too: if a PDF of
    the same name exists that no earlier build wrote, nothing is written early (whether it
    may be replaced depends on the new PDF's content) and write_outputs decides later.
    With `package` (the meeting package is to be written too), a symbolic link in its place
    is refused at once, before anything is made or written. The PDFs of an earlier build
    whose .docx now changes are removed, and ``manifest.json`` lists what was written, so a
    build that stops while LibreOffice converts leaves no PDF that disagrees with its .docx
    and no manifest that lists what is not there.
    """
    outdir = Path(outdir)
    if package:
        refuse_links(outdir, [file_names(pf)["package"]])
    written: list[OutputFile] = []

    def write(outputs: list[OutputFile]) -> None:
        if outdir.exists() and not outdir.is_dir():
            return  # write_outputs says so
        if any(link_inside(outdir, path) for path in
               [*(f.path for f in outputs), "manifest.json"]):
            return  # a link inside the folder: write_outputs refuses it before any write
        pdfs = [str(PurePosixPath(f.path).with_suffix(".pdf")) for f in outputs
                if f.path.endswith(".docx")]
        previous = previous_hashes(outdir)
        if not force and not _check_targets(outputs, outdir, previous, later=pdfs):
            return
        write_files(outputs, outdir, previous, written=written, generator=_GENERATOR,
                    plan=_manifest_plan(pf), record=True)

    return written, write


def build(pf: PlanFile, outdir: str | Path = "out", options: BuildOptions | None = None, *,
          force: bool = False, progress: Progress | None = None) -> BuildResult:
    """Make every document of `pf` and write them with a manifest into `outdir`.

    With `pdf`, the documents are written while LibreOffice converts them.
    With `public`, the result's `warnings` say where the plan shows personal data that the
    web versions leave out (:func:`~yhdyspinta_docs.plan.personal_data_warnings`); they also
    warn of a `period` that names no year of the plan's follow-up."""
    from .plan._date_checks import period_warning

    options = options or BuildOptions()
    check_arguments(pf, options, outdir, "build")
    written, early = write_early(outdir, pf, force=force, package=options.zip)
    outputs = make_documents(pf, options, progress=progress, while_converting=early)
    result = write_outputs(outputs, outdir, pf, force=force, written=written)
    if options.public:
        from .plan import personal_data_warnings
        from .plan._source import plan_where

        result.warnings = personal_data_warnings(pf, lambda loc: plan_where(pf, loc))
    if options.period and (late := period_warning(pf, options.period)) is not None:
        result.warnings.append(late)
    finish_packages(result, outputs, pf, options, force=force)
    result.warnings += template_warnings(options)
    return result


def template_warnings(options: BuildOptions) -> list[str]:
    """What the documents made from the region's own Word templates of `options` lack for a
    screen reader (a table without a title, text too light to read), as ``check-template``
    warns: such a template works, so the build goes on, and says so."""
    from .word import template_accessibility

    return [f"{issue}; check the {kind} template {path} (yhdyspinta-docs check-template)"
            for kind, path in sorted(options.templates.items())
            for issue in template_accessibility(path, kind)]


def finish_packages(result: BuildResult, outputs: Sequence[OutputFile], pf: PlanFile,
                    options: BuildOptions, *, force: bool = False) -> None:
    """With `zip`, write the meeting packages of what `result` wrote (the whole build's and,
    for every party, each party's: :mod:`._packages`) into `result`; warn in its `warnings`
    of a package of an earlier build that no longer holds the documents written now."""
    from ._packages import stale_packages, write_packages

    written = None
    if options.zip:
        written = write_packages(result.outdir, result.manifest, outputs, pf,
                                 generator=_GENERATOR, plan=_manifest_plan(pf),
                                 for_each_party=options.for_each_party, force=force)
        result.package, result.party_packages = written.whole, written.parties
    result.warnings += stale_packages(result.outdir, result.entries, pf, written=written)
