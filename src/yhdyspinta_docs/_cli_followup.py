"""The follow-up round on the command line: ``matrix``, ``collect``, ``resolve``, ``report``.

Registered on the command group by :mod:`.cli`; like it, a thin shell over the Python API that
imports the heavy libraries inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

import click

from ._cli_support import (
    KEY_HELP,
    check_outputs,
    check_workbook_name,
    echo_error,
    echo_written,
    files_in,
    key_from_arguments,
    matrix_template,
    parse_date,
    parse_templates,
    plan_from_argument,
)

if TYPE_CHECKING:
    from .plan import PlanFile
    from .plan._fields import Lang

__all__ = ["collect", "matrix", "report", "resolve"]

_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}
"""Files Windows keeps in a folder by itself (hidden by an attribute, not a dot)."""
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".fods", ".csv", ".numbers")
"""What collect takes from a folder: a party's copy saved as .xlsx, or in another format that
the reader then names with how to save it as .xlsx (never passed over in silence)."""


@click.command()
@click.argument("plan", required=False, type=click.Path(dir_okay=True))
@click.option("-o", "--out", "out", required=True, type=click.Path(),
              help="The new matrix (.xlsx), or a directory with --for-each-party.")
@click.option("--party", help="Only this party's copy (its own rows).")
@click.option("--for-each-party", is_flag=True, help="One copy per party into the --out directory.")
@click.option("--merge-from", "merge_from", type=click.Path(exists=True, dir_okay=False),
              help="Last round's matrix: every entry is carried over by its stable key; entries "
              "of removed rows go to the Arkisto sheet.")
@click.option("--period", help="Follow-up period shown in the matrix, e.g. 2026.")
@click.option("--date", "date", help="Date of the matrix (year-month-day); default from the plan.")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["fi", "sv"]),
              help="Language of every matrix written (repeat for a bilingual one); default: "
              "a party's copy in the party's 'kielet', the combined one in the plan's.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--key", "key_file", type=click.Path(dir_okay=False), help=KEY_HELP)
@click.option("--template", "template", metavar="[matrix=]FILE",
              help="Your own matrix template (.xlsx), as build's --template matrix=FILE.")
def matrix(plan: str | None, out: str, party: str | None, for_each_party: bool,
           merge_from: str | None, period: str | None, date: str | None,
           langs: tuple[str, ...], force: bool, key_file: str | None,
           template: str | None) -> None:
    """Make the follow-up matrix of PLAN (never re-saves the old file; builds a new one)."""
    from .matrix import read_matrix, write_matrix
    from .matrix._write import check_translations, matrix_langs
    from .output._files import write_atomic
    from .plan._date_checks import period_warning

    pf = plan_from_argument(plan)
    own = matrix_template(template)
    if not for_each_party:
        check_workbook_name(Path(out))
    # a matrix that cannot be made (texts missing in its language) makes no key
    ids = [p.id for p in pf.parties] if for_each_party else [party]
    chosen = cast("tuple[Lang, ...]", langs) or None
    check_translations(pf, sorted({lang for pid in ids
                                   for lang in matrix_langs(pf, pid, chosen)}))
    # a matrix to carry over must verify with the key: then the key must exist already
    key = key_from_arguments(plan, key_file, create=not merge_from)
    previous = read_matrix(Path(merge_from), pf, key=key, on_warning=_warn) if merge_from else None
    if merge_from and previous is not None:
        from ._followup_checks import version_warning

        if (unchanged := version_warning(pf, previous, Path(merge_from).name)) is not None:
            _warn(unchanged)
    if merge_from and previous and previous.recipient and (for_each_party
                                                           or party != previous.recipient):
        lost = (f"the copy of '{party}' made from it would carry over none of its entries"
                if party else "the copies of the other parties made from it would carry over "
                "none of their entries" if for_each_party else "the coordinator's matrix "
                "made from it would carry over none of the other parties' entries")
        _refuse_party_copy(merge_from, previous.recipient, f"{lost}; give the matrix that "
                           f"collect wrote, or make only --party {previous.recipient} from it")
    when = parse_date(date) or pf.dated
    targets: list[tuple[str | None, Path]]
    if for_each_party:
        from ._names import file_names

        stem = file_names(pf)["matrix"]  # seurantamatriisi, uppfoljningsmatris
        targets = [(p.id, Path(out) / f"{stem}_{p.id}.xlsx") for p in pf.parties]
    else:
        targets = [(party, Path(out))]
    check_outputs([path for _, path in targets], force=force)
    for pid, path in targets:
        result = write_matrix(pf, key=key, party=pid, previous=previous, period=period,
                              date=when, archive_date=parse_date(date), template=own,
                              langs=langs or None)  # type: ignore[arg-type]
        # with --for-each-party, --out is a folder: nothing is written through a link in it
        write_atomic(path, result.data, force=force, root=Path(out) if for_each_party else None)
        click.echo(f"matrix    {path}  ({len(result.followup.rows)} rows"
                   + (f", {len(result.archived)} archived" if result.archived else "") + ")")
    if (merge_from and previous and previous.period and not period
            and previous.period == result.followup.period):
        echo_error(_same_period(merge_from, previous.period, for_each_party))
    if period and (late := period_warning(pf, period)) is not None:
        _warn(late)


@click.command()
@click.argument("plan", type=click.Path(dir_okay=True))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The merged matrix (.xlsx) for the coordinator.")
@click.option("--base", type=click.Path(exists=True, dir_okay=False),
              help="The coordinator's own master matrix (its edits count as one more source).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False),
              help="Also write the merged follow-up data as JSON.")
@click.option("--date", "date", help="Date of the merged file (year-month-day); default from "
              "the plan.")
@click.option("--force", is_flag=True, help="Replace existing output files (but not a merged "
              "matrix, other than --base, whose entries the new one would lose or change).")
@click.option("--key", "key_file", type=click.Path(dir_okay=False), help=KEY_HELP)
@click.option("--allow-combined", is_flag=True,
              help="Also take the coordinator's combined copy (every party's rows) among FILES; "
              "it may change every row.")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["fi", "sv"]),
              help="Language of the merged matrix (repeat for a bilingual one); default: the "
              "plan's 'kielet'. Returned files are read in either language.")
@click.option("--template", "template", metavar="[matrix=]FILE",
              help="Your own matrix template (.xlsx), as build's --template matrix=FILE.")
def collect(plan: str, files: tuple[str, ...], out: str, base: str | None, json_out: str | None,
            date: str | None, force: bool, key_file: str | None, allow_combined: bool,
            langs: tuple[str, ...], template: str | None) -> None:
    """Read the returned FILES and merge them into one matrix for the coordinator.

    A folder among FILES stands for every spreadsheet file in it (not its subfolders, nor
    Excel's ~$ lock files); one saved in another format (.ods, .xls, .csv …) is named with
    how to save it as .xlsx, so that no party's copy is passed over. Every unreadable value
    is reported as file: Sheet!Cell; nothing is half-imported. The parties whose copy has not
    come back are listed. Conflicting edits are kept side by side in the Ristiriidat sheet,
    and the exit code is 5: choose a value per conflict there and run 'resolve'.
    """
    from .matrix import collect as run_collect
    from .matrix._taken import replaced_note
    from .output._files import write_atomic

    pf = plan_from_argument(plan)
    own = matrix_template(template)
    check_workbook_name(Path(out))
    if json_out and Path(json_out).suffix.casefold() in SPREADSHEETS:
        from .errors import OutputError

        raise OutputError(f"{json_out}: --json writes the merged data as JSON, which would "
                          "replace a workbook of that name; give a name ending in .json")
    check_outputs([Path(out)] + ([Path(json_out)] if json_out else []), force=force)
    key = key_from_arguments(plan, key_file, create=False)
    others: list[Path] = []  # a printout or a covering letter among the returned files
    paths = files_in(files, SPREADSHEETS, nested=False, skip=[out, base, json_out],
                     what="spreadsheet files", hint="; give the returned files or the folder "
                     "they are in", others=others)
    _refuse_copy_as_out(Path(out), files, pf, key)
    from .errors import printable  # a file name may hold anything

    for other in others:  # said first: also when a returned file stops the collection
        if other.name.casefold() in _SYSTEM_FILES:
            continue
        how = ("unzip it and collect the copy in it" if other.suffix.casefold() == ".zip" else
               "if a party returned its entries in it, ask for the matrix sent to it, filled in")
        click.echo(f"not read  {printable(str(other))}: not a spreadsheet; {how}")
    result = run_collect(pf, paths, key=key,
                         base=Path(base) if base else None, date=parse_date(date) or pf.dated,
                         allow_combined=allow_combined, out=Path(out),  # keeps its entries
                         langs=langs or None, template=own)  # type: ignore[arg-type]
    write_atomic(Path(out), result.workbook, force=force)
    if json_out:
        write_atomic(Path(json_out), result.data.model_dump_json(indent=2).encode() + b"\n",
                     force=force)
    for src in result.sources:  # whose copy each file is, by its signature, not its name
        what = (f"already collected into {Path(base).name}; its entries there are kept"
                if src.already_collected and base else
                f"{_count(src.rows, 'row')}, {_count(src.changed_cells, 'changed cell')}")
        click.echo(f"read      {src.file} ({src.recipient or 'combined copy'}): {what}")
        if src.replaced and base:  # a new version of a copy, over what nobody changed since
            click.echo("replaced  " + replaced_note(src.file, src.recipient, src.replaced,
                                                    Path(base).name, result.langs))
    if result.not_returned:
        responsible = len({row.party_id for row in result.data.rows})
        click.echo(f"waiting   no copy yet from {len(result.not_returned)} of "
                   f"{_count(responsible, 'party', 'parties')}: {', '.join(result.not_returned)}")
    for warning in result.warnings:
        echo_error(f"Warning: {warning}")
    click.echo(f"merged    {out}")
    result.raise_for_conflicts(plan, out)


@click.command()
@click.argument("plan", type=click.Path(dir_okay=True))
@click.argument("merged", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The resolved merged matrix (.xlsx).")
@click.option("--date", "date", help="Date of the resolved file (year-month-day); default: the "
              "date of MERGED.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--key", "key_file", type=click.Path(dir_okay=False), help=KEY_HELP)
@click.option("--template", "template", metavar="[matrix=]FILE",
              help="Your own matrix template (.xlsx), as build's --template matrix=FILE.")
def resolve(plan: str, merged: str, out: str, date: str | None, force: bool,
            key_file: str | None, template: str | None) -> None:
    """Resolve the conflicts of the MERGED matrix that collect wrote.

    Type in the column Valinta of its sheet Ristiriidat, for each conflict, the Nro of the
    value that stays (0 = the value sent) or the value itself, save it, then run this. Every
    value stays in the result's Ristiriidat sheet, the one in force marked.
    """
    from .matrix import resolve as run_resolve
    from .output._files import write_atomic

    pf = plan_from_argument(plan)
    own = matrix_template(template)
    check_workbook_name(Path(out))
    check_outputs([Path(out)], force=force)
    result = run_resolve(pf, Path(merged), key=key_from_arguments(plan, key_file, create=False),
                         date=parse_date(date), out=out, template=own)
    write_atomic(Path(out), result.workbook, force=force)
    for warning in result.warnings:
        echo_error(f"Warning: {warning}")
    click.echo(f"resolved  {out}  ({result.sources[0].changed_cells} conflict(s))")


@click.command()
@click.argument("plan", required=False, type=click.Path(dir_okay=True))
@click.option("--followup", "followup", required=True,
              type=click.Path(exists=True, dir_okay=False),
              help="The collected (merged) follow-up matrix.")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False),
              help="Last period's merged matrix: the report then shows what changed.")
@click.option("-o", "--out", "outdir", default="raportti", show_default=True, type=click.Path(),
              help="Output directory (its own by default, so that a build's manifest.json "
              "is not replaced).")
@click.option("--meeting-date", help="Date of the meeting that takes note (year-month-day); "
              "without it, the decision proposal is a marked draft.")
@click.option("--section", type=int, help="Section (pykälä) number of that meeting's item.")
@click.option("--date", "date", help="Date of the report (year-month-day); default: the latest "
              "'Päivitetty' date in the matrix.")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["fi", "sv"]),
              help="Document language(s); default: the plan's 'kielet'.")
@click.option("--pdf", is_flag=True, help="Also PDFs (LibreOffice).")
@click.option("--pdfa", is_flag=True, help="The PDFs as PDF/A-2b for the archive (implies --pdf).")
@click.option("--public", is_flag=True, help="Also the web versions of the report and its "
              "proposal (julkinen/): no contact details, personal data left out.")
@click.option("--template", "templates", multiple=True, metavar="KIND=FILE",
              help="Your own template, e.g. report=my-report.docx.")
@click.option("--force", is_flag=True, help="Replace files that were changed after generation.")
@click.option("--key", "key_file", type=click.Path(dir_okay=False), help=KEY_HELP)
def report(plan: str | None, followup: str, previous: str | None, outdir: str,
           meeting_date: str | None, section: int | None, date: str | None,
           langs: tuple[str, ...], pdf: bool, public: bool, templates: tuple[str, ...],
           force: bool, key_file: str | None, pdfa: bool) -> None:
    """The annual follow-up report from a collected matrix, with a decision proposal that
    takes it as information."""
    from ._build import BuildOptions, make_report, write_outputs
    from ._documents import previous_problem
    from .contexts._report_dates import report_date_warnings
    from .matrix import read_matrix

    if pdfa:  # refused without pikepdf before the matrices are read
        from .output._pdfa import require_pikepdf

        require_pikepdf()
    pf = plan_from_argument(plan)
    key = key_from_arguments(plan, key_file, create=False)
    data = read_matrix(Path(followup), pf, key=key, on_warning=_warn)
    before = read_matrix(Path(previous), pf, key=key, on_warning=_warn) if previous else None
    for path, read in ((followup, data), (previous, before)):
        if path and read and read.recipient:
            _refuse_party_copy(path, read.recipient, "a report made from it would show every "
                               "other party's rows as without entries; give the matrix that "
                               "collect wrote (yhdyspinta-docs collect PLAN FOLDER --out "
                               "koottu.xlsx)")
    from ._followup_checks import followup_problem, followup_warnings
    from .errors import Issue, MatrixError

    if (problem := followup_problem(pf, data)) is not None:
        raise MatrixError([Issue(Path(followup).name, problem)])
    if previous and before and (problem := previous_problem(data, before)):
        raise MatrixError([Issue(Path(previous).name, problem)])
    options = BuildOptions(languages=langs or None, pdf=pdf, pdfa=pdfa,  # type: ignore[arg-type]
                           public=public, templates=parse_templates(templates))
    outputs = make_report(pf, data, options, previous=before,
                          meeting_date=parse_date(meeting_date), section=section,
                          on=parse_date(date))
    echo_written(write_outputs(outputs, outdir, pf, force=force))
    for warning in followup_warnings(pf, data):
        echo_error(f"Warning: {Path(followup).name}: {warning}")
    for warning in report_date_warnings(pf, data, parse_date(date)):
        echo_error(f"Warning: {warning}")


def _refuse_copy_as_out(out: Path, given: tuple[str, ...], pf: PlanFile, key: bytes) -> None:
    """Stop with an OutputError when collect's `out` is a party's copy in a folder `given`
    among the returned files: the folder is read without `out` (an earlier merged matrix kept
    there is no returned copy), so that copy would be neither collected nor kept."""
    from .errors import OutputError, YhdyspintaError
    from .matrix import read_matrix

    folder = next((g for g in given if Path(g).is_dir() and out.is_file()
                   and out.resolve().parent == Path(g).resolve()), None)
    if folder is None:
        return
    try:
        recipient = read_matrix(out, pf, key=key).recipient
    except (YhdyspintaError, OSError):
        return  # a merged matrix with conflicts, or no matrix of the plan: left out as before
    if recipient is not None:
        raise OutputError(f"{out}: is the copy sent to '{recipient}', in the folder {folder} "
                          "of the returned files: it would not be collected, and the merged "
                          "matrix would replace it; give another --out (the merged matrix is "
                          "a file of its own, such as koottu.xlsx)")


def _refuse_party_copy(path: str, recipient: str, why: str) -> NoReturn:
    """Stop with a MatrixError: the file at `path` is one party's copy where the merged
    matrix is needed (`why`: what would go wrong, and what to give)."""
    from .errors import Issue, MatrixError

    raise MatrixError([Issue(Path(path).name, f"is the copy sent to '{recipient}' (that "
                             f"party's rows only), not the merged matrix: {why}")])


def _same_period(merge_from: str, period: str, copies: bool = False) -> str:
    """The warning for a matrix made with --merge-from but without --period that has the
    period of the file it came from (a matrix without --period takes the year of the plan's
    date, which stays the same from year to year)."""
    import re

    years = re.findall(r"(?<!\d)\d{4}(?!\d)", period)
    then = f"--period {int(years[-1]) + 1}" if years else "--period and the next period"
    name = Path(merge_from).name
    what, it, are = ("copies", "them", "they are") if copies else ("matrix", "it", "it is")
    return (f"Warning: the new {what} {are.split()[1]} for follow-up period '{period}', as "
            f"{name} is (without --period, a matrix takes the year of the plan's date); if "
            f"{are} for the next round, make {it} again with {then} and --force, so that "
            "collect and the report tell the two rounds apart")


def _warn(warning: str) -> None:
    """A warning about a matrix read (a column someone added …), as collect prints them."""
    echo_error(f"Warning: {warning}")


def _count(n: int, thing: str, things: str | None = None) -> str:
    """``1 row``, ``2 rows``: a count with its noun in the number it takes."""
    return f"{n} {thing}" if n == 1 else f"{n} {things or thing + 's'}"
