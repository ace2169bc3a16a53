"""The structure elements of a tagged PDF, as pikepdf reads them (for the PDF tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def structure_elements(node: Any) -> Iterator[Any]:
    """Every structure element below `node` (a /K value), depth first."""
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for kid in node:
            yield from structure_elements(kid)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from structure_elements(node.K)
