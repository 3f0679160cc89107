"""``metastasis-heatmap``: primary cancer types x metastatic sites, coloured by the highest published percentage.

The figure is drawn from plain rows (cancer label, site label, percent), so it can be tested on rows a test
makes; the build reads the rows from the graph with the saved query ``metastasis-percentages``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .clustering import cluster_order
from .render import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Matrix:
    """The heatmap's cells: ``values[r][c]`` is the highest percent for ``rows[r]`` and ``columns[c]`` (NaN: none)."""

    rows: list[str]
    columns: list[str]
    values: list[list[float]]

    def cell(self, row: str, column: str) -> float:
        return self.values[self.rows.index(row)][self.columns.index(column)]


def highest_percentages(rows: Iterable[tuple[str, str, float | Decimal]]) -> Matrix:
    """The highest percent per (cancer, site), with both axes ordered by average-linkage clustering.

    Pairs without a number stay empty; for clustering an empty cell counts as 0 %. Labels are sorted first, so
    the order depends only on the numbers and the labels, never on the order of the rows.
    """
    best: dict[tuple[str, str], float] = {}
    for cancer, site, percent in rows:
        value = float(percent)
        if not math.isfinite(value) or not 0 <= value <= 100:
            raise ValueError(f"percent {percent!r} for {cancer} -> {site} is not between 0 and 100")
        best[(cancer, site)] = max(value, best.get((cancer, site), value))
    cancers = sorted({c for c, _ in best})
    sites = sorted({s for _, s in best})
    grid = [[best.get((c, s), math.nan) for s in sites] for c in cancers]
    filled = [[0.0 if math.isnan(v) else v for v in row] for row in grid]
    row_order = cluster_order(filled)
    column_order = cluster_order([list(column) for column in zip(*filled, strict=True)]) if filled else []
    return Matrix([cancers[i] for i in row_order], [sites[j] for j in column_order],
                  [[grid[i][j] for j in column_order] for i in row_order])


def cell_text(value: float) -> str:
    """How a percentage is written in its cell: as few digits as it has, at most one decimal (``45``, ``2.5``)."""
    return f"{value:.1f}".removesuffix(".0")


def metastasis_heatmap(rows: Iterable[tuple[str, str, float | Decimal]]) -> Figure:
    """Draw the heatmap of ``rows`` (cancer label, site label, percent); each cell is annotated with its value.

    Call inside :func:`oncograph.figures.render.figure_style`.
    """
    import numpy as np

    matrix = highest_percentages(rows)
    if not matrix.rows:
        raise ValueError("no percentages to draw")
    figure = new_figure(max(5.0, 2.2 + 0.55 * len(matrix.columns)), max(2.5, 1.4 + 0.4 * len(matrix.rows)))
    axes = figure.add_subplot()
    data = np.ma.masked_invalid(np.array(matrix.values, dtype=float))
    cmap = _colour_map()
    image = axes.imshow(data, cmap=cmap, vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=45, ha="right", rotation_mode="anchor")
    axes.set_yticks(range(len(matrix.rows)), matrix.rows)
    axes.set_xlabel("metastatic site")
    axes.set_ylabel("primary cancer type")
    axes.set_title("Highest published percentage of patients\nwith spread to the site", fontsize=10)
    for r, row in enumerate(matrix.values):
        for c, value in enumerate(row):
            if not math.isnan(value):
                axes.text(c, r, cell_text(value), ha="center", va="center", fontsize=8,
                          color="white" if value >= 55 else "black")
    colorbar = figure.colorbar(image, ax=axes, shrink=0.8)
    colorbar.set_label("% of patients (highest study)")
    return figure


def _colour_map():  # noqa: ANN202 - a matplotlib Colormap
    from matplotlib import colormaps

    return colormaps["YlOrRd"].with_extremes(bad="#eeeeee")  # bad: no published number for the pair


__all__ = ["Matrix", "cell_text", "highest_percentages", "metastasis_heatmap"]
