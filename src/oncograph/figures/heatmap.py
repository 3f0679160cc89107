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
    #: how many cancer types and sites had numbers; more than ``rows`` / ``columns`` when the heatmap is capped
    cancers_with_numbers: int = 0
    sites_with_numbers: int = 0

    def cell(self, row: str, column: str) -> float:
        return self.values[self.rows.index(row)][self.columns.index(column)]


#: The most cancer types (rows) and sites (columns) a heatmap shows. The shipped graph has 28 and 19; a graph
#: merged with a large cohort can have thousands, which no reader can take in and which the clustering (pure
#: Python, quadratic in memory and worse in time) cannot order in any useful time.
MAX_ROWS = 40
MAX_COLUMNS = 30


def highest_percentages(rows: Iterable[tuple[str, str, float | Decimal]], max_rows: int = MAX_ROWS,
                        max_columns: int = MAX_COLUMNS) -> Matrix:
    """The highest percent per (cancer, site), with both axes ordered by average-linkage clustering.

    Pairs without a number stay empty; for clustering an empty cell counts as 0 %. Labels are sorted first, so
    the order depends only on the numbers and the labels, never on the order of the rows. With more than
    ``max_rows`` cancer types (``max_columns`` sites), those with numbers for the most sites (cancer types) are
    kept, ties by label; the matrix says how many there were.
    """
    best = _best(rows)
    cancers = _most_reported(best, 0, max_rows)
    sites = _most_reported({key: v for key, v in best.items() if key[0] in cancers}, 1, max_columns)
    cancers, sites = sorted(cancers), sorted(sites)
    grid = [[best.get((c, s), math.nan) for s in sites] for c in cancers]
    filled = [[0.0 if math.isnan(v) else v for v in row] for row in grid]
    row_order = cluster_order(filled)
    column_order = cluster_order([list(column) for column in zip(*filled, strict=True)]) if filled else []
    return Matrix([cancers[i] for i in row_order], [sites[j] for j in column_order],
                  [[grid[i][j] for j in column_order] for i in row_order],
                  len({c for c, _ in best}), len({s for _, s in best}))


def _best(rows: Iterable[tuple[str, str, float | Decimal]]) -> dict[tuple[str, str], float]:
    best: dict[tuple[str, str], float] = {}
    for cancer, site, percent in rows:
        value = float(percent)
        if not math.isfinite(value) or not 0 <= value <= 100:
            raise ValueError(f"percent {percent!r} for {cancer} -> {site} is not between 0 and 100")
        best[(cancer, site)] = max(value, best.get((cancer, site), value))
    return best


def _most_reported(best: dict[tuple[str, str], float], axis: int, limit: int) -> set[str]:
    """The ``limit`` labels on ``axis`` (0: cancers, 1: sites) with numbers for the most labels on the other axis."""
    partners: dict[str, int] = {}
    for key in best:
        partners[key[axis]] = partners.get(key[axis], 0) + 1
    return set(sorted(partners, key=lambda label: (-partners[label], label))[:limit])


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
    title = "Highest published percentage of patients\nwith spread to the site"
    if (len(matrix.rows), len(matrix.columns)) != (matrix.cancers_with_numbers, matrix.sites_with_numbers):
        title += (f"\n({len(matrix.rows)} of {matrix.cancers_with_numbers} cancer types and {len(matrix.columns)} of "
                  f"{matrix.sites_with_numbers} sites: those with the most numbers)")
    axes.set_title(title, fontsize=10)
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


__all__ = ["MAX_COLUMNS", "MAX_ROWS", "Matrix", "cell_text", "highest_percentages", "metastasis_heatmap"]
