"""The results section of a draft: which sentence says which figures, content area by content area.

Each sentence is a catalogue entry (report.sentence.KEY, i18n/locales) whose {placeholders} are figure
codes of `report_figures` (registry/figures.py), or a share `<women>_pct` computed from two of them. A
sentence is written only when the data gives every figure it names; otherwise the draft leaves a marked
place for staff. The order follows the district reports (content areas 1–4 of Project 8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A computed share: the placeholder, its numerator and its denominator.
SHARES = {
    "communicators_female_pct": ("communicators_female", "communicators"),
    "trusted_address_members_female_pct": ("trusted_address_members_female", "trusted_address_members"),
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Sentence:
    key: str  # report.sentence.KEY

    def figures(self, text: str) -> tuple[str, ...]:
        """The figure codes the sentence needs (a share needs both of its figures)."""
        codes = []
        for name in _PLACEHOLDER.findall(text):
            codes += SHARES.get(name, (name,))
        return tuple(dict.fromkeys(codes))


CONTENT_AREAS = {
    1: (
        Sentence("comm_teams"),
        Sentence("market_events"),
        Sentence("campaigns"),
        Sentence("trainings"),
        Sentence("safe_birth"),
    ),
    2: (Sentence("trusted_addresses"), Sentence("livelihood_groups")),
    3: (Sentence("policy_dialogues"), Sentence("clubs")),
    4: (),
}
