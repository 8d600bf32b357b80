"""Key-figure cards as every page draws them (views.kpis.Kpi).

An arrow and a red or green colour say "this went up or down since an earlier year", so a card draws them
only when its delta is such a change; a comparison with a target or a share is written out in grey.
"""

from __future__ import annotations

from views.kpis import Kpi


def show_card(column, card: Kpi, detail: bool = True) -> None:
    """One card in `column` (a Streamlit container), with its detail line under it unless `detail` is off
    (the meeting view says the kind of its figures once, in one line)."""
    column.metric(
        card.label,
        card.value,
        card.delta,
        help=card.help,
        border=True,
        delta_color="normal" if card.change else "off",
        delta_arrow="auto" if card.change else "off",
    )
    if detail and card.detail:
        column.caption(card.detail)
