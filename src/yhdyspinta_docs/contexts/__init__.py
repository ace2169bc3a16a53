"""Contexts: the plan (and collected follow-up) → what a Word template shows, as TypedDicts.

    from yhdyspinta_docs.contexts import decision_context

    ctx = decision_context(plan)         # DecisionContext: formatted, sanitised strings
    ctx["date"], ctx["section"]          # '2.3.2026', '§ 80'

Pure functions: nothing here reads files or imports a document library (the report's chart is
drawn when the report context is made). Every value is already formatted (dates ``d.m.yyyy``,
sections ``§ 80``), so another region's tool can use them with its own templates or formats.
docs/templates.md documents every key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Block": "_types_blocks",
    "Chapter": "_types_plan",
    "DecisionContext": "_types_decision",
    "ExplanationSection": "_types_decision",
    "Labels": "_types_blocks",
    "LinesBlock": "_types_blocks",
    "ListBlock": "_types_blocks",
    "Localizer": "_localizer",
    "ParagraphBlock": "_types_blocks",
    "PlanAgreement": "_types_plan",
    "PlanContext": "_types_plan",
    "PlanEvent": "_types_plan",
    "PlanMeasure": "_types_plan",
    "ReportContext": "_types_report",
    "ReportMeasure": "_types_report",
    "ReportRow": "_types_report",
    "ReportWords": "_types_report",
    "TableRow": "_types_report",
    "decision_context": "_decision",
    "decision_contexts": "_decision",
    "decision_open_data": "_opendata",
    "format_date": "_formatting",
    "format_section": "_formatting",
    "labels": "_formatting",
    "plan_context": "_plan",
    "report_context": "_report",
    "report_decision_context": "_report",
}

__all__ = [
    "Block",
    "Chapter",
    "DecisionContext",
    "ExplanationSection",
    "Labels",
    "LinesBlock",
    "ListBlock",
    "Localizer",
    "ParagraphBlock",
    "PlanAgreement",
    "PlanContext",
    "PlanEvent",
    "PlanMeasure",
    "ReportContext",
    "ReportMeasure",
    "ReportRow",
    "ReportWords",
    "TableRow",
    "decision_context",
    "decision_contexts",
    "decision_open_data",
    "format_date",
    "format_section",
    "labels",
    "plan_context",
    "report_context",
    "report_decision_context",
]

if TYPE_CHECKING:
    from ._decision import decision_context, decision_contexts
    from ._formatting import format_date, format_section, labels
    from ._localizer import Localizer
    from ._opendata import decision_open_data
    from ._plan import plan_context
    from ._report import report_context, report_decision_context
    from ._types_blocks import Block, Labels, LinesBlock, ListBlock, ParagraphBlock
    from ._types_decision import DecisionContext, ExplanationSection
    from ._types_plan import Chapter, PlanAgreement, PlanContext, PlanEvent, PlanMeasure
    from ._types_report import ReportContext, ReportMeasure, ReportRow, ReportWords, TableRow

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
