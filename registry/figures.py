"""The figures a district's Project 8 report prints and the data can recompute (figure_value, data/views.sql).

Each figure has a code (report_figure.code: the schema refuses any other, so an import does too), the
unit it is counted in, and whether the figures of several districts add up to their province's.
Counts of classes, people, teams, events and clubs do, and so does money; how many of its targets a
district has met does not: each district is set its own list of targets, so nine targets in each of
two districts are not eighteen targets of the province. The order is the order a report lists them
in, which an imported figure takes when its file gives no position. The words for each figure are
the catalogues' (import.choice.code.CODE, i18n/locales).

Budget codes carry the years of the 2023 report in their names, but figure_value reads them relative
to the report year: budget_2023_mvnd of a 2024 report is the 2024 plan.
"""

from __future__ import annotations

from dataclasses import dataclass

MONEY = "million VND"


@dataclass(frozen=True)
class Figure:
    code: str
    unit: str  # as reconciliation.unit.UNIT of the catalogues
    additive: bool = True  # the province's figure is the sum of its districts'

    @property
    def whole(self) -> bool:
        """Counted in whole numbers: "2.000" is two thousand people, never two."""
        return self.unit != MONEY


FIGURES = (
    Figure("training_classes", "class"),
    Figure("training_participants", "person"),
    Figure("comm_teams", "team"),
    Figure("comm_team_communes", "commune"),
    Figure("communicators", "person"),
    Figure("communicators_female", "person"),
    Figure("market_events", "event"),
    Figure("market_event_attendees", "person"),
    Figure("campaign_sessions", "session"),
    Figure("campaign_villages", "village"),
    Figure("campaign_attendees", "person"),
    Figure("safe_birth_mothers_paid", "person"),
    Figure("trusted_addresses", "address"),
    Figure("trusted_address_members", "person"),
    Figure("trusted_address_members_female", "person"),
    Figure("livelihood_groups_supported", "group"),
    Figure("policy_dialogues", "dialogue"),
    Figure("policy_dialogue_participants", "person"),
    Figure("clubs", "club"),
    Figure("club_schools", "school"),
    Figure("club_communes", "commune"),
    Figure("supervised_communes", "commune"),
    Figure("targets_total", "target", additive=False),
    Figure("targets_achieved", "target", additive=False),
    Figure("targets_not_achieved", "target", additive=False),
    Figure("budget_carryover_2022_mvnd", MONEY),
    Figure("advance_carryover_2022_mvnd", MONEY),
    Figure("expected_disbursed_carryover_2022_mvnd", MONEY),
    Figure("budget_2023_mvnd", MONEY),
    Figure("disbursed_2023_mvnd", MONEY),
    Figure("expected_disbursed_2023_mvnd", MONEY),
    Figure("budget_2022_2023_mvnd", MONEY),
    Figure("budget_2024_planned_mvnd", MONEY),
)
BY_CODE = {figure.code: figure for figure in FIGURES}
FIGURE_CODES = tuple(BY_CODE)
NON_ADDITIVE = tuple(figure.code for figure in FIGURES if not figure.additive)
UNITS = tuple(dict.fromkeys(figure.unit for figure in FIGURES))
