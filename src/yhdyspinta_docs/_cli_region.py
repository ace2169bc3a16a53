"""The command that starts a region: ``init`` writes its plan file and, with ``--templates``,
copies of the bundled templates to restyle (:func:`~yhdyspinta_docs._assets.copy_templates`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .plan import Lang

__all__ = ["init"]


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--region", help="The region's name, e.g. Pohjois-Savo (fills 'alue'; the "
              "examples then name it).")
@click.option("--lang", "language", type=click.Choice(["fi", "sv"]), default="fi",
              show_default=True, help="Language of the file's comments and texts: fi (Finnish) "
              "or sv (Swedish, for a Swedish-speaking region; the keys stay Finnish).")
@click.option("--templates", is_flag=True, help="Also copy the bundled templates into "
              "DIRECTORY/templates/ to restyle (an existing plan.yaml is then kept).")
@click.option("--force", is_flag=True, help="Replace an existing plan.yaml (and templates).")
def init(directory: str, region: str | None, language: Lang, templates: bool,
         force: bool) -> None:
    """Start a new region: write DIRECTORY/plan.yaml, a commented plan file to fill in."""
    from ._assets import copy_templates
    from .plan import init_region
    from .plan._scaffold import PLACEHOLDERS

    folder = Path(directory)
    path = folder / "plan.yaml"
    if templates:  # every copy checked before anything is written
        copied = copy_templates(folder, force=force)
    if not templates or force or not path.exists():
        path = init_region(folder, region=region, force=force, language=language)
        click.echo(f"wrote     {path}")
    else:
        click.echo(f"kept      {path} (exists; --force replaces it)")
    if templates:
        for made in copied:
            click.echo(f"wrote     {made}")
        click.echo(f"then:     restyle them in Word or LibreOffice, check each with "
                   f"yhdyspinta-docs check-template {copied[0]}, and build with "
                   f"--template decision={copied[0]} (one --template KIND=FILE each)")
    click.echo(f"next:     fill in every '{PLACEHOLDERS[language]}: …', then run: "
               f"yhdyspinta-docs validate {path}")
