"""Numbers and percentages as each language writes them (vi: 1.234,5; en: 1,234.5), via Babel."""

from __future__ import annotations

import math

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
