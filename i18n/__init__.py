"""Translation: one table (i18n/translations.py), two languages, Vietnamese by default."""

from __future__ import annotations

from i18n.translations import TEXT

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


class MissingTranslation(KeyError):
    pass


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The string for `key` in `lang`, with {placeholders} filled from `values`."""
    try:
        entry = TEXT[key]
    except KeyError:
        raise MissingTranslation(key) from None
    template = entry[LANGUAGES.index(lang) if lang in LANGUAGES else 0]
    return template.format(**values) if values else template


def bilingual(note: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """One language's half of a data note written "Vietnamese / English" (as the seed's explanations are)."""
    if not isinstance(note, str) or not note:
        return ""
    halves = [half.strip() for half in note.split(" / ", 1)]
    if len(halves) == 1:
        return halves[0]
    return halves[LANGUAGES.index(lang)] if lang in LANGUAGES else halves[0]
