"""Open data: a decision item as JSON shaped after the 6Aika Open Decisions API.

The 6Aika *Avoin päätösrajapinta* (v0.0.5) describes a decision as a **case** (asia) and an
**action** (its handling in a meeting) with **content** sections whose ``hypertext`` is HTML
restricted to ``P``, ``H1``, ``H2`` and tables. This module maps a decision context (the same
data the Word document shows) to that shape, so what is published as data never differs from
what was published as a document. Lists become numbered or dashed ``<p>`` paragraphs, since
the restricted HTML has no list elements.

Content types follow the Ahjo/OpenAhjo vocabulary: ``reasons`` (selostus, toimivalta),
``presenter`` (esittelijä) and ``draft resolution`` (päätösehdotus).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._types_blocks import Block, Labels
from ._types_decision import DecisionContext

if TYPE_CHECKING:
    from ..plan import PlanFile
    from ._approvals import ApprovalStatus

__all__ = ["approvals_open_data", "blocks_to_html", "decision_open_data", "dumps"]

SCHEMA_NOTE = "6Aika Open Decisions API v0.0.5 (case, action, content); hypertext: P, H1, H2, table"


def _p(text: str) -> str:
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in text.split("\n")
                   if line.strip())


def blocks_to_html(blocks: Sequence[Block]) -> str:
    """Render text blocks (paragraph, list, lines) as restricted HTML: ``<p>`` only."""
    out: list[str] = []
    for block in blocks:
        if block["kind"] == "paragraph":
            out.append(_p(block["text"]))
        elif block["kind"] == "list":
            for n, item in enumerate(block["items"], 1):
                marker = f"{n}. " if block["ordered"] else "– "
                out.append(_p(marker + item))
        else:
            out.extend(_p(item) for item in block["items"])
    return "".join(out)


def _content(ordering: int, title: str, kind: str, hypertext: str, lang: str) -> dict[str, Any]:
    return {"ordering": ordering, "title": title, "type": kind, "hypertext": {lang: hypertext}}


def _attachment_name(line: str, number: int, public: bool, lab: Labels) -> str:
    """The attachment's name in the language of `line`, the document's line for it ("Liite 2
    Seurantamatriisin malli", "… (ei julkinen)"): its number and publicity have fields of
    their own in the record. The name is taken from the document's line, so that it is the
    name the document shows, personal data replaced as there."""
    name = line.removeprefix(f"{lab['attachment']} {number} ")
    return name if public else name.removesuffix(f" ({lab['not_public']})")


def decision_open_data(ctx: DecisionContext, *, item_id: str, party_id: str,
                       meeting_date_iso: str | None, section: int | None,
                       dnro: str | None, attachments_public: Sequence[bool]) -> dict[str, Any]:
    """Return the 6Aika-shaped record of one decision proposal.

    `ctx` is a :func:`~yhdyspinta_docs.contexts.decision_context`; the other arguments carry the
    typed values (ISO date, section number) that the context has already formatted for print.
    """
    lang = ctx["lang"]
    lab = ctx["labels"]
    reasons = [f"<h1>{html.escape(lab['explanation'], quote=False)}</h1>"]
    for section_ in ctx["explanation"]:
        reasons.append(f"<h2>{html.escape(section_['heading'], quote=False)}</h2>")
        reasons.append(blocks_to_html(section_["blocks"]))
    contents = [_content(0, lab["explanation"], "reasons", "".join(reasons), lang)]
    if ctx["competence"]:
        contents.append(_content(len(contents), lab["competence"], "reasons",
                                 _p(ctx["competence"]), lang))
    if ctx["presenter"] and ctx["presenter"] != f"({lab['missing_presenter']})":
        # a draft's "(esittelijä puuttuu)" is no presenter: action.draft says what it lacks
        contents.append(_content(len(contents), lab["presenter"], "presenter",
                                 _p(ctx["presenter"]), lang))
    contents.append(_content(len(contents), lab["proposal"], "draft resolution",
                             blocks_to_html(ctx["proposal"]), lang))
    attachments = [{"name": _attachment_name(line, n, public, lab), "number": n,
                    "public": public}
                   for n, (line, public) in enumerate(
                       zip(ctx["attachments"], attachments_public, strict=True), 1)]
    return {
        "schema": SCHEMA_NOTE,
        "case": {
            "id": item_id,
            "title": {lang: ctx["title"]},
            # as the document shows it: a public version's has its personal data replaced
            "register_id": (ctx["dnro"].removeprefix(f"{lab['dnro']} ") or None) if dnro else None,
            "public": True,
            "attachments": attachments,
        },
        "action": {
            "id": f"{item_id}/{party_id}",
            "title": {lang: ctx["title"]},
            "case": item_id,
            "article_number": section,
            "responsible_party": {"id": party_id, "name": ctx["organisation"]},
            "event": {"name": ctx["body"], "start_date": meeting_date_iso},
            "draft": ctx["draft"],
            "content": contents,
        },
    }


def dumps(record: Mapping[str, Any]) -> bytes:
    """Serialise deterministically (sorted keys, UTF-8, final newline)."""
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def approvals_open_data(pf: PlanFile, status: ApprovalStatus,
                        published: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """The approval round as JSON: the plan is ``approved`` when every party that must
    approve has; each party's state and decisions (body, date, §, outcome); each web
    version of an extract with the day after which it comes off the web. Its ``decisions``
    are those up to the status day (``as_of``), as in every other output of the round."""
    doc = {
        "plan": {"id": pf.plan.id, "version": pf.plan.version},
        "as_of": status.as_of.isoformat() if status.as_of else None,
        "approved": status.approved,
        "parties": [{
            "id": p.party,
            "state": p.state.value,
            "due": p.due.isoformat() if p.due else None,
            "decisions": [{"body": r.body, "date": r.date.isoformat(), "section": r.section,
                           "outcome": r.outcome.value} for _, r in p.records],
        } for p in status.parties],
        "decisions": [{"party": r.party, "body": r.body, "date": r.date.isoformat(),
                       "section": r.section, "outcome": r.outcome.value}
                      for _, r in status.counted],
        "extracts": [dict(p) for p in published],
    }
    return dumps(doc)
