"""The names of the files and folders a build writes, in the plan's first language.

A plan whose first language (``kielet``) is Finnish gets ``paatosehdotus_….docx``,
``yhdyspintasuunnitelma_fi.docx``, ``seurantamatriisi_….xlsx``, ``julkinen/``,
``avoin-data/``, ``kokouspaketti.zip`` and ``kokouspaketit/``; one whose first language is
Swedish gets ``beslutsforslag_….docx``, ``gransytsplan_sv.docx``,
``uppfoljningsmatris_….xlsx``, ``offentlig/``, ``oppna-data/``, ``motespaket.zip`` and
``motespaket/``. The names keep to ASCII letters, as file names travel through e-mail,
case-management systems and zip files; the language of a document is in its name's ending
(``_fi``, ``_sv``) whatever the words before it.
"""

from __future__ import annotations

from typing import TypedDict

from .plan import Lang, PlanFile

__all__ = ["FileNames", "file_names"]


class FileNames(TypedDict):
    """The words a build's file and folder names are made of."""

    decision: str
    plan: str
    matrix: str
    followup: str
    report: str
    approvals: str
    extract: str
    public: str
    open_data: str
    package: str
    packages: str
    period: str


_NAMES: dict[Lang, FileNames] = {
    "fi": {"decision": "paatosehdotus", "plan": "yhdyspintasuunnitelma",
           "matrix": "seurantamatriisi", "followup": "seuranta/", "report": "seurantaraportti",
           "approvals": "hyvaksyminen", "extract": "poytakirjanote", "public": "julkinen/",
           "open_data": "avoin-data/", "package": "kokouspaketti.zip",
           "packages": "kokouspaketit/", "period": "kausi"},
    "sv": {"decision": "beslutsforslag", "plan": "gransytsplan",
           "matrix": "uppfoljningsmatris", "followup": "uppfoljning/",
           "report": "uppfoljningsrapport",
           "approvals": "godkannande", "extract": "protokollsutdrag", "public": "offentlig/",
           "open_data": "oppna-data/", "package": "motespaket.zip",
           "packages": "motespaket/", "period": "period"},
}


def file_names(pf: PlanFile) -> FileNames:
    """The words of `pf`'s file names: those of its first language."""
    return _NAMES[pf.languages[0]]
