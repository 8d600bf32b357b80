"""Translation: one table (ui/translations.py), two languages, Vietnamese by default."""

from __future__ import annotations

from ui.translations import TEXT

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
