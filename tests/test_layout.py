"""The package's modules stay small enough to read: none is over 400 lines."""

from __future__ import annotations

from pathlib import Path

import yhdyspinta_docs

PACKAGE = Path(yhdyspinta_docs.__file__).parent
MOST_LINES = 400

def _line_counts() -> dict[str, int]:
    return {path.relative_to(PACKAGE).as_posix(): len(path.read_text("utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_no_module_is_over_400_lines() -> None:
    counts = _line_counts()
    assert len(counts) > 20, f"found only {sorted(counts)} under {PACKAGE}"
    too_long = {name: n for name, n in counts.items() if n > MOST_LINES}
    assert not too_long, (f"modules over {MOST_LINES} lines: {too_long}; split each into "
                          "cohesive private modules")
