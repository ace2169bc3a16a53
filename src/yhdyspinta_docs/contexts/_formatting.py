"""Finnish (and Finland-Swedish) formatting of dates, sections, references and fixed labels.

One place decides how a date or a section number looks, so every document writes them one way:
dates ``d.m.yyyy`` without leading zeros (SFS 4175), sections ``§ 80``, decision references
``4.10.2022 (§ 89)`` in running text and ``Aluevaltuusto 4.10.2022 § 89`` in history lines.

Swedish labels marked ``# confirm`` in :data:`LABELS` are standard Finland-Swedish administrative
terms not yet checked against a bilingual county's own minutes; a Swedish-speaking official
should confirm them (see docs/languages.md).
"""

from __future__ import annotations

import datetime as dt

from ..plan import Lang
from ._types_blocks import Labels

__all__ = ["LABELS", "format_date", "format_elative", "format_period", "format_schedule",
           "format_section", "labels"]


def format_schedule(schedule: str, deadline: dt.date | None, lab: Labels) -> str:
    """A measure's schedule and deadline as documents print them: ``syyslukukausi 2026,
    määräaika 31.12.2026``; the deadline alone ``Määräaika 31.12.2026``; "" for neither."""
    if deadline is None:
        return schedule
    due = f"{lab['deadline']} {format_date(deadline)}"
    return f"{schedule}, {due}" if schedule else due[:1].upper() + due[1:]


def format_date(value: dt.date | None) -> str:
    """Return `value` as ``d.m.yyyy`` without leading zeros, or ``""`` for None."""
    if value is None:
        return ""
    return f"{value.day}.{value.month}.{value.year}"


def format_section(number: int | None) -> str:
    """Return ``§ 80`` for 80 (with a no-break space), or ``""`` for None."""
    return "" if number is None else f"§\u00a0{number}"


def format_elative(number: int) -> str:
    """Return ``16:sta``, ``24:stä``: a number in digits with the Finnish elative ending its
    spoken last word takes (vowel harmony): kahdesta, kuudestatoista, sadasta, tuhannesta,
    but yhdestä, neljästä, kymmenestä, kahdestakymmenestä."""
    n = abs(number)
    if 11 <= n % 100 <= 19:
        back = True  # -toista
    elif n % 10:
        back = n % 10 in (2, 3, 6, 8)  # kahdesta, kolmesta, kuudesta, kahdeksasta
    else:
        back = n % 100 == 0  # kymmenestä, but nollasta, sadasta, tuhannesta, miljoonasta
    return f"{number}:{'sta' if back else 'stä'}"


def format_period(start: int, end: int) -> str:
    """Return ``2026–2029`` (en dash, as Finnish typography writes ranges)."""
    return f"{start}–{end}" if start != end else str(start)


LABELS: dict[Lang, Labels] = {
    "fi": {
        "doc_type": "Esityslista",
        "page": "Sivu",
        "dnro": "Dnro",
        "previous": "Aikaisempi käsittely",
        "preparer": "Valmistelija",
        "preparers": "Valmistelijat",
        "explanation": "Selostus asiasta",
        "competence": "Toimivalta",
        "presenter": "Esittelijä",
        "proposal": "Päätösehdotus",
        "attachments": "Liitteet",
        "attachment": "Liite",
        "not_public": "ei julkinen",
        "for_information": "Tiedoksi",
        "appeal": "Muutoksenhaku",
        "draft": "LUONNOS",
        "meeting": "Kokous",
        "contact": "Lisätietoja",
        "missing_date": "kokouspäivä puuttuu",
        "missing_presenter": "esittelijä puuttuu",
        "missing_proposal": "päätösehdotus puuttuu",
        "marked_draft": "merkitty luonnokseksi",
        "plan_doc_type": "Suunnitelma",
        "report_doc_type": "Seurantaraportti",
        "measures": "Toimenpiteet",
        "responsible": "Vastuutahot",
        "schedule": "Aikataulu",
        "deadline": "määräaika",
        "indicators": "Mittarit",
        "working_group": "Valmisteleva työryhmä",
        "events": "Valmistelun vaiheet",
        "followup": "Seurannan periaatteet",
        "agreement": "Strateginen yhteistyösopimus",
        "legal_basis": "Lakiperuste",
        "all_parties": "kaikki osapuolet",
        "period": "Suunnitelmakausi",
        "strategy": "Strategian liittymäpinnan kuvaus",
        "summary": "Tiivistelmä",
        "measure": "Toimenpide",
        "description": "Kuvaus",
        "number": "Nro",
        "version": "Versio",
        "agreement_section": "Sopimus ja lakiperuste",
        "valid_from": "Voimassa alkaen",
        "valid_until": "Voimassa saakka",
        "approved": "Hyväksytty",
        "approvals": "Hyväksymispäätökset",
        "replaces": "Korvaa",
        "replaces_until": "Korvattava sopimus voimassa saakka",
        "parties": "Osapuolet",
        "measure_table_caption": "Taulukko 1. Toimenpiteet, vastuutahot, aikataulut ja mittarit",
        "goals": "Tavoitteet",
        "lead": "Päävastuutaho",
        "theme": "Teema",
        "preparation": "Valmistelu",
        "preparation_started": "Valmistelu aloitettu",
        "event_date": "Ajankohta",
        "event_step": "Vaihe",
        "report_chart_caption": "Kuvio 1. Seurannan rivit tilanteen mukaan",
        "report_table_caption": "Taulukko 1. Toimenpiteiden tilanne vastuutahoittain",
    },
    "sv": {
        "doc_type": "Föredragningslista",
        "page": "Sida",
        "dnro": "Dnr",
        "previous": "Tidigare behandling",
        "preparer": "Beredare",
        "preparers": "Beredare",
        "explanation": "Redogörelse för ärendet",
        "competence": "Behörighet",
        "presenter": "Föredragande",
        "proposal": "Beslutsförslag",
        "attachments": "Bilagor",
        "attachment": "Bilaga",
        "not_public": "inte offentlig",  # confirm
        "for_information": "För kännedom",
        "appeal": "Sökande av ändring",  # confirm
        "draft": "UTKAST",  # confirm
        "meeting": "Sammanträde",
        "contact": "Mer information",
        "missing_date": "sammanträdesdatum saknas",  # confirm
        "missing_presenter": "föredragande saknas",  # confirm
        "missing_proposal": "beslutsförslag saknas",  # confirm
        "marked_draft": "markerad som utkast",  # confirm
        "plan_doc_type": "Plan",
        "report_doc_type": "Uppföljningsrapport",  # confirm
        "measures": "Åtgärder",
        "responsible": "Ansvariga parter",  # confirm
        "schedule": "Tidtabell",
        "deadline": "tidsfrist",
        "indicators": "Mätare",  # confirm
        "working_group": "Beredande arbetsgrupp",  # confirm
        "events": "Beredningens skeden",  # confirm
        "followup": "Principer för uppföljningen",  # confirm
        "agreement": "Strategiskt samarbetsavtal",  # confirm
        "legal_basis": "Lagstöd",  # confirm
        "all_parties": "alla parter",
        "period": "Planperiod",  # confirm
        "strategy": "Beskrivning av gränsytan mot strategin",  # confirm
        "summary": "Sammandrag",
        "measure": "Åtgärd",
        "description": "Beskrivning",
        "number": "Nr",  # confirm
        "version": "Version",  # confirm
        "agreement_section": "Avtal och lagstöd",  # confirm
        "valid_from": "Gäller från och med",  # confirm
        "valid_until": "Gäller till och med",  # confirm
        "approved": "Godkänt",  # confirm
        "approvals": "Godkännandebeslut",  # confirm
        "replaces": "Ersätter",  # confirm
        "replaces_until": "Det ersatta avtalet gäller till och med",  # confirm
        "parties": "Parter",  # confirm
        # confirm
        "measure_table_caption": "Tabell 1. Åtgärder, ansvariga parter, tidtabeller och mätare",
        "goals": "Mål",  # confirm
        "lead": "Huvudansvarig part",  # confirm
        "theme": "Tema",  # confirm
        "preparation": "Beredning",  # confirm
        "preparation_started": "Beredningen inleddes",  # confirm
        "event_date": "Tidpunkt",
        "event_step": "Skede",  # confirm
        "report_chart_caption": "Figur 1. Uppföljningens rader enligt läge",  # confirm
        "report_table_caption": "Tabell 1. Åtgärdernas läge per ansvarig part",  # confirm
    },
}


def labels(lang: Lang) -> Labels:
    """Return a copy of the fixed labels in `lang` (``"fi"`` or ``"sv"``)."""
    if lang not in LABELS:
        from ..errors import Issue, PlanError

        raise PlanError([Issue("", f"labels(lang=…) is one of {', '.join(map(repr, LABELS))}, "
                               f"not {lang!r}")])
    return LABELS[lang].copy()
