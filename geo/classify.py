"""Choropleth classes: mapclassify's schemes (natural breaks, quantiles, equal interval) or a fixed scale.

Counts get whole-number classes ("2 – 3", never "2,4 – 3,2"), and a class that would hold no
whole number is dropped, so the legend never shows an empty or overlapping range.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

METHODS = ("natural_breaks", "quantiles", "equal_interval", "fixed")
NO_DATA = "#d9d9d9"
# ColorBrewer YlGnBu, sequential, one palette per number of classes (colour-blind safe, prints in grey).
PALETTES = {
    1: ["#2c7fb8"],
    2: ["#a1dab4", "#2c7fb8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
MAX_CLASSES = max(PALETTES)
# ColorBrewer RdBu for a change: two reds below zero, a near-white zero, two blues above (colour-blind safe).
DIVERGING = ("#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac")
SAMPLE_ABOVE = 300


@dataclass(frozen=True)
class Bin:
    lower: float
    upper: float
    colour: str
    count: int = 0


def _upper_edges(present: np.ndarray, method: str, classes: int, fixed_breaks: Sequence[float]) -> list[float]:
    if method == "fixed":
        edges = sorted(set(float(b) for b in fixed_breaks))
        return edges + [float(present.max())] if not edges or present.max() > edges[-1] else edges
    import mapclassify  # imported here: its first import is slow and only maps need it

    k = max(1, min(classes, len(np.unique(present))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed", "not enough unique values"
        if method == "natural_breaks" and present.size > SAMPLE_ABOVE:
            # Exact Fisher-Jenks is quadratic (minutes for a country without numba). An evenly spaced
            # sample of the sorted values keeps the distribution and, unlike a random one, the same classes.
            ordered = np.sort(present)
            sample = ordered[np.linspace(0, ordered.size - 1, SAMPLE_ABOVE).astype(int)]
            scheme = mapclassify.FisherJenks(sample, k=min(k, len(np.unique(sample))))
        else:
            scheme = {
                "natural_breaks": mapclassify.FisherJenks,
                "quantiles": mapclassify.Quantiles,
                "equal_interval": mapclassify.EqualInterval,
            }[method](present, k=k)
        return sorted(set(float(b) for b in scheme.bins))


def classify(
    values: pd.Series, method: str = "natural_breaks", classes: int = 5, fixed_breaks: Sequence[float] = ()
) -> list[Bin]:
    """Classes over the non-missing values, coloured light (low) to dark (high)."""
    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}; use one of {', '.join(METHODS)}")
    present = pd.to_numeric(values, errors="coerce").dropna().astype(float).to_numpy()
    if present.size == 0:
        return []
    low, high = float(present.min()), float(present.max())
    if math.isclose(low, high) and method != "fixed":
        return [Bin(low, high, PALETTES[1][0], int(present.size))]
    classes = max(2, min(classes, MAX_CLASSES))
    edges = _upper_edges(present, method, classes, fixed_breaks)
    whole = bool((present == np.round(present)).all())
    ranges: list[tuple[float, float]] = []
    lower = min(low, 0.0) if method == "fixed" else low  # a fixed scale keeps its classes from one map to the next
    for edge in edges:
        upper = math.floor(edge + 1e-9) if whole else edge
        if upper >= lower and (not ranges or upper > ranges[-1][1]):
            ranges.append((lower, upper))
            lower = upper + 1 if whole else upper
    colours = PALETTES[len(ranges)] if len(ranges) in PALETTES else PALETTES[MAX_CLASSES]
    bins = []
    for index, (lower, upper) in enumerate(ranges):
        previous = ranges[index - 1][1] if index else -math.inf
        inside = int(((present > previous + 1e-9) & (present <= upper + 1e-9)).sum())
        bins.append(Bin(lower, upper, colours[index], inside))
    return bins


def diverging_classes(values: pd.Series) -> list[Bin]:
    """Classes of a change in whole numbers, centred on zero and symmetric: [−m, −h−1], [−h, −1], [0],
    [1, h], [h+1, m] where m is the largest change either way and h half of it (a class that can hold no
    whole number is left out), so a fall and a rise of the same size get the same depth of colour."""
    present = pd.to_numeric(values, errors="coerce").dropna().astype(float).to_numpy()
    if present.size == 0:
        return []
    largest = int(math.ceil(float(np.abs(present).max())))
    half = int(math.ceil(largest / 2))
    ranges = [
        (-largest, -half - 1, DIVERGING[0]),
        (-half, -1, DIVERGING[1]),
        (0, 0, DIVERGING[2]),
        (1, half, DIVERGING[3]),
        (half + 1, largest, DIVERGING[4]),
    ]
    return [
        Bin(lower, upper, colour, int(((present >= lower - 0.5) & (present < upper + 0.5)).sum()))
        for lower, upper, colour in ranges
        if lower <= upper
    ]


def colour_for(value, bins: list[Bin]) -> str:
    """The class colour of a value; grey for a missing one."""
    if value is None or value is pd.NA or not bins or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    for item in bins:
        if value <= item.upper + 1e-9:
            return item.colour
    return bins[-1].colour
