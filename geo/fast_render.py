"""Render folium maps without compiling their own output as Jinja templates.

branca wraps every rendered piece of a map (a layer's script with all its data, often megabytes) in a new
`Element(template=text)`, which compiles that text as a Jinja template, and st_folium renders a map twice per
rerun: on the country map that compiling was 0.3 s of every rerun. Text with no Jinja syntax renders to itself
(less one trailing newline, as Jinja does), so it is kept verbatim instead; anything else still goes to Jinja.
The output is byte-for-byte the same (tests/test_fast_render.py).
"""

from __future__ import annotations

from branca.element import Element, Template

_JINJA_MARKS = ("{{", "{%", "{#")
_original_init = Element.__init__


class Verbatim:
    """A template that is its own output."""

    def __init__(self, text: str):
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, *args, **kwargs) -> str:
        return self.text


def is_plain(text: str) -> bool:
    """True where Jinja would output the text unchanged (bar the final newline)."""
    return not any(mark in text for mark in _JINJA_MARKS) and "\r" not in text


def _init(self, template: str | None = None, template_name: str | None = None):
    _original_init(self, None, template_name)
    if template is not None:
        self._template_str = template
        self._template = Verbatim(template) if is_plain(template) else Template(template)


def install() -> None:
    Element.__init__ = _init


def uninstall() -> None:
    Element.__init__ = _original_init
