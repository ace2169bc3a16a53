"""The plan: the plan file read, validated and checked, as a model (no document library here).

    from yhdyspinta_docs.plan import load_plan

    plan = load_plan("plan.yaml")        # PlanFile; PlanError names file, line and field
    plan.plan.measures[0].responsible    # ('kaikki',) or party ids

The model's attribute names are English; the plan file's keys are their Finnish aliases. Also
here: the JSON Schema of the plan file, a new region's starting files (:func:`init_region`),
spell-checking (:func:`proofread`) and the personal-data checks of public versions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_ITEM = "_item"
_MODEL = "_model"
_PARTIES = "_parties"
_EXPORTS: dict[str, str] = {
    "ALL_PARTIES": "_fields",
    "Agreement": _MODEL,
    "AgreementChapter": _MODEL,
    "AppealKind": _ITEM,
    "Approval": _MODEL,
    "Attachment": _ITEM,
    "Body": _PARTIES,
    "BodyKind": _PARTIES,
    "DecisionItem": _ITEM,
    "Event": _MODEL,
    "Handling": _ITEM,
    "HandlingStatus": _ITEM,
    "Insert": _ITEM,
    "Lang": "_fields",
    "Measure": _MODEL,
    "Member": _MODEL,
    "Misspelling": "_proofread",
    "Party": _PARTIES,
    "PartyKind": _PARTIES,
    "Person": _ITEM,
    "Plan": _MODEL,
    "PlanFile": _MODEL,
    "PlanPeriod": _MODEL,
    "Preparation": _MODEL,
    "PreviousAgreement": _MODEL,
    "ProofreadReport": "_proofread",
    "Section": _ITEM,
    "Text": "_fields",
    "handling_gaps": "_readiness",
    "init_region": "_scaffold",
    "line_map": "_loader",
    "load_plan": "_loader",
    "missing_translations": "_checks",
    "parse_plan": "_loader",
    "personal_data_warnings": "_personal",
    "plan_schema": "_schema",
    "proofread": "_proofread",
    "proofread_report": "_proofread",
    "readiness": "_readiness",
    "voikko_available": "_proofread",
}

__all__ = [
    "ALL_PARTIES",
    "Agreement",
    "AgreementChapter",
    "AppealKind",
    "Approval",
    "Attachment",
    "Body",
    "BodyKind",
    "DecisionItem",
    "Event",
    "Handling",
    "HandlingStatus",
    "Insert",
    "Lang",
    "Measure",
    "Member",
    "Misspelling",
    "Party",
    "PartyKind",
    "Person",
    "Plan",
    "PlanFile",
    "PlanPeriod",
    "Preparation",
    "PreviousAgreement",
    "ProofreadReport",
    "Section",
    "Text",
    "handling_gaps",
    "init_region",
    "line_map",
    "load_plan",
    "missing_translations",
    "parse_plan",
    "personal_data_warnings",
    "plan_schema",
    "proofread",
    "proofread_report",
    "readiness",
    "voikko_available",
]

if TYPE_CHECKING:
    from ._checks import missing_translations
    from ._fields import ALL_PARTIES, Lang, Text
    from ._item import (
        AppealKind,
        Attachment,
        DecisionItem,
        Handling,
        HandlingStatus,
        Insert,
        Person,
        Section,
    )
    from ._loader import line_map, load_plan, parse_plan
    from ._model import (
        Agreement,
        AgreementChapter,
        Approval,
        Event,
        Measure,
        Member,
        Plan,
        PlanFile,
        PlanPeriod,
        Preparation,
        PreviousAgreement,
    )
    from ._parties import Body, BodyKind, Party, PartyKind
    from ._personal import personal_data_warnings
    from ._proofread import (
        Misspelling,
        ProofreadReport,
        proofread,
        proofread_report,
        voikko_available,
    )
    from ._readiness import handling_gaps, readiness
    from ._scaffold import init_region
    from ._schema import plan_schema

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
