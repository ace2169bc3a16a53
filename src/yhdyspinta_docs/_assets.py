"""Where the bundled templates and examples live, installed or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import Issue, PlanError, TemplateError

__all__ = ["TEMPLATE_FILES", "bundled_path", "copy_templates", "default_template",
           "example_plan_path"]

TEMPLATE_FILES: dict[str, str] = {
    "decision": "decision.docx",
    "plan": "plan.docx",
    "report": "report.docx",
    "matrix": "matrix.xlsx",
    "approvals": "approvals.docx",
    "extract": "extract.docx",
}


def bundled_path(*parts: str) -> Path | None:
    """Return the path of a bundled file (``templates/…`` or ``examples/…``), or None.

    Installed packages carry the files inside ``yhdyspinta_docs/``; a source checkout has them
    at the top of the repository.
    """
    installed = resources.files("yhdyspinta_docs").joinpath(*parts)
    if installed.is_file():
        return Path(str(installed))
    source = Path(__file__).resolve().parents[2].joinpath(*parts)
    return source if source.is_file() else None


def default_template(kind: str) -> Path:
    """Return the bundled default template for a document `kind` (decision, plan, matrix …)."""
    name = TEMPLATE_FILES.get(kind)
    path = bundled_path("templates", name) if name else None
    if path is None:
        raise TemplateError([Issue(kind, "no bundled template for this kind; known kinds: "
                                   + ", ".join(TEMPLATE_FILES))])
    return path


def example_plan_path(name: str = "keski-suomi") -> Path:
    """Return the path of a bundled example plan (``keski-suomi`` is the default)."""
    path = bundled_path("examples", name, "plan.yaml")
    if path is None:
        raise PlanError([Issue("", f"no bundled example named {name!r}")])
    return path


def copy_templates(directory: Path, *, force: bool = False) -> list[Path]:
    """Copy every bundled template into `directory`/templates/ under its own name
    (``decision.docx``, ``matrix.xlsx`` …), for a region to restyle and give to the build with
    ``--template KIND=FILE``. An existing file is replaced only with `force`: without it, none
    is written when any exists. Returns the files written."""
    from .errors import OutputError
    from .output import write_atomic

    folder = directory / "templates"
    targets = {kind: folder / name for kind, name in TEMPLATE_FILES.items()}
    there = [str(p) for p in targets.values() if p.exists() or p.is_symlink()]
    if there and not force:
        raise OutputError(f"{', '.join(there)}: exist{'s' if len(there) == 1 else ''} already; "
                          "nothing was copied (force=True replaces them)")
    folder.mkdir(parents=True, exist_ok=True)
    for kind, path in targets.items():
        write_atomic(path, default_template(kind).read_bytes(), force=force, root=directory)
    return list(targets.values())
