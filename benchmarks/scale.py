"""Which generated graph `make bench` measures besides the shipped one.

``BENCH_SCALE=N`` (for example 1000000) adds a generated source folder of about N asserted triples
(benchmarks/synthetic.py) to the validation, build and warm-query benchmarks; without it only the
shipped graph is measured, because a million-triple build takes many minutes on a 2-core machine.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SCALE_ENV = "BENCH_SCALE"


def scale_triples() -> int | None:
    """The size asked for in ``$BENCH_SCALE``, or None."""
    raw = os.environ.get(SCALE_ENV, "").strip()
    return int(float(raw)) if raw else None


def scale_folder(triples: int) -> Path:
    """A generated source folder of about ``triples`` triples, made once per size in the temp folder."""
    from synthetic import generate

    folder = Path(tempfile.gettempdir()) / f"oncograph-bench-{triples}" / "ontology"
    if not (folder.parent / "done").exists():
        generate(triples, folder)
        (folder.parent / "done").write_text("ok\n", encoding="utf-8")
    return folder
