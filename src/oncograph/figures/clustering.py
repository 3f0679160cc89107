"""A small, deterministic hierarchical clustering to order the axes of a heatmap.

scipy is not a dependency of oncograph (nothing installed pulls it in), and ordering a few dozen rows needs
only average linkage: this is UPGMA on Euclidean distances, ties broken by position, so the same matrix always
gives the same order. Leaves are read off the dendrogram left to right, the earlier cluster first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _distance(a: Sequence[float], b: Sequence[float]) -> float:
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))


def cluster_order(vectors: Sequence[Sequence[float]]) -> list[int]:
    """Indices of ``vectors`` in the leaf order of their average-linkage dendrogram.

    >>> cluster_order([[0, 0], [10, 10], [0, 1], [10, 9]])
    [0, 2, 1, 3]
    >>> cluster_order([])
    []
    """
    clusters: list[list[int]] = [[i] for i in range(len(vectors))]  # each cluster's leaves, in dendrogram order
    pair = {(i, j): _distance(vectors[i], vectors[j]) for i in range(len(vectors)) for j in range(i + 1, len(vectors))}

    def linkage(a: list[int], b: list[int]) -> float:
        return sum(pair[(min(i, j), max(i, j))] for i in a for j in b) / (len(a) * len(b))

    while len(clusters) > 1:
        best: tuple[float, int, int] | None = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                candidate = (round(linkage(clusters[x], clusters[y]), 9), x, y)  # rounding: float noise never decides
                if best is None or candidate < best:
                    best = candidate
        assert best is not None
        _, x, y = best
        clusters[x] = clusters[x] + clusters[y]
        del clusters[y]
    return clusters[0] if clusters else []


__all__ = ["cluster_order"]
