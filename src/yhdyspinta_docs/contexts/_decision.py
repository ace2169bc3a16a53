"""Pure functions: validated plan → what a template shows, formatted the Finnish (or Swedish) way.

Nothing here reads files or imports a document library. The shape of each context is
documented in docs/templates.md; :func:`decision_context` is the decision proposal's.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Issue, PlanError
from ..plan._checks import reference_ids
from ..plan._fields import Lang
from ..plan._model import Approval, BodyKind, Handling, HandlingStatus, Insert, Party, PlanFile
from ..plan._source import plan_where
from ..plan._text import Loc
from ._blocks import copy_blocks
from ._formatting import APPEAL_TEXT, format_date, format_section, labels
from ._localizer import Localizer, member_line, party_loc, person_line, presenter_line
from ._types_blocks import Block, Labels, LinesBlock, ListBlock
from ._types_decision import DecisionContext, ExplanationSection

__all__ = ["decision_context", "decision_contexts", "handling_for"]


def handling_for(pf: PlanFile, party_id: str | None = None, *, allow_drafts: bool = False
                 ) -> tuple[Party, Handling, Loc]:
    """Return the deciding party, its handling and the handling's field path.

    With no `party_id`, the item's own handling (``asia.kasittely``); otherwise that party's
    ``kasittely``. A party without one is an error naming it, unless `allow_drafts`: then a
    draft handling by the party's board (its first body of kind ``hallitus``) is assumed.
    """
    if party_id is None or party_id == pf.item.handling.party:
        party = pf.party(pf.item.handling.party or "")
        if party is None:
            raise PlanError([Issue(plan_where(pf, ("asia", "kasittely", "osapuoli")),
                                   "missing or unknown party")])
        return party, pf.item.handling, ("asia", "kasittely")
    for i, p in enumerate(pf.parties):
        if p.id != party_id:
            continue
        if p.handling is not None:
            return p, p.handling, ("osapuolet", i, "kasittely")
        board = next((b for b in p.bodies if b.kind is BodyKind.BOARD), None)
        if not allow_drafts or board is None:
            why = ("add kasittely (toimielin, kokouspaiva, esittelija, paatosehdotus)"
                   + (", or make drafts with allow_drafts=True" if board is not None else
                      "; for drafts, give the party a body of tyyppi: hallitus"))
            raise PlanError([Issue(plan_where(pf, ("osapuolet", i, "kasittely")),
                                   f"party '{p.id}' has no handling data; {why}")])
        draft = Handling(body=board.id, status=HandlingStatus.DRAFT)
        return p, draft, ("osapuolet", i, "kasittely")
    raise PlanError([Issue("", f"unknown party '{party_id}'")])


def _inserted(loc: Localizer, what: Insert, *, public: bool) -> list[Block]:
    pf = loc.pf
    prep = ("suunnitelma", "valmistelu")
    if what.insert == "tyoryhma":
        items = [member_line(loc, m, prep + ("tyoryhma", i), public=public)
                 for i, m in enumerate(pf.plan.preparation.working_group)]
        return [LinesBlock(kind="lines", items=items)] if items else []
    if what.insert == "toimenpiteet":
        items = [loc.text(m.title, ("suunnitelma", "toimenpiteet", i, "otsikko"))
                 for i, m in enumerate(pf.plan.measures)]
        return [ListBlock(kind="list", ordered=True, items=items)]
    if what.insert == "kasittelyt":
        events = [f"{loc.text(e.name, prep + ('kasittelyt', i, 'nimi'))} "
                  f"{format_date(e.date)}".strip()
                  for i, e in enumerate(pf.plan.preparation.events)]
        return [ListBlock(kind="list", ordered=False, items=events)] if events else []
    source = {
        "strategian_liittymapinta": (pf.plan.strategy_interface, "strategian_liittymapinta"),
        "seurannan_periaatteet": (pf.plan.followup, "seurannan_periaatteet"),
        "tiivistelma": (pf.plan.summary, "tiivistelma"),
    }[what.insert]
    return loc.blocks(source[0], ("suunnitelma", source[1]))


def _missing_for_final(h: Handling, labels_: Labels) -> list[tuple[str, str]]:
    missing = []
    if h.meeting_date is None:
        missing.append(("kokouspaiva", labels_["missing_date"]))
    if h.presenter is None:
        missing.append(("esittelija", labels_["missing_presenter"]))
    if h.proposal is None:
        missing.append(("paatosehdotus", labels_["missing_proposal"]))
    return missing


def decision_context(pf: PlanFile, party_id: str | None = None, lang: Lang | None = None, *,
                     public: bool = False, allow_drafts: bool = False) -> DecisionContext:
    """Return the decision-proposal context for the item handled by `party_id`'s body.

    `public` leaves out personal data not needed for public information: e-mail addresses and
    phone numbers, and every name marked ``henkilotieto`` wherever the plan names that person
    (working group, presenter, preparers, contacts; only the title is shown); any of these in
    a free text is replaced with a note. A handling without meeting date, presenter
    or proposal is an error naming the field, unless it is marked ``tila: luonnos`` or
    `allow_drafts` is given; then the document is visibly marked as a draft.
    """
    return decision_contexts(pf, party_id, lang, publics=(public,),
                             allow_drafts=allow_drafts)[0]


def decision_contexts(pf: PlanFile, party_id: str | None = None, lang: Lang | None = None, *,
                      publics: Sequence[bool] = (False, True), allow_drafts: bool = False
                      ) -> list[DecisionContext]:
    """:func:`decision_context` for each value of `public` in `publics`, made together.

    Equal to calling :func:`decision_context` once per value (tested), at little more than the
    cost of one call: only the parts that differ in a public version (the working group,
    presenter, preparers, contact details, non-public attachments) are made per version, and
    the public one is then copied with personal data replaced. The contexts share no mutable
    value.
    """
    lang = lang or pf.languages[0]
    loc = Localizer(pf, lang)
    lab = labels(lang)
    party, h, hloc = handling_for(pf, party_id, allow_drafts=allow_drafts)
    body = party.body(h.body)
    org = loc.text(party.name, party_loc(pf, party.id) + ("nimi",))
    body_name = loc.text(body.name, hloc + ("toimielin",)) if body else ""
    loc.names = {"toimielin": body_name, "osapuoli": org}
    proposal, proposal_loc = h.proposal, hloc + ("paatosehdotus",)
    if proposal is None and hloc != ("asia", "kasittely"):
        proposal, proposal_loc = pf.item.party_proposal, ("asia", "osapuolten_paatosehdotus")
    h = h.model_copy(update={"proposal": proposal})
    missing = _missing_for_final(h, lab)
    draft = h.status is HandlingStatus.DRAFT or (bool(missing) and allow_drafts)
    if missing and not draft:
        raise PlanError(
            [Issue(plan_where(pf, hloc + (key,)), f"missing for party '{party.id}': {what}; add "
                   "it, or mark the handling 'tila: luonnos' (or make drafts with "
                   "allow_drafts=True)")
             for key, what in missing],
            header=f"the decision proposal of '{party.id}' is not complete")

    explanations: list[list[ExplanationSection]] = [[] for _ in publics]
    for i, section in enumerate(pf.item.explanation):
        sloc: Loc = ("asia", "selostus", i)
        heading = loc.text(section.heading, sloc + ("otsikko",))
        versions: list[list[Block]] = [[] for _ in publics]
        for j, part in enumerate(section.content):
            if isinstance(part, Insert) and part.insert in _PERSONAL_INSERTS:
                for blocks, public in zip(versions, publics, strict=True):
                    blocks += _inserted(loc, part, public=public)
                continue
            made = (_inserted(loc, part, public=False) if isinstance(part, Insert)
                    else loc.blocks(part, sloc + ("sisalto", j)))
            for blocks in versions:
                blocks += copy_blocks(made)
        for explanation, blocks in zip(explanations, versions, strict=True):
            explanation.append(ExplanationSection(heading=heading, level=section.level,
                                                  blocks=blocks))

    history = []
    refs = reference_ids(pf)
    for ref in h.history:
        a = refs.get(ref)
        if isinstance(a, Approval):
            hp = pf.party(a.party)
            b = hp.body(a.body) if hp else None
            bloc = party_loc(pf, a.party) + ("toimielimet", a.body, "nimi")
            name = loc.text(b.name, bloc) if b else ""
            history.append(f"{name} {format_date(a.date)} {format_section(a.section)}".strip())

    attachment_names: list[tuple[str, bool]] = []
    if pf.item.attach_plan:
        attachment_names.append((loc.text(pf.plan.name, ("suunnitelma", "nimi")), True))
    for i, att in enumerate(pf.item.attachments):
        attachment_names.append((loc.text(att.name, ("asia", "liitteet", i, "nimi")),
                                 att.public))

    title = loc.text(pf.item.title, ("asia", "otsikko"))
    competence = loc.text(h.competence, hloc + ("toimivalta",))
    proposal_blocks = loc.blocks(h.proposal, proposal_loc)
    for_information = [loc.text(t, hloc + ("tiedoksi", i))
                       for i, t in enumerate(h.for_information)]
    out: list[DecisionContext] = []
    for public, explanation in zip(publics, explanations, strict=True):
        attachments = [name if shown or not public else f"{name} (ei julkinen)"
                       for name, shown in attachment_names]
        preparers = [person_line(loc, p, hloc + ("valmistelijat", i), public=public)
                     for i, p in enumerate(h.preparers)]
        ctx: DecisionContext = {
            "lang": lang,
            "labels": lab,
            "organisation": org,
            "body": body_name,
            "doc_type": lab["doc_type"],
            "date": format_date(h.meeting_date),
            "dnro": f"{lab['dnro']} {h.dnro}" if h.dnro else "",
            "section": format_section(h.section),
            "title": title,
            "draft": draft,
            "draft_reasons": [what for _, what in missing] if draft else [],
            "history": list(history),
            "preparers": preparers,
            "explanation": explanation,
            "competence": competence,
            "presenter": presenter_line(loc, h.presenter, hloc + ("esittelija",),
                                        public=public),
            "proposal": copy_blocks(proposal_blocks),
            "attachments": [f"{lab['attachment']} {n} {name}"
                            for n, name in enumerate(attachments, 1)],
            "for_information": list(for_information),
            "appeal": APPEAL_TEXT[lang][h.appeal] if h.appeal else "",
            "contact": [org, *preparers] if preparers else [],
        }
        out.append(loc.redact(ctx) if public else ctx)
    loc.check()
    return out


# inserts whose text differs in a public version
_PERSONAL_INSERTS = frozenset({"tyoryhma"})
