"""The draft as a Word document, in the structure of a district's annual Project 8 report.

write() is a pure function of a gathered Draft (report/content.py) and a language: every number in it
is a value of the Draft, formatted the language's way; every rate is divided here from two of them;
every figure resting on illustrative rows carries the words that say so (views/data_kind.py); the
places only staff can write (difficulties, next year's plan, proposals, signature) are highlighted.
The styles come from report/template.docx, which staff may restyle in Word.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import IO

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from geo.names import strip_prefix
from i18n import translator
from i18n.formatting import long_date, number, percent
from registry.figures import BY_CODE
from report.content import Draft
from report.outline import CONTENT_AREAS, SHARES, Sentence
from views import gap_analysis
from views.charts import budget_line_label, doc_type_label
from views.data_kind import figure_detail
from views.map_view import MapChoice, coverage_picture

TEMPLATE = Path(__file__).with_name("template.docx")
UNDERSERVED_SHOWN = 10


def _ratio(numerator, denominator) -> float | None:
    if numerator is None or denominator is None or pd.isna(numerator) or pd.isna(denominator) or not denominator:
        return None
    return float(numerator) / float(denominator)


class _Writer:
    def __init__(self, draft: Draft, lang: str, template: Path):
        self.draft, self.lang, self.t = draft, lang, translator(lang)
        self.doc = Document(str(template))
        self.appendix: list[tuple[str, str, str, str]] = []  # figure, value, kind, source

    # ------------------------------------------------------------ small pieces
    def amount(self, value, code: str | None = None) -> str:
        unit = BY_CODE[code].unit if code in BY_CODE else ""
        return number(float(value), self.lang, 3 if unit == "million VND" else 0)

    def staff(self, what: str):
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(self.t("report.doc.staff", what=self.t(f"report.doc.staff.{what}")))
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        run.italic = True

    def cite(self, figure: str, value: str, kind: str, source: str):
        self.appendix.append((figure, value, kind, source))

    def table(self, header: list[str], rows: list[list[str]], widths_cm: tuple[float, ...] = ()):
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values):
                cell.text = text
        if widths_cm:  # the grid (LibreOffice reads it) and every cell (Word reads those)
            table.autofit = False
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm):
                    cell.width = Cm(width)
        self.doc.add_paragraph()
        return table

    # ------------------------------------------------------------ sections
    def heading_block(self, today: datetime.date):
        t, draft = self.t, self.draft
        town = strip_prefix(draft.place)
        block = self.doc.add_table(rows=1, cols=2)
        left, right = block.rows[0].cells
        left.text = ""
        left.paragraphs[0].add_run(t("report.doc.issuer_top")).bold = True
        left.add_paragraph().add_run(draft.place.upper()).bold = True
        left.add_paragraph(t("report.doc.number"))
        right.text = ""
        right.paragraphs[0].add_run(t("report.doc.nation")).bold = True
        right.add_paragraph().add_run(t("report.doc.motto")).bold = True
        dateline = right.add_paragraph().add_run(t("report.doc.dateline", town=town, year=today.year))
        dateline.italic = True
        for cell in (left, right):
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = self.doc.add_paragraph(style="Title")
        title.add_run(t("report.doc.title"))
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle = self.doc.add_paragraph(
            t("report.doc.subtitle", place=draft.place, year=draft.scope.year), style="Subtitle"
        )
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        notice = self.doc.add_paragraph().add_run(t("report.doc.draft_notice", date=long_date(today, self.lang)))
        notice.italic = True
        notice.font.size = Pt(10)

    def documents(self):
        t, draft = self.t, self.draft
        self.doc.add_heading(t("report.doc.h.direction"), level=1)
        self.doc.add_heading(t("report.doc.h.documents"), level=2)
        if draft.scope.level == "province":
            self.doc.add_paragraph(t("report.doc.by_district"))
        elif draft.documents.empty:
            self.doc.add_paragraph(t("report.doc.no_documents"))
        documents = draft.documents if not draft.documents.empty else pd.DataFrame(columns=["issued_on", "section"])
        own = documents[documents["section"] == "I.1"]  # the district's own documents; all are in an appendix
        for row in (own if not own.empty else documents).sort_values("issued_on", na_position="last").itertuples():
            line = t(
                "report.doc.document_line",
                type=doc_type_label(row.doc_type, self.lang),
                number=row.number,
                date=long_date(row.issued_on, self.lang) or "…",
                issuer=row.issuer if isinstance(row.issuer, str) else "…",
            )
            title = f" {row.title}" if isinstance(row.title, str) and row.title else ""
            self.doc.add_paragraph(f"{line}{title};", style="List Bullet")
        self.doc.add_heading(t("report.doc.h.supervision"), level=2)
        supervised = draft.indicators[draft.indicators["supervised"].fillna(False).astype(bool)]
        if supervised.empty:
            self.doc.add_paragraph(t("report.doc.no_supervision"))
        else:
            names = ", ".join(strip_prefix(name) for name in supervised["name"])
            self.doc.add_paragraph(
                t.plural("report.doc.supervision", len(supervised), count=len(supervised), names=names)
            )
            figure = draft.figure("supervised_communes")
            self.cite(
                self._description(figure) if figure is not None else t("report.doc.h.supervision"),
                number(len(supervised), self.lang, 0),
                t("report.doc.kind.data"),
                draft.sources["commune_indicators"].text,
            )

    def sentence(self, key: str) -> bool:
        """Write one results sentence if the data gives all its figures; say what is illustrative."""
        t, draft = self.t, self.draft
        text = t(f"report.sentence.{key}")
        rows = {code: draft.figure(code) for code in Sentence(key).figures(text)}
        if any(row is None for row in rows.values()):
            return False
        values = {}
        for code, row in rows.items():
            shown = self.amount(row["value"], code)
            values[code] = t("report.doc.more_than", value=shown) if bool(row.get("lower_bound")) else shown
            self.cite(
                self._description(row),
                shown,
                self._kind(row),
                draft.figures_source.text,
            )
        for share, (women, everyone) in SHARES.items():
            if women in rows and everyone in rows:
                ratio = _ratio(rows[women]["value"], rows[everyone]["value"])
                values[share] = percent(ratio, self.lang)
                self.cite(
                    self._description(rows[women]) + " (%)",
                    values[share],
                    t("report.doc.computed", numerator=values[women], denominator=values[everyone]),
                    draft.figures_source.text,
                )
        paragraph = self.doc.add_paragraph(t(f"report.sentence.{key}", **values), style="List Bullet")
        # the sentence's first illustrative figure speaks for it; the appendix gives every figure's kind
        details = [
            detail for row in rows.values() if self._illustrative(row) and (detail := figure_detail(row, self.lang))
        ]
        if details:
            note = paragraph.add_run(" " + t("report.doc.illustrative", detail=details[0]))
            note.italic = True
        return True

    def _description(self, row) -> str:
        column = "description_vi" if self.lang == "vi" else "description_en"
        text = row.get(column) if hasattr(row, "get") else None
        return text if isinstance(text, str) and text else self.t(f"import.choice.code.{row['code']}")

    @staticmethod
    def _illustrative(row) -> bool:
        value = row.get("listed_illustrative") if hasattr(row, "get") else None
        return value is not None and not pd.isna(value) and float(value) != 0

    def _kind(self, row) -> str:
        if self._illustrative(row):
            return figure_detail(row, self.lang) or self.t("value.illustrative")
        return self.t("report.doc.kind.data")

    def results(self):
        t = self.t
        self.doc.add_heading(t("report.doc.h.results"), level=1)
        self.doc.add_heading(t("report.doc.h.activities"), level=2)
        for area, sentences in CONTENT_AREAS.items():
            self.doc.add_heading(t(f"targets.content_area.{area}"), level=3)
            written = [self.sentence(sentence.key) for sentence in sentences]
            if not any(written):
                self.staff("area")

    def targets(self):
        t, draft = self.t, self.draft
        self.doc.add_heading(t("report.doc.h.targets"), level=2)
        if draft.scope.level == "province":
            self.doc.add_paragraph(t("report.doc.by_district"))
            return
        targets = draft.targets
        if targets.empty:
            self.doc.add_paragraph(t("report.doc.targets_none"))
            return
        achieved = int(targets["status"].isin(["achieved", "exceeded"]).sum())
        total = len(targets)
        missed = total - achieved
        self.doc.add_paragraph(
            t(
                "report.doc.targets_sentence",
                total=total,
                start=int(targets["period_start"].min()),
                end=int(targets["period_end"].max()),
                achieved=achieved,
                achieved_pct=percent(achieved / total, self.lang),
                missed=missed,
                missed_pct=percent(missed / total, self.lang),
            )
        )
        source = draft.sources["targets"].text
        self.cite(
            t("kpi.targets"),
            f"{achieved}/{total}",
            t("report.doc.computed", numerator=achieved, denominator=total),
            source,
        )
        name = "name_vi" if self.lang == "vi" else "name_en"
        self.table(
            [t(f"report.doc.col.{c}") for c in ("area", "target", "goal", "actual", "status")],
            [
                [
                    str(row.content_area),
                    getattr(row, name),
                    number(row.target_value, self.lang, 0),
                    number(row.actual_value, self.lang, 0),
                    t(f"status.{row.status}"),
                ]
                for row in targets.itertuples()
            ],
            (1.2, 8.6, 2.0, 2.0, 2.2),
        )

    def budget(self):
        t, draft = self.t, self.draft
        self.doc.add_heading(t("report.doc.h.budget"), level=2)
        lines = draft.budget
        if draft.scope.level == "province" and not lines.empty:
            self.doc.add_paragraph(t("report.doc.budget_summed"))
        if lines.empty:
            self.doc.add_paragraph(
                t("report.doc.by_district" if draft.scope.level == "province" else "report.doc.budget_none")
            )
            return
        source = draft.sources["budget_lines"].text
        money = lambda v: number(v, self.lang, 3)  # noqa: E731
        rows = []
        for _, row in lines.iterrows():
            allocated = row["allocated_mvnd"]
            rates = {
                name: _ratio(row[f"{name}_mvnd"], allocated) for name in ("advanced", "disbursed", "expected_disbursed")
            }
            values = {
                "from_year": int(row["allocation_year"]),
                "year": int(row["allocation_year"]) if row["line"] != "carryover" else draft.scope.year,
                "allocated": money(allocated),
                "advanced": money(row["advanced_mvnd"]),
                "disbursed": money(row["disbursed_mvnd"]),
                "expected": money(row["expected_disbursed_mvnd"]),
                "advanced_rate": percent(rates["advanced"], self.lang),
                "disbursed_rate": percent(rates["disbursed"], self.lang),
                "expected_rate": percent(rates["expected_disbursed"], self.lang),
            }
            key = f"report.doc.budget.{row['line']}"
            if t.has(key):
                self.doc.add_paragraph(t(key, **values), style="List Bullet")
            label = budget_line_label(row, self.lang)
            for name in ("advanced", "disbursed", "expected_disbursed"):
                if rates[name] is not None:
                    short = "expected" if name == "expected_disbursed" else name
                    self.cite(
                        f"{label}: {t(f'report.doc.col.{short}')} (%)",
                        percent(rates[name], self.lang),
                        t("report.doc.computed", numerator=values[short], denominator=values["allocated"]),
                        source,
                    )
            shown_rate = rates["disbursed"] if rates["disbursed"] is not None else rates["expected_disbursed"]
            rows.append(
                [
                    label,
                    str(row["funding_source"]),
                    values["allocated"],
                    values["advanced"],
                    values["disbursed"],
                    values["expected"],
                    percent(shown_rate, self.lang),
                ]
            )
        self.table(
            [
                t(f"report.doc.col.{c}")
                for c in ("line", "source", "allocated", "advanced", "disbursed", "expected", "rate")
            ],
            rows,
        )

    def coverage_map(self, today: datetime.date):
        t, draft = self.t, self.draft
        self.doc.add_heading(t("report.doc.h.map"), level=2)
        if draft.shapes is None or draft.shapes.empty:
            self.doc.add_paragraph(t("report.doc.no_map"))
            return
        no_points = pd.DataFrame({"layer": [], "longitude": [], "latitude": []})
        picture = coverage_picture(
            draft.shapes,
            draft.indicators,
            no_points,
            MapChoice("comm_teams", "natural_breaks", 5, draft.scope.vintage, "none"),
            self.lang,
            draft.place,
            draft.scope.year,
            today=today,
            labels=True,
        )
        self.doc.add_picture(io.BytesIO(picture), width=Cm(16))
        caption = self.doc.add_paragraph(
            t(
                "report.doc.map_caption",
                place=draft.place,
                year=draft.scope.year,
                vintage=draft.scope.vintage,
            ),
            style="Caption",
        )
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def underserved(self):
        t, draft = self.t, self.draft
        self.doc.add_heading(t("report.doc.h.underserved"), level=2)
        rows = draft.underserved[draft.underserved["gaps"] > 0].head(UNDERSERVED_SHOWN)
        if rows.empty:
            self.doc.add_paragraph(t("report.doc.underserved_none"))
            return
        self.doc.add_paragraph(t("report.doc.underserved_intro"))
        view = gap_analysis.View(vintage=draft.scope.vintage)
        for _, row in rows.iterrows():
            reasons = gap_analysis.reasons_text(row, view, self.lang, draft.scope.year)
            self.doc.add_paragraph(f"{strip_prefix(row['name'])}: {reasons}", style="List Number")

    def closing(self):
        t = self.t
        self.doc.add_heading(t("report.doc.h.difficulties"), level=1)
        self.staff("difficulties")
        self.doc.add_heading(t("report.doc.h.plan", year=self.draft.scope.year + 1), level=1)
        budget = self.draft.budget
        planned = budget[budget["line"] == "planned_next"] if "line" in budget.columns else budget
        for _, row in planned.iterrows():
            self.doc.add_paragraph(
                t(
                    "report.doc.budget.planned_next",
                    year=int(row["allocation_year"]),
                    allocated=number(row["allocated_mvnd"], self.lang, 3),
                )
            )
        self.staff("plan")
        self.doc.add_heading(t("report.doc.h.proposals"), level=1)
        self.staff("proposals")
        self.staff("signature")

    def documents_appendix(self):
        """Every document the report cites, where in the report it does."""
        t, documents = self.t, self.draft.documents
        if documents.empty:
            return
        self.doc.add_heading(t("report.doc.h.documents_cited"), level=1)
        self.table(
            [t(f"report.doc.col.{c}") for c in ("number", "date", "issuer", "title", "section")],
            [
                [
                    f"{doc_type_label(row.doc_type, self.lang)} {row.number}",
                    long_date(row.issued_on, self.lang),
                    row.issuer if isinstance(row.issuer, str) else "",
                    row.title if isinstance(row.title, str) else "",
                    str(row.section),
                ]
                for row in documents.sort_values("issued_on", na_position="last").itertuples()
            ],
            (3.2, 3.0, 3.3, 5.0, 1.5),
        )

    def appendix_section(self):
        """Every figure the scope's data gives (those of the sentences first), with its source."""
        t = self.t
        for _, row in self.draft.figures.iterrows():
            if not pd.isna(row["value"]):
                self.cite(
                    self._description(row),
                    self.amount(row["value"], row["code"]),
                    self._kind(row),
                    self.draft.figures_source.text,
                )
        self.doc.add_page_break()
        self.doc.add_heading(t("report.doc.h.appendix"), level=1)
        self.doc.add_paragraph(t("report.doc.appendix_intro"))
        self.table(
            [t(f"report.doc.col.{c}") for c in ("figure", "value", "kind", "source_query")],
            [list(row) for row in dict.fromkeys(self.appendix)],
            (5.0, 2.0, 4.5, 4.5),
        )


def write(draft: Draft, lang: str, today: datetime.date | None = None, template: Path = TEMPLATE) -> bytes:
    """The .docx bytes of the draft in `lang` (vi or en)."""
    today = today or datetime.date.today()
    writer = _Writer(draft, lang, template)
    writer.heading_block(today)
    writer.documents()
    writer.results()
    writer.targets()
    writer.budget()
    writer.coverage_map(today)
    writer.underserved()
    writer.closing()
    writer.appendix_section()
    writer.documents_appendix()
    buffer = io.BytesIO()
    writer.doc.core_properties.title = translator(lang)("report.title", place=draft.place, year=draft.scope.year)
    writer.doc.core_properties.author = "Project 8 dashboard"
    writer.doc.save(buffer)
    return buffer.getvalue()


def _plain_font(style, size: int, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman in black for every script: Vietnamese administrative documents are set so, and a
    theme font (Calibri Light, blue headings) would win over a name set only for Latin text."""
    font = style.font
    font.name, font.size, font.bold, font.italic = "Times New Roman", Pt(size), bold, italic
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), "Times New Roman")


def write_template(path: Path | IO[bytes]) -> None:
    """The styles a draft is written with, as a .docx staff can restyle (Times New Roman 13 pt, A4).

    `path` may be an open binary stream, so that the command line writes it like any other output."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _plain_font(doc.styles["Normal"], 13)
    _plain_font(doc.styles["Title"], 15, bold=True)
    _plain_font(doc.styles["Subtitle"], 14, bold=True)
    _plain_font(doc.styles["Caption"], 11, italic=True)
    for level in (1, 2, 3):
        _plain_font(doc.styles[f"Heading {level}"], 13, bold=level < 3, italic=level == 3)
    for name in ("List Bullet", "List Number"):
        _plain_font(doc.styles[name], 13)
    doc.save(path if hasattr(path, "write") else str(path))
