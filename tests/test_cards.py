"""Key-figure cards: an arrow and a colour only where the delta is a change over time."""

from __future__ import annotations

from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_cards_against_a_target_or_a_share_draw_no_arrow(database_env):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception, app.exception
    deltas = {m.proto.label: m.proto for m in app.metric if m.proto.delta}
    assert deltas["Community communication teams"].delta == "+2 against target 75"
    assert deltas["Targets achieved"].delta == "22.2 % of the targets"  # said, not an unexplained "↑ 22.2 %"
    for card in deltas.values():
        assert card.direction == Metric.MetricDirection.NONE and card.color == Metric.MetricColor.GRAY, card.label
