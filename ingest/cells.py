"""One cell -> one clean value, or the reason it cannot be one.

Each parser takes what the reader gave (text from a CSV; text, number, date or boolean from an
XLSX) and returns the canonical text the database casts exactly ("2023-11-28", "12", "318.36",
"true"), or raises Invalid with a message code of the catalogues (`validation.CODE`, i18n/locales).

Numbers as staff type them: counts may be grouped either way ("2.000", "2,000", "2 000" are two
thousand: a count is whole). Amounts (million VND, at most 3 decimals) take a lone "," or "." as
the decimal mark ("318,360" and "318.360" are both 318.36, as Vietnamese and English write it);
several separators, or both kinds, are grouping plus decimal mark. Dates are day first
(28/11/2023, 28-11-2023, 28.11.2023) or ISO (2023-11-28), or an Excel date cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from i18n import in_all_languages
from ingest.header import fold
from ingest.reader import Unreadable
from registry.vintages import VINTAGES

MAX_COUNT = 2_000_000_000  # fits the database's INTEGER
MAX_AMOUNT = Decimal("99999999999.999")  # DECIMAL(14, 3)
MAX_TEXT = 1000
MAX_NUMBER_CHARS = 40  # longer is no number a person typed, however it is spaced
EARLIEST_DATE = date(1990, 1, 1)
_EXCEL_EPOCH = date(1899, 12, 30)

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_INTEGER = re.compile(r"^[+-]?\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([.,' ])\d{3})(?:\1\d{3})*$")
_DECIMAL = re.compile(r"^[+-]?\d*[.,]\d+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_RECORD_ID = re.compile(r"^[\w.:/-]{1,120}$")
_TRUE = {"true", "1", "x", "yes", "y", "co", "dung", "t"}
_FALSE = {"false", "0", "no", "n", "khong", "sai", "f"}


class Invalid(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def is_blank(value) -> bool:
    if value.__class__ is str:
        return not value or value.isspace()
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def as_text(value) -> str:
    """The cell as text; a cell the reader could not use (a formula without its value, an over-long
    cell) stops here with its own reason, whatever the column's kind."""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, Unreadable):
        raise Invalid(value.code, **value.params)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date().isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def text(value) -> str:
    shown = as_text(value)
    if len(shown) > MAX_TEXT:
        raise Invalid("too_long", limit=MAX_TEXT)
    return shown


def record_id(value) -> str:
    shown = as_text(value)
    if not _RECORD_ID.match(shown):
        raise Invalid("bad_record_id")
    return shown


def _whole(value) -> int:
    """An integer written any usual way; fractions and words are refused with their own reason."""
    if value.__class__ is str and value.isascii() and value.isdigit():
        return int(value)
    if isinstance(value, bool):
        raise Invalid("not_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise Invalid("not_integer")
        if not value.is_integer():
            raise Invalid("fractional")
        return int(value)
    shown = as_text(value)
    if len(shown) > MAX_NUMBER_CHARS:
        raise Invalid("not_integer")
    shown = _SPACES.sub(" ", shown).strip()
    compact = shown.replace(" ", "") if _GROUPED.match(shown) else shown
    if _INTEGER.match(compact):
        return int(compact)
    if _GROUPED.match(compact) or _GROUPED.match(shown):
        return int(re.sub(r"[.,' ]", "", shown))
    if _DECIMAL.match(compact):
        whole, _, fraction = compact.replace(",", ".").partition(".")
        if set(fraction) == {"0"} and whole.lstrip("+-"):
            return int(whole)
        raise Invalid("fractional")
    raise Invalid("not_integer")


def count(value) -> str:
    number = _whole(value)
    if number < 0:
        raise Invalid("negative")
    if number > MAX_COUNT:
        raise Invalid("too_large", limit=MAX_COUNT)
    return str(number)


def integer(value, low: int | None = None, high: int | None = None) -> str:
    number = _whole(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise Invalid("out_of_range", low=low, high=high)
    return str(number)


def year(value, today: date) -> str:
    number = _whole(value)
    if not 2000 <= number <= today.year:
        raise Invalid("bad_year", high=today.year)
    return str(number)


def vintage(value) -> str:
    if isinstance(value, Unreadable):
        as_text(value)
    try:
        number = _whole(value)
    except Invalid:
        raise Invalid("bad_vintage") from None
    if number not in VINTAGES:
        raise Invalid("bad_vintage")
    return str(number)


def code(value, width: int, problem: str) -> str:
    shown = as_text(value)
    if not shown.isdigit() or len(shown) > width or not shown.isascii():
        raise Invalid(problem)
    return shown.zfill(width)


def amount(value) -> str:
    if isinstance(value, bool):
        raise Invalid("not_number")
    from_number = isinstance(value, (int, float))
    if from_number:
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise Invalid("not_number")
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        shown = as_text(value)
        if len(shown) > MAX_NUMBER_CHARS:
            raise Invalid("not_number")
        number = _parse_amount(_SPACES.sub("", shown))
    if number < 0:
        raise Invalid("negative")
    if number > MAX_AMOUNT:
        raise Invalid("too_large", limit="99.999.999.999,999")
    rounded = number.quantize(Decimal("0.001"))
    if rounded != number:
        # A spreadsheet's binary fractions (0.1 + 0.2) are not a fourth decimal someone typed.
        if not (from_number and abs(rounded - number) < Decimal("0.0000001")):
            raise Invalid("too_many_decimals")
    if rounded == 0:
        return "0"
    return format(rounded.normalize(), "f")


def _parse_amount(shown: str) -> Decimal:
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", shown):
        raise Invalid("not_number")
    commas, dots = shown.count(","), shown.count(".")
    if commas and dots:
        decimal_mark = "," if shown.rfind(",") > shown.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        if shown.count(decimal_mark) > 1:
            raise Invalid("not_number")
        shown = shown.replace(grouping, "").replace(decimal_mark, ".")
    elif commas > 1 or dots > 1:
        mark = "," if commas else "."
        if not _GROUPED.match(shown):
            raise Invalid("not_number")
        shown = shown.replace(mark, "")
    else:
        shown = shown.replace(",", ".")
    try:
        number = Decimal(shown)
    except InvalidOperation:
        raise Invalid("not_number") from None
    if not number.is_finite():
        raise Invalid("not_number")
    return number


def day(value, today: date, past_only: bool = False, from_workbook: bool = False) -> str:
    parsed = _date(value, from_workbook)
    if parsed < EARLIEST_DATE:
        raise Invalid("bad_date")
    if past_only and parsed > today:
        raise Invalid("future_date", today=today.strftime("%d/%m/%Y"))
    return parsed.isoformat()


def _date(value, from_workbook: bool) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and from_workbook:
        if 20_000 <= value <= 80_000:  # an Excel serial day number in a cell not formatted as a date
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise Invalid("bad_date")
    shown = as_text(value)
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_YMD_SLASH, (1, 2, 3)), (_DMY, (4, 3, 1))):
        found = pattern.match(shown)
        if found:
            y, m, d = (int(found.group(i)) for i in order)
            try:
                return date(y, m, d)
            except ValueError:
                raise Invalid("bad_date") from None
    raise Invalid("bad_date")


def boolean(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    shown = fold(as_text(value))
    if shown in _TRUE or shown in map(fold, in_all_languages("import.choice.boolean.true").values()):
        return "true"
    if shown in _FALSE or shown in map(fold, in_all_languages("import.choice.boolean.false").values()):
        return "false"
    raise Invalid("bad_boolean")


def choice(value, column: str, choices: tuple[str, ...]) -> str:
    shown = as_text(value)
    folded = fold(shown)
    labels = {option: in_all_languages(f"import.choice.{column}.{option}") for option in choices}
    for option in choices:
        if folded in (fold(option), *map(fold, labels[option].values())):
            return option
    raise Invalid(
        "bad_choice", choices=(", ".join(labels[o]["vi"] for o in choices), ", ".join(f"{o}" for o in choices))
    )


def coordinate(value) -> float:
    if isinstance(value, bool):
        raise Invalid("not_number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        shown = _SPACES.sub("", as_text(value)).replace(",", ".")
        try:
            number = float(shown)
        except ValueError:
            raise Invalid("not_number") from None
    if math.isnan(number) or math.isinf(number):
        raise Invalid("not_number")
    return number
