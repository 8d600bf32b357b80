"""Meeting mode's look: large type and no sidebar, for a 1366×768 projector in a district hall."""

from __future__ import annotations

MEETING_KPIS = ("comm_teams", "communicators", "trusted_addresses", "targets")
# The tables the meeting cards count from: the one line under them says how far their real lists have come.
MEETING_TABLES = ("comm_team", "trusted_address")
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
  .p8-meeting-kind { color: #8a4b00; font-size: 0.8rem; margin: -0.3rem 0 0.1rem 0; }
  @media (max-height: 820px) {  /* a 1366×768 projector: smaller type, so the map keeps most of the screen */
    html { font-size: 16px; }
    h1 { font-size: 2.3rem !important; }
    [data-testid="stMainBlockContainer"] { padding-top: 0.4rem; }
  }
</style>
"""


def meeting_style() -> str:
    return _STYLE
