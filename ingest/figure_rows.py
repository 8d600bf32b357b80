"""A row of a district report's figures (report_figure) beyond its cells: what its figure code implies.

The code (registry/figures.py) tells how the number is read and what an empty cell stands for:
- a figure counted in whole numbers is read as a count, so "2.000" is two thousand people, as staff
  write it, where an amount in million VND would read it as two; a fraction of a team is refused;
- the unit is the figure's: a unit the file writes must be that one (its code name, or its words in
  Vietnamese or English), never another, because the pages format a figure by its unit;
- an empty description takes the figure's words (import.choice.code.CODE), and an empty "as printed"
  the reported figure as the file writes it, since the report's own words are what a reader checks.
"""

from __future__ import annotations

from i18n import in_all_languages, translator
from ingest import cells
from ingest.cells import Invalid
from ingest.header import fold
from registry.figures import BY_CODE


def _unit_words(unit: str) -> dict[str, str]:
    return in_all_languages(f"reconciliation.unit.{unit}")


def complete(row, report) -> None:
    """Read, check and fill in `row.values` by its figure code; problems go to `report` like a cell's."""
    values = row.values
    figure = BY_CODE.get(values.get("code"))
    if figure is None:
        return
    written = row.cells.get("reported")
    if figure.whole and values.get("reported") is not None:
        try:
            values["reported"] = cells.count(written)
        except Invalid as problem:
            values["reported"] = None
            report(row, "reported", problem.code, **problem.params)
    unit = values.get("unit")
    if unit is not None and unit != figure.unit:
        words = _unit_words(figure.unit)
        if fold(unit) in {fold(figure.unit), *map(fold, words.values())}:
            values["unit"] = figure.unit
        else:
            report(row, "unit", "figure_unit", unit=(words["vi"], words["en"]))
    for column, lang in (("description_vi", "vi"), ("description_en", "en")):
        if values.get(column) is None:
            values[column] = translator(lang)(f"import.choice.code.{figure.code}")
    if values.get("printed") is None and values.get("reported") is not None:
        values["printed"] = cells.as_text(written)
