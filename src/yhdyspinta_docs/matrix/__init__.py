"""The follow-up matrix: an Excel workbook each party fills in and returns, and its merge.

The only part of the package that imports openpyxl, always through its public API. Names
are imported on first use, so importing a module of this package does not load openpyxl.

* :func:`write_matrix` makes a party's copy (or the coordinator's combined copy) from the
  template, signed with the plan's key; :func:`render_matrix` writes given follow-up data.
* :func:`read_matrix` reads a returned copy, after checking it as hostile input, and
  :func:`collect` reads many and merges them (:class:`CollectResult`), all or nothing;
  :func:`resolve` applies the coordinator's choices to the conflicts of a merged matrix.
* :func:`plan_key`, :func:`load_key` and :func:`load_or_create_key` give the plan's key,
  kept in a key file next to the plan (:func:`default_key_path`).
* :class:`FollowupData` and :class:`FollowupRow` are what a matrix carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "CollectResult": "_collect",
    "Conflict": "_conflict",
    "ConflictValue": "_conflict",
    "FollowupData": "_followup",
    "FollowupRow": "_followup",
    "MatrixResult": "_write",
    "SourceSummary": "_collect",
    "Status": "_followup",
    "collect": "_collect",
    "default_key_path": "_signing",
    "load_key": "_signing",
    "load_or_create_key": "_signing",
    "plan_key": "_signing",
    "plan_rows": "_write",
    "read_matrix": "_read",
    "render_matrix": "_write",
    "resolve": "_resolve",
    "write_matrix": "_write",
}

__all__ = [
    "CollectResult",
    "Conflict",
    "ConflictValue",
    "FollowupData",
    "FollowupRow",
    "MatrixResult",
    "SourceSummary",
    "Status",
    "collect",
    "default_key_path",
    "load_key",
    "load_or_create_key",
    "plan_key",
    "plan_rows",
    "read_matrix",
    "render_matrix",
    "resolve",
    "write_matrix",
]

if TYPE_CHECKING:
    from ._collect import CollectResult, SourceSummary, collect
    from ._conflict import Conflict, ConflictValue
    from ._followup import FollowupData, FollowupRow, Status
    from ._read import read_matrix
    from ._resolve import resolve
    from ._signing import default_key_path, load_key, load_or_create_key, plan_key
    from ._write import MatrixResult, plan_rows, render_matrix, write_matrix

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
