"""Where the figures get their rows: one saved query each, run through the hub's ``query`` function.

The query names are the only link between a figure and the graph's model, so when the evidence or drug tables
change their property names only ``queries/metastasis-percentages.rq`` or ``queries/drug-approvals.rq`` changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import OncographError
from .heatmap import metastasis_heatmap
from .hierarchy import cancer_hierarchy
from .per_cancer import drugs_timeline, metastasis_sites_bars
from .render import FORMATS, figure_bytes, figure_style

if TYPE_CHECKING:
    from ..results import QueryResult

    QueryRunner = Callable[..., QueryResult]

PERCENTAGES_QUERY = "metastasis-percentages"
APPROVALS_QUERY = "drug-approvals"
MAIN_TYPES_QUERY = "oncotree-main-types"
#: Figures drawn on request for one cancer type (``oncograph plot KIND CANCER``).
PLOTS = ("metastasis-sites", "drugs-timeline")


class NoFigureDataError(OncographError):
    """The graph has no rows for the figure asked for (exit 2: the request cannot be met with this graph)."""


def percentage_rows(query: QueryRunner, **params: str) -> list[dict]:
    """The rows of ``metastasis-percentages`` (all, or one cancer's) that carry a number."""
    return [row for row in query(PERCENTAGES_QUERY, **params).records() if row.get("percent") is not None]


def plot_cancer(query: QueryRunner, kind: str, cancer: str, cancer_label: str, image_format: str) -> bytes:
    """The ``kind`` figure of one cancer type as PNG or SVG bytes.

    ``cancer`` is passed to the saved query (any name the resolver knows), ``cancer_label`` names it in messages.
    """
    if kind not in PLOTS:
        raise NoFigureDataError(f"no figure called {kind!r} (one of: {', '.join(PLOTS)})")
    if image_format not in FORMATS:
        raise NoFigureDataError(f"unknown image format {image_format!r} (one of: {', '.join(FORMATS)})")
    if kind == "metastasis-sites":
        rows = percentage_rows(query, cancer=cancer)
        if not rows:
            raise NoFigureDataError(f"no published percentages of metastasis sites in the graph for {cancer_label!r}"
                                    " (oncograph query metastasis-percentages lists the ones there are)")
        with figure_style():
            return figure_bytes(metastasis_sites_bars(cancer_label, [(r["siteLabel"], r["studyLabel"], r["percent"])
                                                                     for r in rows]), image_format)
    approvals = query(APPROVALS_QUERY, cancer=cancer).records()
    if not approvals:
        raise NoFigureDataError(f"no approvals in the graph for {cancer_label!r}")
    with figure_style():
        return figure_bytes(drugs_timeline(cancer_label, [(r["therapyLabel"], r["date"], r.get("regulatorLabel"))
                                                          for r in approvals]), image_format)


class FigureDataError(OncographError):
    """The graph's rows cannot be drawn (a percentage outside 0-100 ...); the build stops before publishing."""

    exit_code = 1


@dataclass
class ReleaseFigures:
    """The figures the build writes (``figures/NAME.png`` and ``.svg``) and what it skipped, with why."""

    files: dict[str, bytes] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FigureRows:
    """What the release figures are drawn from, as plain tuples: the build takes them from the graph and a worker
    process draws them (``draw_release_figures``) while the main process validates and documents."""

    heatmap: list[tuple] = field(default_factory=list)  # (cancer label, site label, percent)
    hierarchy: list[tuple] = field(default_factory=list)  # (tissue, main type, number of types)
    skipped: list[str] = field(default_factory=list)


def figure_rows(query: QueryRunner) -> FigureRows:
    """The rows of every release figure; a figure with no rows in the graph is skipped with a notice."""
    skipped = []
    heatmap = [(r["cancerLabel"], r["siteLabel"], r["percent"]) for r in percentage_rows(query)]
    if not heatmap:
        skipped.append("metastasis-heatmap: the graph has no numeric metastasis observations "
                       f"(saved query {PERCENTAGES_QUERY} answers nothing)")
    hierarchy = [(r["tissue"], r["mainType"], r["types"]) for r in query(MAIN_TYPES_QUERY).records()]
    if not hierarchy:
        skipped.append(f"cancer-hierarchy: the graph has no OncoTree types (saved query {MAIN_TYPES_QUERY})")
    return FigureRows(heatmap, hierarchy, skipped)


def draw_release_figures(rows: FigureRows) -> ReleaseFigures:
    """Draw every release figure that has rows, in both formats (a pure function of ``rows``)."""
    result = ReleaseFigures(skipped=list(rows.skipped))
    drawings = {}
    if rows.heatmap:
        drawings["metastasis-heatmap"] = lambda: metastasis_heatmap(rows.heatmap)
    if rows.hierarchy:
        drawings["cancer-hierarchy"] = lambda: cancer_hierarchy(rows.hierarchy, "OncoTree cancer types by tissue and main type")
    with figure_style():
        for name, draw in drawings.items():
            try:
                figure = draw()
            except ValueError as error:  # e.g. a percent above 100: the data, not the code, is wrong
                raise FigureDataError(f"cannot draw {name}: {error}") from error
            for image_format in FORMATS:
                result.files[f"figures/{name}.{image_format}"] = figure_bytes(figure, image_format)
    return result


def release_figures(query: QueryRunner) -> ReleaseFigures:
    """Draw every release figure in both formats from the graph behind ``query``."""
    return draw_release_figures(figure_rows(query))


__all__ = ["PLOTS", "FigureDataError", "FigureRows", "NoFigureDataError", "ReleaseFigures", "draw_release_figures", "figure_rows",
           "percentage_rows", "plot_cancer", "release_figures"]
