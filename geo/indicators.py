"""What a map can colour communes by: columns of queries/commune_indicators.sql and how to read them.

Labels live in the catalogues (i18n/locales) under `indicator.<code>` and `unit.<unit>`; this module only
knows the numbers (kind, decimals, a fixed scale that keeps colours comparable between districts).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str  # column of commune_indicators
    unit: str  # key suffix of unit.* in the catalogues
    decimals: int
    fixed_breaks: tuple[float, ...]
    kind: str = "count"  # count | rate | percent

    @property
    def is_share(self) -> bool:
        """A share is undefined (grey, not zero) where there is nobody to take a share of."""
        return self.kind == "percent"


INDICATORS: dict[str, Indicator] = {
    item.code: item
    for item in (
        Indicator("comm_teams", "teams", 0, (0, 2, 4, 6, 10)),
        Indicator("communicators", "people", 0, (0, 20, 40, 80, 160)),
        Indicator("communicators_per_1000", "per_1000", 1, (2.5, 5, 10, 15, 20), kind="rate"),
        Indicator("communicators_female_pct", "percent", 1, (20, 30, 40, 50), kind="percent"),
        Indicator("trusted_addresses", "addresses", 0, (0, 1, 2, 3)),
        Indicator("trusted_address_members", "people", 0, (0, 10, 20, 40)),
        Indicator("trusted_address_members_female_pct", "percent", 1, (20, 30, 40, 50), kind="percent"),
        Indicator("clubs", "clubs", 0, (0, 1, 2, 4)),
        Indicator("events", "events", 0, (0, 1, 2, 4)),
        Indicator("event_attendees", "people", 0, (0, 250, 500, 1000)),
    )
}
DEFAULT_INDICATOR = "comm_teams"
