"""The line under a measure's heading in the follow-up report: its schedule and deadline and
its indicators, as the plan document shows them, so that a board reads each status against
them ("Aikataulu: 2026, 31.10.2026 · Mittarit: Ohjausmalli on kuvattu")."""

from __future__ import annotations

from ..plan import Measure
from ._formatting import format_schedule
from ._localizer import Localizer
from ._types_blocks import Labels

__all__ = ["measure_facts"]


def measure_facts(m: Measure, index: int, loc: Localizer, lab: Labels) -> str:
    """Schedule (with the deadline) and indicators of measure `index`, "" when it has none."""
    at = ("suunnitelma", "toimenpiteet", index)
    schedule = format_schedule(loc.text(m.schedule, (*at, "aikataulu")), m.deadline, lab)
    indicators = ""
    for k, text in enumerate(m.indicators):  # "; " between them, a space after a sentence
        shown = loc.text(text, (*at, "mittarit", k))
        indicators += ("" if not indicators else " " if indicators[-1] in ".!?" else "; ") + shown
    return " · ".join(f"{label}: {value}" for label, value in (
        (lab["schedule"], schedule), (lab["indicators"], indicators)) if value)
