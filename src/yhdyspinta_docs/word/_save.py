"""The last step of a render: the parts of one document → the deterministic .docx bytes.

The members are written by the one zip writer (:func:`~yhdyspinta_docs.output._zip.
zip_members`) with fixed timestamps and permissions, deflated at level 9, in a fixed order:
``[Content_Types].xml`` first, then the members every document of the template shares in
its language (the template's own parts and its styles), sorted, then the members this
document made (its rendered parts, properties, numbering, images and their relationships),
sorted. The shared members lead every archive, so their deflated form is made once per
template and language (:class:`~yhdyspinta_docs.output._zip.ZipPrefixes`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..output import zip_members
from ..output._zip import ZipPrefixes

__all__ = ["CONTENT_TYPES", "docx_bytes"]

CONTENT_TYPES = "[Content_Types].xml"


def docx_bytes(shared: Mapping[str, bytes], own: Mapping[str, bytes], kept: ZipPrefixes
               ) -> bytes:
    """The .docx of `shared` and `own` members (member name → bytes; a name in both is
    `own`'s), in the order of the module doc."""
    first = [(CONTENT_TYPES, own[CONTENT_TYPES] if CONTENT_TYPES in own
              else shared[CONTENT_TYPES])]
    common = [(name, shared[name]) for name in sorted(shared)
              if name != CONTENT_TYPES and name not in own]
    mine = [(name, own[name]) for name in sorted(own) if name != CONTENT_TYPES]
    return zip_members(first + common + mine, 9, prefix=1 + len(common), kept=kept)
