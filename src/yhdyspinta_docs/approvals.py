"""After the meetings: the parties' recorded decisions on the plan (``paatokset``).

    import yhdyspinta_docs as yd
    from yhdyspinta_docs.approvals import approval_status, write_decisions

    plan = yd.load_plan("plan.yaml")
    status = approval_status(plan)                 # on paatokset.tilanne, never the clock
    status.approved, status.count(ApprovalState.OVERDUE)
    write_decisions(plan, "hyvaksyminen", extracts=True, public=True)

What ``yhdyspinta-docs decisions`` does, as functions; docs/decisions.md describes the plan
file's ``paatokset``, the status rules, the appeal instructions and the web versions
(``public=True``: the summary's, with or without ``extracts``, and each extract's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from ._approval_documents import approval_documents
from ._arguments import day_argument, languages_argument
from ._build import BuildResult, write_outputs
from .contexts._approvals import ApprovalState, ApprovalStatus, PartyApproval, approval_status
from .contexts._minutes import approval_summary_context, minutes_context, removal_date
from .plan import Lang, PlanFile
from .plan._decisions import DecisionOutcome, DecisionRecord, Decisions

__all__ = [
    "ApprovalState",
    "ApprovalStatus",
    "DecisionOutcome",
    "DecisionRecord",
    "Decisions",
    "PartyApproval",
    "approval_documents",
    "approval_status",
    "approval_summary_context",
    "minutes_context",
    "removal_date",
    "write_decisions",
]


def write_decisions(pf: PlanFile, outdir: str | Path, *, as_of: dt.date | None = None,
                    languages: Sequence[Lang] | None = None, extracts: bool = False,
                    public: bool = False, pdf: bool = False, pdfa: bool = False,
                    force: bool = False,
                    templates: Mapping[str, str | Path] | None = None) -> BuildResult:
    """Write :func:`approval_documents` into `outdir` with ``manifest.json`` (atomically; a
    file changed after it was generated is replaced only with `force`). `public`: also the
    web versions under ``julkinen/`` (the summary's; with `extracts`, each extract's too).
    `templates`: a region's own ``approvals`` and ``extract`` templates, checked before use.
    `pdfa`: the PDFs as PDF/A-2b for the archive (implies `pdf`; needs pikepdf). The
    result's `warnings` name, with file and line, each recorded decision not counted because
    it is after the status day, and each whose date looks wrong (before the plan's date …)."""
    from .plan._decision_dates import approval_date_warnings
    from .plan._source import plan_where

    as_of = day_argument(as_of, "write_decisions(as_of=…)")
    languages = languages_argument(languages, "write_decisions(languages=…)")
    outputs = approval_documents(pf, as_of=as_of, languages=languages, extracts=extracts,
                                 public=public, pdf=pdf, pdfa=pdfa, templates=templates)
    result = write_outputs(outputs, outdir, pf, force=force)
    result.warnings += approval_date_warnings(pf, lambda loc: plan_where(pf, loc), as_of=as_of,
                                              option="write_decisions(as_of=…)")
    return result
