"""What the browser's document should say about the page that Streamlit does not let a script set itself:
the language of the text (`<html lang>`, so a screen reader speaks Vietnamese as Vietnamese), a title for
each map frame (Streamlit-folium names every one "streamlit_folium.st_folium"), and icons that are only
decoration (a Material icon is a word such as "home", which a screen reader would read aloud).

A zero-height component runs the script; it reaches the page through `window.parent` (same origin) and keeps
watching it, since maps and icons arrive after it runs.
"""

from __future__ import annotations

import json

import streamlit as st

_SCRIPT = """<script>
(function () {
  var doc = window.parent.document, lang = %(lang)s, mapTitle = %(map_title)s;
  function mark() {
    if (doc.documentElement.lang !== lang) doc.documentElement.lang = lang;
    doc.querySelectorAll("iframe[title='streamlit_folium.st_folium']").forEach(function (frame) {
      frame.title = mapTitle;
    });
    doc.querySelectorAll("[data-testid='stIconMaterial']:not([aria-hidden])").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
    });
  }
  if (window.frameElement) {  // this script's own empty frame is nothing to read or to tab into
    window.frameElement.setAttribute("aria-hidden", "true");
    window.frameElement.setAttribute("tabindex", "-1");
  }
  mark();
  new MutationObserver(mark).observe(doc.body, {subtree: true, childList: true});
})();
</script>"""


def describe_document(lang: str, map_title: str) -> None:
    """Set the page's language and its map frames' title (call once per run, e.g. from the sidebar)."""
    st.iframe(_SCRIPT % {"lang": json.dumps(lang), "map_title": json.dumps(map_title)}, height=1, tab_index=-1)
