"""The Word stage: docxtpl templates rendered into deterministic .docx documents.

The only part of the package that imports docxtpl and python-docx::

    from yhdyspinta_docs.word import DocProperties, WordTemplate

    template = WordTemplate("decision.docx")  # read, checked and compiled once
    data = template.render(context, DocProperties(title="…", language="fi-FI"))

:func:`check_template` lists what is wrong with a user's template (Word or the matrix
workbook); :func:`ensure_template_ok` raises one :class:`~yhdyspinta_docs.errors.TemplateError`
listing it all; :func:`template_accessibility` lists what the documents made from a Word
template lack for a screen reader. :func:`prepare_template` is the lint and scrub every
template passes before use.
"""

from ._accessible import template_accessibility
from ._check import KINDS, check_template, ensure_template_ok, infer_kind
from ._figures import Figure
from ._lint import lint_template, prepare_template, read_template
from ._properties import DocProperties
from ._template import WordTemplate, template_variables

__all__ = [
    "DocProperties",
    "Figure",
    "KINDS",
    "WordTemplate",
    "check_template",
    "ensure_template_ok",
    "infer_kind",
    "lint_template",
    "prepare_template",
    "read_template",
    "template_accessibility",
    "template_variables",
]
