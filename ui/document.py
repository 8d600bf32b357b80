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

from i18n import LANGUAGES, translator

_SCRIPT = """<script>
(function () {
  var doc = window.parent.document, lang = %(lang)s, mapTitle = %(map_title)s, words = %(words)s;
  function say(text) {
    if (words[text]) return words[text];
    var limit = /^(\\d+)MB per file/.exec(text);
    return limit ? words["Limit {mb} MB per file"].replace("{mb}", limit[1]) + text.slice(limit[0].length) : null;
  }
  function translateStreamlit() {
    doc.querySelectorAll("input[placeholder]").forEach(function (input) {
      var said = say(input.placeholder);
      if (said && said !== input.placeholder) input.placeholder = said;
    });
    doc.querySelectorAll("[data-testid='stFileUploaderDropzone'] span, [data-testid='stFileUploaderDropzone'] small," +
                         "[data-testid='stFileUploaderDropzone'] button, [data-testid='stSkipToContent']"
                         ).forEach(function (element) {
      if (element.children.length) return;
      var text = element.textContent.trim(), said = say(text.replace(/^Limit /, ""));
      if (said && said !== text) element.textContent = said;
    });
  }
  function mark() {
    translateStreamlit();
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


# Words Streamlit writes itself, in English whatever the page's language: said in the page's language.
STREAMLIT_WORDS = {
    "Choose an option": "streamlit.choose_option",
    "Drag and drop file here": "streamlit.drop_file",
    "Drag and drop files here": "streamlit.drop_file",
    "Browse files": "streamlit.browse_files",
    "Upload": "streamlit.upload",
    "Limit {mb} MB per file": "streamlit.upload_limit",
    "Skip to main content": "streamlit.skip_to_content",
}


def describe_document(lang: str, map_title: str, t) -> None:
    """Set the page's language, its map frames' title and Streamlit's own words (call once per run)."""
    words = {}
    for english, key in STREAMLIT_WORDS.items():  # from English, or from the other language just left
        words |= {translator(other)(key): t(key) for other in LANGUAGES} | {english: t(key)}
    st.iframe(
        _SCRIPT % {"lang": json.dumps(lang), "map_title": json.dumps(map_title), "words": json.dumps(words)},
        height=1,
        tab_index=-1,
    )


_FILL_SCRIPT = """<script>
(function () {
  var parent = window.parent, doc = parent.document, margin = %(margin)d;
  if (window.frameElement) { window.frameElement.setAttribute("aria-hidden", "true"); }
  function fill() {
    doc.querySelectorAll("iframe[src*='streamlit_folium']").forEach(function (frame) {
      var height = Math.max(%(least)d, Math.floor(parent.innerHeight - frame.getBoundingClientRect().top - margin));
      var now = parseInt(frame.getAttribute("height") || "0", 10);
      if (Math.abs(now - height) < 4) return;  // setting it again would wake the observer again
      frame.setAttribute("height", height);
      frame.style.height = height + "px";
      var win = frame.contentWindow, inner = frame.contentDocument;
      var box = inner && inner.getElementById("map_div");
      if (!box || !win.L) return;
      box.style.height = height + "px";
      var map = null;
      Object.keys(win).forEach(function (name) { if (!map && name.indexOf("map_") === 0 && win[name] instanceof win.L.Map) map = win[name]; });
      if (!map) { win.dispatchEvent(new Event("resize")); return; }
      map.invalidateSize(false);
      if (win.p8Fit) { win.p8Fit(); return; }  // fits around the legend (geo.mapping)
      var bounds = null;
      map.eachLayer(function (layer) {
        if (layer instanceof win.L.GeoJSON && layer.getBounds().isValid()) {
          bounds = bounds ? bounds.extend(layer.getBounds()) : win.L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
        }
      });
      if (bounds) map.fitBounds(bounds, {animate: false});
    });
  }
  fill();
  parent.addEventListener("resize", fill);
  new MutationObserver(fill).observe(doc.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["height"]});
})();
</script>"""


def fill_height_with_map(margin_px: int = 16, least_px: int = 320) -> None:
    """Make the page's map reach the bottom of the window, whatever the projector's size (the meeting view):
    st_folium only takes a fixed height, so the frame and the map inside it are resized, and the map refitted."""
    st.iframe(_FILL_SCRIPT % {"margin": margin_px, "least": least_px}, height=1, tab_index=-1)
