"""Text that came from a file, a person or the database, made safe to put inside Markdown or HTML.

Streamlit renders titles, captions, alerts, labels and help texts as Markdown: a file named
`![x](http://host/x.png).csv` would load an image from that host and `[a](javascript:…)` would be a link.
Every such value goes through `markdown_text` before it is placed in Markdown, and through `html_text`
before it is placed in HTML; the catalogue's own words are trusted and keep their formatting.
"""

from __future__ import annotations

import html
import re

# Markdown's punctuation that can start markup inside a line (emphasis, links, images, code, HTML, tables,
# strikethrough, Streamlit's LaTeX `$…$` and its `:color[…]`/`:icon:` directives). Parentheses and dots stay
# as they are: without a `[` before them they are plain text, and "Xã Mù Sang (03568)" reads the same raw.
_INLINE = re.compile(r"([\\`*_\[\]<>#!|~$:{}])")
# Only at the start of a line: list items, headings underlined by = or -, quotes, numbered lists.
_LINE_START = re.compile(r"^(\s*\d*)([-+=.)])(?=[\s=-]|$)")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# Streamlit's Markdown (GitHub's flavour) also turns a bare "http://…", "https://…" or "www.…" into a link after
# the escapes are read, so no backslash stops it; an invisible zero-width space inside the pattern does. An
# e-mail address is left to become a mailto: link: it loads nothing, and a copied address must still work.
_BARE_LINK = re.compile(r"(?i)(https?:)(//)|\b(www)(\.)")
_ZERO_WIDTH_SPACE = "\u200b"


def markdown_text(value) -> str:
    """`value` as literal text inside Markdown: every character that could start markup is escaped, a bare web
    address is broken by a zero-width space and line breaks become spaces, so a value can neither format,
    link, load an image nor start a new block."""
    text = _LINE_BREAK.sub(" ", "" if value is None else str(value))
    text = _BARE_LINK.sub(lambda match: _ZERO_WIDTH_SPACE.join(part for part in match.groups() if part), text)
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(r"\1\\\2", text, count=1)


def html_text(value) -> str:
    """`value` as literal text inside HTML (element content or a quoted attribute)."""
    return html.escape("" if value is None else str(value), quote=True)
