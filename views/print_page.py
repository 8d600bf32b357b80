"""What a page looks like on paper (Ctrl+P / Cmd+P in any browser): A4 landscape, the page's title, key
figures, map and charts without the sidebar, the menu, the controls or the download buttons; a map or a
chart is never cut across two sheets. The map page's frame is sized to the sheet, so its first sheet holds the title,
the banner, the map and its captions (the map inside refits itself: geo/mapping.py); the meeting view is one sheet."""

from __future__ import annotations

_STYLE = """
<style>
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSelectbox"], [data-testid="stRadio"], [data-testid="stSlider"], [data-testid="stSelectSlider"],
  [data-testid="stCheckbox"], [data-testid="stToggle"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stFileUploader"], [data-testid="stExpander"], [data-testid="stTabs"] [role="tablist"],
  [data-testid="stElementToolbar"], [data-testid="stIFrame"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { margin: 0 !important; overflow: visible !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMetric"], iframe, .js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stTable"] {
    break-inside: avoid;
  }
  /* the map page on one sheet: title, banner, map and its captions; the commune detail only once one is picked */
  .st-key-coverage_map_frame iframe { height: 110mm !important; width: 100% !important; }
  [data-testid="stColumn"]:has(.st-key-commune_detail_empty) { display: none !important; }
  [data-testid="stColumn"]:has(.st-key-coverage_map_frame):has(~ [data-testid="stColumn"] .st-key-commune_detail_empty) {
    flex: 1 1 100% !important; width: 100% !important; max-width: 100% !important;
  }
  [data-testid="stTooltipIcon"] { display: none !important; }
  * { -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }
}
</style>
"""


def print_style() -> str:
    return _STYLE
