"""``cancer-hierarchy``: the OncoTree cancer-type tree down to main-type level, as an icicle.

The top band is the whole tree, the middle band its tissues, the bottom band the main types of each tissue;
each box is as wide as the number of OncoTree types under it, so the ~900 types fit on one page. The rows come
from the saved query ``oncotree-main-types`` (tissue, main type, types).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .render import new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Narrowest box (in types) whose name is written in it; narrower ones stay unlabelled (the text would not fit).
MIN_LABELLED = 5


def tissue_blocks(rows: Iterable[tuple[str, str, int]]) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Tissues (largest first, then by name) with their total and their main types (largest first, then by name).

    >>> tissue_blocks([("Lung", "NSCLC", 20), ("Skin", "Melanoma", 9), ("Lung", "SCLC", 2)])
    [('Lung', 22, [('NSCLC', 20), ('SCLC', 2)]), ('Skin', 9, [('Melanoma', 9)])]
    """
    mains: dict[str, dict[str, int]] = defaultdict(dict)
    for tissue, main_type, count in rows:
        if int(count) <= 0:
            raise ValueError(f"{tissue} / {main_type}: a count must be positive, not {count!r}")
        mains[tissue][main_type] = mains[tissue].get(main_type, 0) + int(count)
    blocks = [(tissue, sum(types.values()), sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
              for tissue, types in mains.items()]
    return sorted(blocks, key=lambda block: (-block[1], block[0]))


def cancer_hierarchy(rows: Iterable[tuple[str, str, int]], title: str = "Cancer types by tissue and main type") -> Figure:
    """Draw the icicle of ``rows`` (tissue, main type, number of types). Call inside ``figure_style()``."""
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    blocks = tissue_blocks(rows)
    if not blocks:
        raise ValueError("no cancer types to draw")
    total = sum(block[1] for block in blocks)
    figure = new_figure(16, 6.5)
    axes = figure.add_subplot()
    palette = list(colormaps["tab20"].colors) + list(colormaps["tab20b"].colors)
    axes.barh(1.7, total, left=0, height=0.4, color="#5b6770", edgecolor="white", linewidth=0.5)
    axes.text(total / 2, 1.7, f"all types ({total})", ha="center", va="center", color="white", fontsize=9)
    start = 0
    for index, (tissue, size, main_types) in enumerate(blocks):
        colour = to_rgb(palette[index % len(palette)])
        axes.barh(1, size, left=start, height=1, color=colour, edgecolor="white", linewidth=0.5)
        if size >= MIN_LABELLED + 2:  # tissue names are written larger
            axes.text(start + size / 2, 1, f"{tissue} ({size})", ha="center", va="center", rotation=90, fontsize=7)
        light = tuple(0.55 * c + 0.45 for c in colour)
        inner = start
        for main_type, count in main_types:
            axes.barh(0, count, left=inner, height=1, color=light, edgecolor="white", linewidth=0.3)
            if count >= MIN_LABELLED:
                axes.text(inner + count / 2, 0, f"{main_type} ({count})", ha="center", va="center", rotation=90,
                          fontsize=5.5)
            inner += count
        start += size
    axes.set_xlim(0, total)
    axes.set_ylim(-0.5, 1.9)
    axes.set_yticks([1.7, 1, 0], ["tree", "tissue", "main type"])
    axes.set_xlabel("OncoTree types (narrow boxes are not labelled)")
    axes.set_title(title, fontsize=11)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return figure


__all__ = ["MIN_LABELLED", "cancer_hierarchy", "tissue_blocks"]
