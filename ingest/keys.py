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


def stored_key_sql(spec: TableSpec) -> str:
    """The query for stored_keys (identifiers come from our own table description, never from a file)."""
    columns = ", ".join(f"CAST({name} AS VARCHAR)" for name in spec.natural_key)
    return f"SELECT record_id, {columns} FROM {spec.name}"
