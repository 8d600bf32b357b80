"""Numbers, percentages and dates as each language writes them (vi: 1.234,5 and 29/11/2026), via Babel."""

from __future__ import annotations

import datetime
import math

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def number(value, lang: str = "vi", decimals: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES.get(lang, "vi_VN"))


def percent(ratio, lang: str = "vi", decimals: int = 1) -> str:
    """`ratio` is a fraction (0.097 -> 9,7 %)."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    return format_percent(ratio, format=pattern, locale=LOCALES.get(lang, "vi_VN"))


def date(value, lang: str = "vi") -> str:
    """A calendar date as each language writes it (vi: 29/11/2026; en: 29 Nov 2026); '' when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    elif isinstance(value, datetime.datetime) or hasattr(value, "to_pydatetime"):
        value = value.date()
    return format_date(value, format="dd/MM/yyyy" if lang == "vi" else "d MMM yyyy", locale=LOCALES.get(lang, "vi_VN"))


def long_date(value, lang: str = "vi") -> str:
    """A date as an official document writes it (vi: ngày 15 tháng 12 năm 2023; en: 15 December 2023)."""
    short = date(value, lang)
    if not short:
        return ""
    day = datetime.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if isinstance(day, datetime.datetime) or hasattr(day, "to_pydatetime"):
        day = day.date()
    if lang == "vi":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return format_date(day, format="d MMMM yyyy", locale=LOCALES["en"])


VIETNAM_TIME = datetime.timezone(datetime.timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh: no summer time


def local_time(value, lang: str = "vi") -> str:
    """A moment stored in UTC (naive or aware), as the clock on the wall in Viet Nam shows it:
    vi 01/12/2026 11:05, en 1 Dec 2026 11:05; '' when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    moment = pd.Timestamp(value).to_pydatetime()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    moment = moment.astimezone(VIETNAM_TIME)
    return f"{date(moment, lang)} {moment:%H:%M}"
