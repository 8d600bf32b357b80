"""The boundary vintages: which official list of units a commune code belongs to.

A code alone is ambiguous (03562 is Xã Vàng Ma Chải in the 2023 list and Xã Sì Lở Lầu in the 2025
one), so every fact, map and query names its vintage. The build writes these into the `vintage`
table, which views and queries check a vintage against; the query runner, the import and the pages
offer the same list.
"""

from __future__ import annotations

from datetime import date

VINTAGES = (2023, 2025)
MEANINGS = {
    2023: "units before 1 July 2025: provinces, districts and communes",
    2025: "units since 1 July 2025: provinces and communes, districts abolished",
}
NEW_UNITS_FROM = date(2025, 7, 1)  # Resolution 1670/NQ-UBTVQH15: the 2025 units took over on this day
