"""Vietnamese place-name normalisation.

Names reach us from boundary files, official lists, resolutions and staff spreadsheets, written in
NFC or NFD, with or without diacritics, with or without the "Xã/Phường/Thị trấn" prefix, and in
spelling variants that are all in official use. These keys let one name be compared with another
without pretending two different names are the same: the ASCII key is only used when it is unique.
"""

from __future__ import annotations

import re
import unicodedata

# Longest first, so "Thị trấn" wins over a bare "Thị".
UNIT_PREFIXES = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
)

_SPACES = re.compile(r"\s+")
# Latin capital ETH (Ð, U+00D0) is often typed for Vietnamese Đ (U+0110); they look identical.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def nfc(text: str) -> str:
    """NFC with look-alike letters and runs of white space folded."""
    text = unicodedata.normalize("NFC", str(text)).translate(_LOOKALIKES)
    return _SPACES.sub(" ", text).strip()


def strip_prefix(text: str) -> str:
    """The name without its administrative type ("Xã Mù Sang" -> "Mù Sang")."""
    lowered = text.lower()
    for prefix in UNIT_PREFIXES:
        if lowered.startswith(prefix + " "):
            return text[len(prefix) + 1 :].strip()
    return text


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# "Hòa" (old style) and "Hoà" (new style) are the same syllable: in a syllable ending in oa/oe/uy
# the key puts the tone on the first vowel of the pair. "qu" + y is a consonant + vowel, not a pair.
_OPEN_PAIR = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONE_MARKS + r"])(?=\W|$)")


def _tone_on_first_vowel(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OPEN_PAIR.sub(r"\1\3\2", decomposed))


# Typographic apostrophes and dashes: "Ea M’Droh" and "Chân Mây – Lăng Cô" are written with ASCII ' and -
# in other official lists. Folded in the comparison key only, so a unit keeps its name as written.
_PUNCTUATION = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-"})


def name_key(text: str) -> str:
    """Case-, form-, tone-placement-, punctuation- and prefix-insensitive key that keeps the diacritics."""
    return _tone_on_first_vowel(strip_prefix(nfc(text)).casefold().translate(_PUNCTUATION))


def ascii_key(text: str) -> str:
    """Key without diacritics: catches typing without accents and tone-mark variants (Lờ/Lở)."""
    return _fold(name_key(text))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ASCII_PREFIXES = tuple(_fold(prefix) + " " for prefix in UNIT_PREFIXES)  # "thi tran ", "xa ", …


def ascii_keys(text: str) -> list[str]:
    """The ASCII key, then (if it starts with one) the same without an unaccented prefix.

    "Xa Vang Ma Chai" is Xã Vàng Ma Chải typed without accents; but "Xa Dung" is a real commune
    name, so the key with the words kept is always tried first.
    """
    key = ascii_key(text)
    keys = [key]
    for prefix in _ASCII_PREFIXES:
        if key.startswith(prefix):
            keys.append(key[len(prefix) :].strip())
            break
    return keys


def unit_type(name: str) -> str:
    """The unit type (a code of registry/codes.py UNIT_TYPES), from an official name's prefix."""
    lowered = nfc(name).lower()
    if lowered.startswith("phường"):
        return "ward"
    if lowered.startswith("thị trấn"):
        return "township"
    return "commune"
