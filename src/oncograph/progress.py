"""Progress bars for the long steps, on a terminal only.

A bar is drawn (tqdm, on stderr) only when stderr is a terminal, so logs, pipes and tests see no
control characters; the step's name and time are printed by the caller either way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None = None, what: str = "") -> Iterator[T]:
    """``items``, drawing a transient progress bar on a terminal (nothing otherwise)."""
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=what, leave=False, file=sys.stderr, unit="")


__all__ = ["progress"]
