"""Choropleth classes: every method, whole-number classes for counts, a fixed scale that stays put."""

import numpy as np
import pandas as pd
import pytest

from geo.classify import METHODS, NO_DATA, PALETTES, classify, colour_for

TEAMS = pd.Series([0, 0, 1, 2, 3, 3, 4, 5, 6, 7, 7, 0, 5])


@pytest.mark.parametrize("method", [m for m in METHODS if m != "fixed"])
def test_every_value_falls_in_exactly_one_class(method):
    bins = classify(TEAMS, method, 5)
    assert 2 <= len(bins) <= 5
    assert sum(b.count for b in bins) == len(TEAMS)
    assert bins[0].lower == TEAMS.min() and bins[-1].upper == TEAMS.max()
    for value in TEAMS:
        assert sum(b.lower <= value <= b.upper for b in bins) == 1


@pytest.mark.parametrize("method", [m for m in METHODS if m != "fixed"])
def test_counts_get_whole_number_classes_that_do_not_overlap(method):
    bins = classify(TEAMS, method, 5)
    assert all(float(b.lower).is_integer() and float(b.upper).is_integer() for b in bins)
    assert all(later.lower == earlier.upper + 1 for earlier, later in zip(bins, bins[1:]))


def test_colours_run_light_to_dark_from_one_brewer_palette():
    bins = classify(TEAMS, "quantiles", 4)
    assert [b.colour for b in bins] == PALETTES[len(bins)]
    assert colour_for(0, bins) == bins[0].colour and colour_for(7, bins) == bins[-1].colour


def test_a_fixed_scale_keeps_its_classes_whatever_the_data():
    low = classify(pd.Series([1.5, 2.5, 3.5]), "fixed", 5, (5, 10, 15))
    high = classify(pd.Series([11.5, 14.2, 30.0]), "fixed", 5, (5, 10, 15))
    assert [(b.lower, b.upper) for b in low] == [(0, 5), (5, 10), (10, 15)]
    assert [(b.lower, b.upper) for b in high][:3] == [(0, 5), (5, 10), (10, 15)] and high[-1].upper == 30
    assert [b.count for b in low] == [3, 0, 0]


def test_shares_keep_their_decimals():
    bins = classify(pd.Series([26.0, 27.5, 28.4, 29.7]), "equal_interval", 3)
    assert bins[0].upper == pytest.approx(27.2333, abs=1e-3)


def test_missing_values_are_grey_and_not_classified():
    bins = classify(pd.Series([1.0, None, 3.0]), "natural_breaks", 5)
    assert sum(b.count for b in bins) == 2
    assert colour_for(None, bins) == NO_DATA and colour_for(float("nan"), bins) == NO_DATA
    assert classify(pd.Series([None, None], dtype=float)) == []


def test_one_value_everywhere_is_one_class():
    bins = classify(pd.Series([4, 4, 4]), "natural_breaks", 5)
    assert len(bins) == 1 and bins[0].count == 3


def test_natural_breaks_on_a_country_are_quick_and_reproducible():
    values = pd.Series(np.random.default_rng(7).gamma(2, 3, 10_000).round())
    first, second = classify(values, "natural_breaks", 5), classify(values, "natural_breaks", 5)
    assert first == second and len(first) == 5 and sum(b.count for b in first) == 10_000


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="natural_breaks"):
        classify(TEAMS, "k-means")


def test_a_fixed_scale_for_counts_uses_whole_numbers():
    bins = classify(pd.Series([0, 3, 8]), "fixed", 5, (0, 2, 4, 6, 10))
    assert [(b.lower, b.upper) for b in bins] == [(0, 0), (1, 2), (3, 4), (5, 6), (7, 10)]
