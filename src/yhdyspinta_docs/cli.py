"""The ``yhdyspinta-docs`` command line: a thin shell over the Python API.

With :mod:`._cli_followup` (the follow-up round's commands) and :mod:`._cli_support`, the
only modules that print or set exit codes. Heavy libraries
(docx, docxtpl, openpyxl, lxml) are imported inside the commands, so ``--help`` starts at once.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from ._cli_followup import collect, matrix, report, resolve
from ._cli_region import init
from ._cli_support import (
    KEY_HELP,
    build_key,
    echo_decision_warnings,
    echo_error,
    echo_plan_warnings,
    echo_proofreading,
    echo_written,
    files_in,
    parse_date,
    parse_templates,
    plan_from_argument,
    progress_bar,
)

__all__ = ["main"]

PLAN_HELP = "Plan file (YAML). Without it, the bundled Keski-Suomi example."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="yhdyspinta-docs")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Board documents and follow-up matrices for Finnish cooperation plans
    (yhdyspintasuunnitelma, hyvinvointialuelaki 14 §).

    \b
    First five minutes:
      yhdyspinta-docs build                 the Keski-Suomi example into ./out
      yhdyspinta-docs init my-region        start your own plan file
      yhdyspinta-docs validate plan.yaml    check it
      yhdyspinta-docs build plan.yaml --out out
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for _command in (init, matrix, collect, resolve, report):  # ._cli_region, ._cli_followup
    cli.add_command(_command)


@cli.command()
@click.argument("plan", required=False, type=click.Path(dir_okay=True))
@click.option("-o", "--out", "outdir", default="out", show_default=True, type=click.Path(),
              help="Output directory.")
@click.option("--force", is_flag=True, help="Replace files that were changed after generation.")
@click.option("--for-each-party", is_flag=True, help="Also one decision proposal per party.")
@click.option("--drafts", is_flag=True,
              help="Allow missing meeting data: make visibly marked drafts instead of failing.")
@click.option("--public", is_flag=True,
              help="Also web-publication versions (julkinen/): personal data not needed for "
              "public information is left out.")
@click.option("--pdf", is_flag=True, help="Also a PDF of every document (LibreOffice).")
@click.option("--pdfa", is_flag=True, help="The PDFs as PDF/A-2b for the archive (implies --pdf).")
@click.option("--zip", "make_zip", is_flag=True,
              help="Also the meeting package kokouspaketti.zip with the manifest.")
@click.option("--period", help="Follow-up period shown in the matrix, e.g. 2026.")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["fi", "sv"]),
              help="Document language(s); default: the plan's 'kielet'. Repeat for both.")
@click.option("--template", "templates", multiple=True, metavar="KIND=FILE",
              help="Your own template for a document kind, e.g. decision=my.docx.")
@click.option("--key", "key_file", type=click.Path(dir_okay=False), help=KEY_HELP)
def build(plan: str | None, outdir: str, force: bool, for_each_party: bool, drafts: bool,
          public: bool, pdf: bool, make_zip: bool, period: str | None, langs: tuple[str, ...],
          templates: tuple[str, ...], key_file: str | None, pdfa: bool) -> None:
    """Build the documents of PLAN into --out, with manifest.json."""
    if pdfa:  # refused without pikepdf before any work (the key file, LibreOffice)
        from .output._pdfa import require_pikepdf
        require_pikepdf()
    office = None
    if pdf or pdfa:  # LibreOffice starts up while the plan is read and the documents are made
        from .output._pdf import PDF_TIMEOUT, start_office

        office = start_office()
        if not sys.stderr.isatty():  # no progress bar: a log would show nothing for minutes
            office.on_slow = lambda seconds: echo_error(
                f"Note: LibreOffice is still converting the PDFs after {seconds:.0f} s; it is "
                f"stopped after {PDF_TIMEOUT:g} s")
    with office or contextlib.nullcontext():
        from ._build import (
            BuildOptions,
            check_languages,
            count_documents,
            finish_packages,
            make_documents,
            template_warnings,
            write_early,
            write_outputs,
        )

        pf = plan_from_argument(plan)
        template_map = parse_templates(templates)
        # -- a build that cannot run (texts missing in a language asked for) makes no key --
        check_languages(pf, langs or pf.languages,  # type: ignore[arg-type]
                        for_each_party=for_each_party)
        options = BuildOptions(languages=langs or None, for_each_party=for_each_party,  # type: ignore[arg-type]
                               drafts=drafts, public=public, pdf=pdf, pdfa=pdfa, zip=make_zip,
                               period=period, templates=template_map,
                               key=build_key(pf, plan, key_file, drafts=drafts,
                                             for_each_party=for_each_party))
        written, early = write_early(outdir, pf, force=force, package=make_zip)
        with progress_bar(count_documents(pf, options), "Asiakirjat") as step:
            outputs = make_documents(pf, options, progress=step, office=office,
                                     while_converting=early)
    result = write_outputs(outputs, outdir, pf, force=force, written=written)
    finish_packages(result, outputs, pf, options, force=force)  # kokouspaketti.zip …
    for warning in [*result.warnings, *template_warnings(options)]:
        echo_error(f"Warning: {warning}")
    echo_written(result)
    for package in filter(None, [result.package, *result.party_packages.values()]):
        click.echo(f"package   {package}")
    echo_plan_warnings(pf, plan, period=period)  # the open data is the public version


@cli.command()
@click.argument("plan", required=False, type=click.Path(dir_okay=True))
@click.option("--proofread", is_flag=True,
              help="Also spell-check the free text with Voikko (Finnish; Swedish if present).")
@click.option("--accept", "accepted", multiple=True, metavar="WORD",
              help="A word the proofreading accepts (repeatable); the plan's own list is "
              "'hyvaksytyt_sanat'.")
def validate(plan: str | None, proofread: bool, accepted: tuple[str, ...]) -> None:
    """Check PLAN and report every problem with its line and field path."""
    pf = plan_from_argument(plan)
    from .plan._loader import check_languages

    check_languages(pf, pf.languages)
    measures = len(pf.plan.measures)
    click.echo(f"{plan or 'example'}: ok ({len(pf.parties)} parties, {measures} measures, "
               f"languages {', '.join(pf.languages)})")
    echo_plan_warnings(pf, plan, readiness=True)
    if proofread:
        echo_proofreading(pf, plan, accepted)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the plan file (for editor completion and checks)."""
    import json

    from .plan import plan_schema

    click.echo(json.dumps(plan_schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("plan", required=False, type=click.Path(dir_okay=True))
@click.option("--as-of", "as_of", help="Status day (year-month-day); default: paatokset.tilanne "
              "in the plan, else the latest recorded decision (never today's date).")
@click.option("-o", "--out", "outdir", type=click.Path(),
              help="Also write the county board's summary (.docx, .xlsx) and open data here.")
@click.option("--extracts", is_flag=True, help="With --out: a minutes extract "
              "(pöytäkirjanote) of every recorded decision.")
@click.option("--public", is_flag=True, help="With --out: web versions (julkinen/) without "
              "personal data: of the summary (.docx, .xlsx) and, with --extracts, of every "
              "extract (stating the day it comes off the web).")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["fi", "sv"]),
              help="Document language(s); default: the plan's 'kielet'.")
@click.option("--pdf", is_flag=True, help="With --out: also a PDF of every document "
              "(LibreOffice).")
@click.option("--pdfa", is_flag=True, help="With --out: the PDFs as PDF/A-2b (implies --pdf).")
@click.option("--template", "templates", multiple=True, metavar="KIND=FILE",
              help="With --out: your own template, approvals=FILE (the summary) or "
              "extract=FILE (the minutes extract).")
@click.option("--force", is_flag=True, help="Replace files that were changed after generation.")
def decisions(plan: str | None, as_of: str | None, outdir: str | None, extracts: bool,
              public: bool, langs: tuple[str, ...], pdf: bool, templates: tuple[str, ...],
              force: bool, pdfa: bool) -> None:
    """The plan's approval across every party that must approve: decided, pending, overdue."""
    from .approvals import approval_documents, approval_status, approval_summary_context
    from .plan._fields import LANGS

    if not outdir and (extracts or public or pdf or pdfa or templates):
        raise click.UsageError("--pdfa writes files: give --out DIR" if pdfa else
                               "--extracts, --public, --pdf and --template write files: "
                               "give --out DIR")
    languages = [lang for lang in LANGS if lang in langs] or None
    template_map = parse_templates(templates)
    pf = plan_from_argument(plan)
    when = parse_date(as_of)
    # -- the documents (own templates checked first) are made before any output, so a
    #    problem stops the command before the status table is printed --
    outputs = approval_documents(pf, as_of=when, languages=languages, extracts=extracts,
                                 public=public, pdf=pdf, pdfa=pdfa, templates=template_map
                                 ) if outdir else None
    status = approval_status(pf, when)
    ctx = approval_summary_context(pf, languages[0] if languages else None, status=status)
    for line in ctx["summary"]:
        click.echo(line)
    words = ctx["words"]
    heads = (words["party"], words["body"], words["planned"], words["state"],
             words["decision_column"])
    table = [(row["party"], row["body"], row["planned"], row["state"], row["decision"])
             for row in ctx["rows"]]
    widths = [max(len(cells[i]) for cells in [heads, *table]) for i in range(4)] + [0]
    for cells in [heads, *table]:  # every column as wide as its longest name (Swedish too)
        click.echo("  ".join(f"{c:{w}}" for c, w in zip(cells, widths, strict=True)).rstrip())
    for key in ("rejected", "amended"):
        for text in ctx[key]:
            click.echo(f"{words[key]}: {text}")
    if outdir and outputs is not None:
        from ._build import write_outputs

        echo_written(write_outputs(outputs, outdir, pf, force=force))
    # --public: what the web versions leave out (as build's); always: decisions' days
    (echo_plan_warnings if public else echo_decision_warnings)(pf, plan, as_of=when)


@cli.command("check-template")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["decision", "plan", "report", "matrix", "approvals",
                                           "extract"]),
              help="Default: from the file name, its title, or the variables it uses.")
def check_template(file: str, kind: str | None) -> None:
    """Check your own template FILE (.docx or .xlsx) before use: syntax, unknown variables
    (with did-you-mean), misplaced paragraph/row tags, missing matrix columns."""
    from .word._check import ensure_template_ok, infer_kind

    path = Path(file)
    kind = kind or infer_kind(path)
    ensure_template_ok(path, kind, checking=True)
    click.echo(f"{path}: ok ({kind} template)")
    from .errors import printable
    from .word import template_accessibility

    for issue in template_accessibility(path, kind):  # it works, but its documents lack this
        echo_error(f"Warning: {printable(str(issue))}")


@cli.command("check-accessibility")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
def check_accessibility(files: tuple[str, ...]) -> None:
    """Check .docx, .xlsx and .pdf FILES for accessibility (language, title, headings, lists,
    tables, alt text, text contrast, colour-only status; a PDF's tags). A folder stands for
    every such file in it and its subfolders (e.g. a build's out/julkinen). Exits 1 when
    something is found or a file cannot be checked (a line names it and says why)."""
    from .errors import Issue, printable  # a finding quotes names and texts from the files
    from .output import check_accessibility as findings
    from .output._accessibility_read import SUFFIXES, not_regular_in

    paths = files_in(files, SUFFIXES, nested=True)
    # a FIFO, device or socket in a folder, named like a document: named as such, never opened
    paths += [p for name in files if Path(name).is_dir() for p in not_regular_in(Path(name))]
    # a file in a subfolder of a folder given is named with that subfolder (julkinen/…): a
    # web version has its original's file name
    folders = [d for d in map(Path, files) if d.is_dir()]
    issues = []
    for path in paths:
        shown = next((str(path.relative_to(d)) for d in folders if path.is_relative_to(d)),
                     path.name)
        issues += [Issue(shown + i.where[len(path.name):], i.what)
                   if shown != path.name and i.where.startswith(path.name) else i
                   for i in findings([path])]
    for issue in issues:
        click.echo(printable(str(issue)))
    if issues:
        raise click.exceptions.Exit(1)
    click.echo(f"{len(paths)} file(s): none of the checked problems found; reading order, "
               "link texts, plain language and headings made by hand without a heading style "
               "still need a person to check them")



_API_TO_CLI = {"BuildOptions(drafts=True)": "--drafts", "allow_drafts=True": "--drafts",
               "force=True": "--force", "another outdir": "another --out",
               "key=load_key(FILE)": "--key FILE", "key=load_or_create_key(FILE)": "--key FILE",
               " (BuildOptions(templates=…))": "", " (write_decisions(templates=…))": ""}
"""The library's messages name its parameters; on the command line they are options."""


def _in_cli_words(message: str) -> str:
    for api, option in _API_TO_CLI.items():
        message = message.replace(api, option)
    return message


_frozen_at_exit = False


def _no_collection_at_exit() -> None:
    """Once per process: at exit, first move every object still alive out of the garbage
    collector's reach (:func:`gc.freeze`), so that the collections Python makes while it shuts
    down do not search them for cycles. A command that read a plan keeps its model classes
    and their validators, tens of thousands of objects, to the end: searching them took
    25–40 ms of the 250–270 of ``validate`` and 5–10 of the 80–85 of ``--help``
    (docs/performance.md). The objects are released as before; the memory of any cycle
    among them goes back to the operating system with the process."""
    global _frozen_at_exit
    if not _frozen_at_exit:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _frozen_at_exit = True


class _Stopped(BaseException):
    """SIGTERM or SIGHUP (the terminal closed) arrived: unwound like Ctrl-C, so every
    LibreOffice instance is stopped and its profile removed (they run in sessions of their
    own, which the signal does not reach)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """While the command runs, SIGTERM and SIGHUP raise :class:`_Stopped` (in the main
    thread; one the caller ignores, as under nohup, stays ignored)."""
    import signal
    import threading

    def stop(signum: int, _frame: object) -> None:
        raise _Stopped(signum)

    before = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
                before[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


_INTERRUPTED = "Interrupted; files already written are complete, nothing is half-written."


def _debug_first(args: list[str]) -> list[str]:
    """`args` with a ``--debug`` given after the command (``validate plan.yaml --debug``, as
    one adds it when a command fails) moved before it, where the option is; not one after
    ``--``, which is a file's name."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv`; return the exit code (never raises for user errors)."""
    from .errors import YhdyspintaError

    _no_collection_at_exit()
    args = _debug_first(list(sys.argv[1:] if argv is None else argv))
    debug = args[:1] == ["--debug"]
    try:
        # -- without standalone mode click returns a command's Exit code instead of exiting --
        with _stop_on_signals():
            returned = cli.main(args=args, prog_name="yhdyspinta-docs", standalone_mode=False)
        if isinstance(returned, int):
            return returned
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort as exc:
        # -- click turns Ctrl-C inside a command into Abort --
        echo_error(_INTERRUPTED if isinstance(exc.__cause__, KeyboardInterrupt) else "Aborted.")
        return 130
    except YhdyspintaError as exc:
        if debug:
            raise
        echo_error(f"Error: {_in_cli_words(exc.message)}")
        return exc.exit_code
    except KeyboardInterrupt:
        echo_error(_INTERRUPTED)
        return 130
    except _Stopped as exc:
        echo_error("Stopped by a signal; files already written are complete, nothing is "
                   "half-written.")
        return 128 + exc.signum
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
