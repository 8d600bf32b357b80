"""Meeting mode's look: large type and no sidebar, for a 1366×768 projector in a district hall."""

from __future__ import annotations

MEETING_KPIS = ("comm_teams", "communicators", "trusted_addresses", "targets")
MAP_HEIGHT_PX = 420
LEGEND_FONT_PX = 17

_STYLE = """
<style>
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  header[data-testid="stHeader"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0.8rem 1.6rem 0.5rem 1.6rem; max-width: 100%; }
  html { font-size: 19px; }
  h1 { font-size: 2.1rem !important; padding-top: 0 !important; }
  [data-testid="stMetricLabel"] p { font-size: 1.05rem !important; }
  [data-testid="stMetricValue"] { font-size: 2.6rem !important; }
  [data-testid="stCaptionContainer"] { margin-bottom: -0.6rem; }
</style>
"""


def meeting_style() -> str:
    return _STYLE
