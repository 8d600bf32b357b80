"""Translation: two gettext catalogues, Vietnamese by default.

The interface text lives in i18n/locales/<lang>/LC_MESSAGES/messages.po: each msgid is the key the code asks
for ("nav.overview"), each msgstr the text, so a translator edits the text with any PO editor and the code never
holds display text of its own. A catalogue is read and compiled in memory once per process, so there is no build
step and no .mo file that could fall behind its .po. How to add a string or a plural: i18n/README.md.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

LANGUAGES = ("vi", "en")
# Each language by its own name, as a language switch offers it.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
LOCALES = Path(__file__).resolve().parent / "locales"


class MissingTranslation(KeyError):
    """The key is not in the catalogue, or not in the form asked for: the page fails rather than show the key."""


class BrokenCatalogue(ValueError):
    """A .po file that cannot be read, or that fails Babel's checks (its message names the file)."""


def catalogue_path(lang: str) -> Path:
    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for language {lang!r}; the languages are {', '.join(LANGUAGES)}")
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


@dataclass(frozen=True, eq=False)
class Translator:
    """The interface text of one language: t(key, **values), t.plural(key, n, **values), t.has(key)."""

    lang: str
    source: Path
    translations: Translations = field(repr=False)
    singular_keys: frozenset[str] = field(repr=False)
    plural_keys: frozenset[str] = field(repr=False)

    def __call__(self, key: str, /, **values) -> str:
        """The text for `key` with its {placeholders} filled by str.format (left as written when no values)."""
        if key not in self.singular_keys:
            raise MissingTranslation(self._not_found(key, plural=False))
        template = self.translations.gettext(key)
        return template.format(**values) if values else template

    def plural(self, key: str, n: int, /, **values) -> str:
        """The form of `key` that suits the count `n` (also given to the text as {n} unless `values` has one)."""
        if key not in self.plural_keys:
            raise MissingTranslation(self._not_found(key, plural=True))
        count = operator.index(n)  # a count: 2.0 or "2" is a mistake in the caller
        values.setdefault("n", count)
        return self.translations.ngettext(key, key, count).format(**values)

    def has(self, key: str) -> bool:
        return key in self.singular_keys or key in self.plural_keys

    def _not_found(self, key: str, plural: bool) -> str:
        if key in (self.singular_keys if plural else self.plural_keys):
            return f"{key!r} is {'not ' if plural else ''}a plural entry: use t{'' if plural else '.plural'}(…)"
        return f"no translated entry {key!r} in {self.source}"


@cache
def translator(lang: str) -> Translator:
    """The interface text in `lang`, read from its catalogue on first use and then kept for the process."""
    return read_catalogue(catalogue_path(lang), lang)


def in_all_languages(key: str) -> dict[str, str]:
    """`key` in every language, for what must be recognised whichever language a person wrote it in."""
    return {lang: translator(lang)(key) for lang in LANGUAGES}


def _translated(message: Message) -> bool:
    """Only entries translated in every form and not marked fuzzy are shown; others count as missing."""
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return bool(message.id) and not message.fuzzy and all(forms)


def read_catalogue(path: Path, lang: str) -> Translator:
    """Parse, check and compile one .po file in memory (translator() keeps one per language)."""
    try:
        with path.open("rb") as po:
            catalogue: Catalog = read_po(po, locale=lang, abort_invalid=True)
    except (OSError, PoFileError, UnicodeDecodeError, ValueError) as error:
        raise BrokenCatalogue(f"cannot read the {lang} catalogue {path}: {error}") from error
    problems = [
        f"{path}:{message.lineno}: {message.id!r}: {'; '.join(map(str, errors))}"
        for message, errors in catalogue.check()
    ]
    if problems:
        raise BrokenCatalogue("\n".join(["the catalogue fails Babel's checks:", *problems]))
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    usable = [message for message in catalogue if _translated(message)]
    return Translator(
        lang=lang,
        source=path,
        translations=Translations(compiled, domain="messages"),
        singular_keys=frozenset(m.id for m in usable if not m.pluralizable),
        plural_keys=frozenset(m.id[0] for m in usable if m.pluralizable),
    )


def bilingual(note: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """One language's half of a data note written "Vietnamese / English" (as the seed's explanations are)."""
    if not isinstance(note, str) or not note:
        return ""
    halves = [half.strip() for half in note.split(" / ", 1)]
    if len(halves) == 1:
        return halves[0]
    return halves[LANGUAGES.index(lang)] if lang in LANGUAGES else halves[0]
