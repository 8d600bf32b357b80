"""A row's identity (`record_id`), so that importing the same rows again changes nothing.

In order: the record_id the file gives (an export always gives it); else the record_id of the one
stored row with the same natural key (e.g. a team = year, vintage, commune, village); else a key
made from the natural key alone: "<prefix>-<year>-<commune or district code>-<12 hex of sha256 of
the natural key>", e.g. ct-2023-03391-5f0c2a9e81b4. The natural key's texts are compared in NFC,
case-folded, with single spaces, so "Bản Mới" and "bản  mới" are the same village.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from registry.tables import TableSpec

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def _part(value: str | None) -> str:
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip().casefold()


def natural_key(spec: TableSpec, record: dict) -> tuple[str, ...]:
    return tuple(_part(record.get(name)) for name in spec.natural_key)


def generated_id(spec: TableSpec, record: dict, key: tuple[str, ...] | None = None) -> str:
    digest = hashlib.sha256("\x1f".join(key or natural_key(spec, record)).encode("utf-8")).hexdigest()[:12]
    place = record.get("commune_code") or record.get("district_code") or "0"
    return f"{spec.prefix}-{record.get('year')}-{place}-{digest}"


def stored_keys(spec: TableSpec, rows: list[tuple]) -> dict[tuple[str, ...], list[str]]:
    """Natural key -> record_ids of stored rows; `rows` are (record_id, *natural key columns as text)."""
    keys: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for record_id, *values in rows:
        keys[tuple(_part(v) for v in values)].append(record_id)
    return keys


def assign_ids(
    spec: TableSpec,
    records: list[dict],
    given: list[bool],
    stored: dict[tuple[str, ...], list[str]],
    keys: list[tuple[str, ...]] | None = None,
) -> list[tuple[int, str, dict]]:
    """Fill record_id where the file left it empty (`keys`: the records' natural keys, if known).
    Returns (index, problem code, params) for rows whose stored match is ambiguous."""
    problems = []
    for index, record in enumerate(records):
        if given[index]:
            continue
        key = keys[index] if keys is not None else natural_key(spec, record)
        matches = stored.get(key, [])
        if len(matches) == 1:
            record["record_id"] = matches[0]
        elif len(matches) > 1:
            record["record_id"] = generated_id(spec, record, key)
            problems.append((index, "ambiguous_stored", {"ids": ", ".join(sorted(matches)[:5])}))
        else:
            record["record_id"] = generated_id(spec, record, key)
    return problems


# Kinds whose canonical text is exactly the stored value cast to text (digits), so they can be compared as is.
_CODE_KINDS = ("year", "vintage", "district", "commune_code")
# Characters (after NFC) whose DuckDB lower() is Python's casefold() and whose only space is " ": Latin
# letters with their accents, as staff write them, less the few whose case folding differs (ŉ, ſ, ǰ, İ, ß,
# ẞ, ẖ-ẛ, the combining ypogegrammeni). A text made of them alone gets the same key from _folded_sql() in DuckDB as from _part().
PLAIN = (
    "[\\x{20}-\\x{7E}\\x{C0}-\\x{DE}\\x{E0}-\\x{FF}\\x{100}-\\x{12F}\\x{131}-\\x{148}\\x{14A}-\\x{17E}"
    "\\x{180}-\\x{1EF}\\x{1F1}-\\x{24F}\\x{300}-\\x{344}\\x{346}-\\x{36F}\\x{1E00}-\\x{1E95}\\x{1EA0}-\\x{1EFF}]*"
)


def _text_sql(column: str) -> str:
    return f"coalesce(CAST(t.{column} AS VARCHAR), '')"


def _folded_sql(column: str) -> str:
    """_part() in DuckDB, exact for PLAIN texts."""
    return f"lower(trim(regexp_replace(nfc_normalize({_text_sql(column)}), ' +', ' ', 'g')))"


def _plain_sql(column: str) -> str:
    return f"regexp_full_match(nfc_normalize({_text_sql(column)}), '{PLAIN}')"


def matching_key_sql(spec: TableSpec) -> str:
    """The query for stored_keys (identifiers come from our own table description, never from a file) over only the stored rows that may share a natural key with the file's
    (relation `file_keys`: one row per file key, its parts as natural_key() gives them), so the cost
    follows the file, not the table. Codes and years are matched as they are; a text part is matched
    folded in DuckDB, and a stored text outside PLAIN, which DuckDB cannot fold as Python does, is
    fetched whenever its codes match (stored_keys() then compares all of them exactly, in Python)."""
    columns = ", ".join(f"CAST(t.{name} AS VARCHAR)" for name in spec.natural_key)
    codes = [name for name in spec.natural_key if spec.column(name).kind in _CODE_KINDS]
    texts = [name for name in spec.natural_key if name not in codes]
    same_codes = " AND ".join(f"{_text_sql(name)} = f.{name}" for name in codes) or "true"
    here = f"SELECT * FROM {spec.name} t WHERE EXISTS (SELECT 1 FROM file_keys f WHERE {same_codes})"
    if not texts:
        return f"SELECT t.record_id, {columns} FROM ({here}) t"
    folded = ", ".join(f"{_folded_sql(name)}" for name in texts)
    plain = " AND ".join(_plain_sql(name) for name in texts)
    return f"""SELECT t.record_id, {columns} FROM ({here}) t
               WHERE ({folded}) IN (SELECT ({", ".join(f"f.{name}" for name in texts)}) FROM file_keys f)
                  OR NOT ({plain})"""
