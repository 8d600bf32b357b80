"""Tie names to official codes, and say how each tie was made.

One matcher serves the boundary file (polygons → 2023 codes) and, later, staff imports (typed
commune names → codes). It tries, in order: the exact official name; the same name ignoring
Unicode form, case and prefix; a known spelling variant (alias); the name without diacritics
when that is unambiguous. Anything else is returned as unmatched with a reason, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from geo.names import ascii_key, ascii_keys, name_key, nfc


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str


@dataclass(frozen=True)
class Match:
    code: str | None
    method: str  # exact | normalized | alias | ascii | unmatched
    note: str = ""


class NameMatcher:
    """Matches names against one set of official units (e.g. the communes of one district)."""

    def __init__(self, candidates: Iterable[Candidate], aliases: dict[str, str] | None = None):
        self._by_exact: dict[str, list[Candidate]] = defaultdict(list)
        self._by_key: dict[str, list[Candidate]] = defaultdict(list)
        self._by_ascii: dict[str, list[Candidate]] = defaultdict(list)
        for candidate in candidates:
            self._by_exact[nfc(candidate.name)].append(candidate)
            self._by_key[name_key(candidate.name)].append(candidate)
            self._by_ascii[ascii_key(candidate.name)].append(candidate)
        # variant name key -> official name key
        self._aliases = {name_key(variant): name_key(official) for variant, official in (aliases or {}).items()}

    def match(self, name: str, allow_ascii: bool = True) -> Match:
        """The unit `name` refers to. `allow_ascii=False` where the pool is too wide for a guess."""
        exact = self._by_exact.get(nfc(name), [])
        if len(exact) == 1:
            return Match(exact[0].code, "exact")
        key = name_key(name)
        by_key = self._by_key.get(key, [])
        if len(by_key) == 1:
            return Match(by_key[0].code, "normalized")
        if len(by_key) > 1:
            return Match(None, "unmatched", _ambiguous(by_key))
        if key in self._aliases:
            aliased = self._by_key.get(self._aliases[key], [])
            if len(aliased) == 1:
                return Match(aliased[0].code, "alias", f"known variant of {aliased[0].name}")
        for key in ascii_keys(name) if allow_ascii else []:
            by_ascii = self._by_ascii.get(key, [])
            if len(by_ascii) == 1:
                return Match(by_ascii[0].code, "ascii", f"same letters as {by_ascii[0].name}")
            if len(by_ascii) > 1:
                return Match(None, "unmatched", _ambiguous(by_ascii))
        return Match(None, "unmatched", "no official unit has this name")


def _ambiguous(candidates: list[Candidate]) -> str:
    listed = ", ".join(f"{c.name} ({c.code})" for c in candidates)
    return f"ambiguous: {listed}"
