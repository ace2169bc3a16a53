"""What the commands of :mod:`.cli` share: reading the plan and the key, messages on stderr,
the progress bar, template and date options, and the output check before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ._build import BuildResult
    from .plan import PlanFile

__all__ = [
    "KEY_HELP",
    "check_outputs",
    "check_workbook_name",
    "echo_decision_warnings",
    "echo_error",
    "echo_plan_warnings",
    "echo_proofreading",
    "echo_written",
    "files_in",
    "key_from_arguments",
    "parse_date",
    "parse_templates",
    "plan_from_argument",
    "plan_path",
    "progress_bar",
]


KEY_HELP = ("The plan's key file, which signs the follow-up matrices and verifies returned "
            "ones (default: the plan file's name + .key, next to it).")


def plan_path(plan: str | None) -> Path:
    """The plan file the command line names, or the bundled Keski-Suomi example."""
    if plan:
        return Path(plan)
    from ._assets import example_plan_path

    return example_plan_path()


def plan_from_argument(plan: str | None) -> PlanFile:
    from .plan import load_plan

    return load_plan(plan_path(plan))


def key_from_arguments(plan: str | None, key: str | None, *, create: bool) -> bytes:
    """The plan's key from --key or the default key file; `create` makes a missing one."""
    from .matrix import default_key_path, load_key, load_or_create_key

    path = Path(key) if key else default_key_path(Path(plan) if plan else None)
    if not create or path.exists():
        return load_key(path)
    secret = load_or_create_key(path)
    click.echo(f"key       {path} (new: the plan's key; keep it, never send it: collect "
               "needs it)")
    return secret


def build_key(pf: PlanFile, plan: str | None, key: str | None, *, drafts: bool,
              for_each_party: bool) -> bytes:
    """The key of a build: the plan's (made when missing), except for a build that its
    handling data stops before anything is signed (:func:`~.plan.handling_gaps`, a party
    without ``kasittely`` without --drafts): no key file is left behind by it."""
    from .matrix import default_key_path
    from .plan import handling_gaps

    lead = pf.item.handling.party
    stops = not drafts and (
        any(loc[0] == "asia" or for_each_party for loc, _, _ in handling_gaps(pf))
        or (for_each_party and any(p.handling is None and p.id != lead for p in pf.parties)))
    path = Path(key) if key else default_key_path(Path(plan) if plan else None)
    if stops and not path.exists():
        import secrets

        return secrets.token_bytes(32)  # never used: the build stops at the handling data
    return key_from_arguments(plan, key, create=True)


def echo_error(message: str) -> None:
    from .errors import printable  # a message may quote a text from outside

    click.echo(printable(message), err=True)


def echo_written(result: BuildResult) -> None:
    """One line per file written (its kind and path; a marked draft also says what it lacks),
    then the manifest's."""
    for entry in result.entries:
        draft = entry.extra.get("draft")
        click.echo(f"{entry.kind:9} {result.outdir / entry.path}"
                   + (f"  [draft: {draft}]" if draft else ""))
    click.echo(f"manifest  {result.manifest}")


def echo_decision_warnings(pf: PlanFile, plan: str | None, *,
                           as_of: dt.date | None = None) -> None:
    """Warn, with file:line, of each recorded decision not counted because it is after the
    status day (`as_of`, the command's ``--as-of``, else ``paatokset.tilanne``) and of each
    whose date looks wrong (:func:`~.plan._decision_dates.approval_date_warnings`)."""
    from .plan import line_map
    from .plan._decision_dates import approval_date_warnings

    for warning in approval_date_warnings(pf, line_map(plan_path(plan)), as_of=as_of):
        echo_error(f"Warning: {warning}")


def echo_plan_warnings(pf: PlanFile, plan: str | None, *, as_of: dt.date | None = None,
                       readiness: bool = False, period: str | None = None) -> None:
    """Warn, with file:line, where public versions leave out personal data (and where the
    data is), where a text glues an ending to a name, of a deadline outside the period, of
    recorded decisions whose dates do not fit the round on the status day `as_of`
    (:func:`echo_decision_warnings`), and of each party or body name whose Finnish forms are
    a guess (once per name, where it is first written); with `readiness`, also of the
    handlings that `build` refuses (:func:`echo_readiness`); with `period` (``--period``), of
    one that names no year of the plan's follow-up."""
    from .plan import line_map, personal_data_warnings
    from .plan._decision_dates import approval_date_warnings
    from .plan._inflect import guessed_names

    where = line_map(plan_path(plan))
    from .plan._checks import placeholder_warnings
    from .plan._date_checks import date_warnings, period_warning
    from .plan._text import Loc

    for warning in [*personal_data_warnings(pf, where), *placeholder_warnings(pf, where),
                    *date_warnings(pf, where), *approval_date_warnings(pf, where, as_of=as_of),
                    *filter(None, [period and period_warning(pf, period)])]:
        echo_error(f"Warning: {warning}")
    guesses: dict[str, list[tuple[Loc, str]]] = {}
    for loc, name, genitive in guessed_names(pf):
        guesses.setdefault(name, []).append((loc, genitive))
    for name, found in guesses.items():
        (loc, genitive), more = found[0], len(found) - 1
        also = f" (the same name is at {more} more place{'s' if more > 1 else ''})" if more else ""
        echo_error(f"Warning: {where(loc)}: the Finnish forms of {name!r} are a guess "
                   f"({genitive!r}, …){also}; check them in the documents, or give the right "
                   "ones under its taivutus (genetiivi: …, allatiivi: …, adessiivi: …, "
                   "ablatiivi: …, elatiivi: …, inessiivi: …, illatiivi: …)")
    if readiness:
        echo_readiness(pf, plan)


def echo_readiness(pf: PlanFile, plan: str | None) -> None:
    """Warn, with file:line, of each handling written in the plan that `build` refuses (not
    marked a draft, and without what its meeting needs), and note the parties without handling
    data, whose proposals can only be drafts."""
    from .plan import handling_gaps, line_map

    where = line_map(plan_path(plan))
    for loc, party, missing in handling_gaps(pf):
        for key in missing:
            build = "build" if loc[0] == "asia" else "build --for-each-party"
            echo_error(f"Warning: {where((*loc, key))}: missing for party '{party}', so its "
                       f"decision proposal is not ready for its meeting: {build} refuses it; add "
                       f"{key}, or mark the handling 'tila: luonnos' (or build drafts with "
                       "--drafts)")
    lead = pf.item.handling.party
    without = [p.id for p in pf.parties if p.handling is None and p.id != lead]
    if without:
        many = len(without) > 1
        echo_error(f"Note: {len(without)} {'parties have' if many else 'party has'} no handling "
                   f"data (kasittely) yet: {', '.join(without)}; build --for-each-party makes "
                   f"{'their proposals' if many else 'its proposal'} only as visibly marked "
                   "drafts, with --drafts")


@contextmanager
def progress_bar(total: int, label: str) -> Iterator[Any]:
    """A progress bar on stderr for batches; silent when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    # no refresh thread (auto_refresh): the bar is redrawn when a document is done
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[name]}"), console=console, transient=True,
                  disable=not console.is_terminal, auto_refresh=False) as bar:
        task = bar.add_task(label, total=total, name="")
        yield lambda name: bar.update(task, advance=1, name=name, refresh=True)


def parse_templates(templates: tuple[str, ...]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for item in templates:
        kind, sep, file = item.partition("=")
        if not sep or not file:
            raise click.BadParameter(f"{item!r}: write KIND=FILE, e.g. decision=my.docx",
                                     param_hint="--template")
        out[kind.strip()] = Path(file)
    return out


def matrix_template(given: str | None) -> Path | None:
    """The matrix template of ``--template`` (``FILE`` or ``matrix=FILE``), checked as build
    checks a template of its own; None for the bundled one."""
    if given is None:
        return None
    kind, sep, file = given.partition("=")
    if sep and kind.strip() != "matrix":
        raise click.BadParameter(f"{given!r}: only the matrix template is used here; write "
                                 "--template FILE or --template matrix=FILE",
                                 param_hint="--template")
    path = Path(file if sep else given)
    from .word import ensure_template_ok

    ensure_template_ok(path, "matrix")
    return path


def echo_proofreading(pf: PlanFile, plan: str | None, accepted: tuple[str, ...]) -> None:
    from .plan import line_map, proofread_report

    report = proofread_report(pf, accepted=accepted)
    where = line_map(plan_path(plan))
    for finding in report.findings:
        line = where(finding.loc)
        hint = f"; suggestions: {', '.join(finding.suggestions)}" if finding.suggestions else ""
        click.echo(f"{line}: {finding.lang}: {finding.word!r} is not in the dictionary{hint}")
    for lang, why in report.unchecked.items():
        echo_error(f"Note: {lang} not proofread: {why}")
    checked = ", ".join(report.checked) or "none"
    if report.findings:
        echo_error(f"{len(report.findings)} word(s) to check (languages checked: {checked}); add "
             "correct local words to 'hyvaksytyt_sanat'")
        raise click.exceptions.Exit(1)
    click.echo(f"proofread: no suspicious words (languages checked: {checked})")


def check_outputs(paths: Sequence[Path], *, force: bool) -> None:
    """Refuse before any work: an output that is a directory, or exists without --force."""
    from .errors import OutputError

    for path in paths:
        if path.is_dir():
            raise OutputError(f"{path}: is a directory; give a file name ending in "
                              f"{path.suffix or '.xlsx'}, or use --for-each-party for a directory")
        if path.exists() and not force:
            raise OutputError(f"{path}: exists already; use --force to replace it, or choose "
                              "another --out")


def check_workbook_name(path: Path) -> None:
    """Refuse an output workbook named other than ``.xlsx``: it is an Excel workbook whatever
    its name, and Excel or Calc would not open it under another one."""
    from .errors import OutputError

    if path.suffix.casefold() != ".xlsx" and not path.is_dir():  # check_outputs says that
        raise OutputError(f"{path}: the file written is an Excel workbook; give a name ending "
                          "in .xlsx (Calc saves it as .ods itself if you want one)")


_FINNISH_DATE = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*")
"""A date as Finnish text writes it, and as the matrices take it: ``2.3.2026``."""


def parse_date(value: str | None) -> Any:
    """A command line's date: year-month-day (``2026-03-02``) or as Finnish text writes it
    (``2.3.2026``)."""
    if value is None:
        return None
    try:
        if (finnish := _FINNISH_DATE.fullmatch(value)) is not None:
            day, month, year = map(int, finnish.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: write the date as year-month-day, e.g. "
                                 "2026-03-02, or as 2.3.2026") from None


def files_in(given: tuple[str, ...], suffixes: tuple[str, ...], *, nested: bool,
             skip: Sequence[str | None] = (), what: str = "", hint: str = "",
             others: list[Path] | None = None) -> list[Path]:
    """The files `given` on the command line, each folder replaced by its files whose names
    end in one of `suffixes`, by path: with `nested`, also those in its subfolders. Hidden
    files and folders, Office's ``~$`` lock files and the files in `skip` (the command's own
    output) are left out; the folders' other files are added to `others`, if given, for the
    command to say it did not read them. A folder without any such file is a usage error
    naming `what` was looked for (default: the suffixes) and `hint`, what to give instead."""
    leave_out = {Path(p).resolve() for p in skip if p}
    out: list[Path] = []
    for name in given:
        folder = Path(name)
        if not folder.is_dir():
            out.append(folder)
            continue
        files = sorted(p for p in (folder.rglob("*") if nested else folder.iterdir())
                       if p.is_file() and not any(part.startswith((".", "~$"))
                                                  for part in p.relative_to(folder).parts)
                       and p.resolve() not in leave_out)
        found = [p for p in files if p.suffix.lower() in suffixes]
        if others is not None:
            others += [p for p in files if p.suffix.lower() not in suffixes]
        if not found:
            kinds = what or " or ".join(", ".join(suffixes).rsplit(", ", 1)) + " files"
            below = [] if nested else sorted({str(p.parent) for p in folder.rglob("*")
                                              if p.suffix.lower() in suffixes and p.is_file()
                                              and not p.name.startswith((".", "~$"))})
            inside = (f" (its subfolders do: give them, e.g. {' '.join(below[:3])}"
                      f"{' …' if len(below) > 3 else ''})" if below else "")
            raise click.BadParameter(f"the folder {name} holds no {kinds}{inside}{hint}",
                                     param_hint="'FILES...'")
        out += found
    return out

