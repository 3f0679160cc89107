"""Figures of one cancer type, drawn on request: where it spreads (per study) and its drug approvals over time.

Each drawing function takes plain rows, so tests can give it rows they make; :mod:`oncograph.figures.plots`
reads the rows from the graph with one saved query each.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from .heatmap import cell_text
from .render import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def metastasis_sites_bars(cancer: str, rows: Iterable[tuple[str, str, float | Decimal]]) -> Figure:
    """Horizontal bars of ``rows`` (site, study, percent): one group per site, one colour per study.

    Sites are ordered by their highest percentage (largest on top), studies by name; each bar is labelled with its
    value. Call inside ``figure_style()``.
    """
    from matplotlib import colormaps

    values: dict[tuple[str, str], float] = {}
    for site, study, percent in rows:
        values[(site, study)] = max(float(percent), values.get((site, study), float(percent)))
    if not values:
        raise ValueError(f"no percentages to draw for {cancer}")
    studies = sorted({study for _, study in values})
    highest = {site: max(v for (s, _), v in values.items() if s == site) for site, _ in values}
    sites = sorted(highest, key=lambda site: (-highest[site], site))
    colours = colormaps["tab10"].colors
    band = 0.8 / len(studies)
    figure = new_figure(8, max(2.5, 1.2 + 0.35 * len(sites) * len(studies)))
    axes = figure.add_subplot()
    for index, study in enumerate(studies):
        positions, widths = [], []
        for position, site in enumerate(sites):
            if (site, study) in values:
                positions.append(position - 0.4 + band * (index + 0.5))
                widths.append(values[(site, study)])
        bars = axes.barh(positions, widths, height=band * 0.9, color=colours[index % len(colours)], label=study)
        axes.bar_label(bars, labels=[cell_text(w) for w in widths], padding=2, fontsize=7)
    axes.set_yticks(range(len(sites)), sites)
    axes.invert_yaxis()
    axes.set_xlim(0, 105)
    axes.set_xlabel("% of patients with spread to the site (as published)")
    axes.set_title(f"Sites of metastasis: {cancer}", fontsize=10)
    axes.legend(title="study", fontsize=7, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return figure


def drugs_timeline(cancer: str, rows: Iterable[tuple[str, str, str | None]]) -> Figure:
    """Approvals of ``rows`` (therapy, ISO date, regulator or None) on a time axis, one line per therapy.

    Therapies are ordered by their first approval; the marker colour shows the regulator. Call inside ``figure_style()``.
    """
    from matplotlib import colormaps
    from matplotlib.dates import date2num

    approvals = sorted({(therapy, datetime.date.fromisoformat(str(date)[:10]), regulator or "regulator not given")
                        for therapy, date, regulator in rows}, key=lambda row: (row[1], row[0], row[2]))
    if not approvals:
        raise ValueError(f"no approvals to draw for {cancer}")
    therapies: list[str] = []
    for therapy, _, _ in approvals:
        if therapy not in therapies:
            therapies.append(therapy)
    regulators = sorted({regulator for _, _, regulator in approvals})
    colours = colormaps["tab10"].colors
    figure = new_figure(9, max(2.5, 1.3 + 0.3 * len(therapies)))
    axes = figure.add_subplot()
    for index, regulator in enumerate(regulators):
        points = [(date2num(date), therapies.index(therapy)) for therapy, date, reg in approvals if reg == regulator]
        axes.scatter([x for x, _ in points], [y for _, y in points], color=colours[index % len(colours)],
                     label=regulator, zorder=3, s=28)
    axes.set_yticks(range(len(therapies)), therapies)
    axes.set_ylim(len(therapies) - 0.5, -0.5)  # first approval on top
    axes.margins(x=0.05)
    axes.xaxis_date()
    axes.grid(axis="x", color="#dddddd", zorder=0)
    axes.set_xlabel("approval date")
    axes.set_title(f"Drug approvals: {cancer}", fontsize=10)
    axes.legend(title="regulator", fontsize=7, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return figure


__all__ = ["drugs_timeline", "metastasis_sites_bars"]
