"""Free text → the blocks a template shows: paragraphs and real Word lists.

The plan file's conventions (docs/plan-file.md): a blank line separates paragraphs, a single
line break stays a line break; a paragraph whose lines all start with ``- `` (or ``* ``, ``• ``)
is a bulleted list, one whose lines all start with ``1. `` or ``1) `` a numbered list.
"""

from __future__ import annotations

import re

from .._sanitize import sanitize_text
from ._types_blocks import Block, LinesBlock, ListBlock, ParagraphBlock

__all__ = ["copy_blocks", "parse_blocks"]

_BULLET_RE = re.compile(r"^\s*[-*•]\s+")
_NUMBER_RE = re.compile(r"^\s*\d{1,3}[.)]\s+")


def parse_blocks(text: str) -> list[Block]:
    """Split sanitised free text into paragraphs and lists (see the module docstring)."""
    blocks: list[Block] = []
    # one or more blank (or space/tab-only) lines separate paragraphs
    for chunk in re.split(r"\n(?:[ \t]*\n)+", sanitize_text(text).strip("\n")):
        if not chunk.strip():
            continue
        lines = chunk.split("\n")
        for pattern, ordered in ((_BULLET_RE, False), (_NUMBER_RE, True)):
            if all(pattern.match(line) for line in lines):
                items = [pattern.sub("", line, count=1).rstrip() for line in lines]
                blocks.append(ListBlock(kind="list", ordered=ordered, items=items))
                break
        else:
            blocks.append(ParagraphBlock(kind="paragraph", text=chunk))
    return blocks


def copy_blocks(blocks: list[Block]) -> list[Block]:
    """A copy of `blocks` sharing no list or dict with it (strings are immutable)."""
    out: list[Block] = []
    for block in blocks:
        if block["kind"] == "paragraph":
            out.append(ParagraphBlock(kind="paragraph", text=block["text"]))
        elif block["kind"] == "list":
            out.append(ListBlock(kind="list", ordered=block["ordered"],
                                 items=list(block["items"])))
        else:
            out.append(LinesBlock(kind="lines", items=list(block["items"])))
    return out
