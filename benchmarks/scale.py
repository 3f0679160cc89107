"""Which generated graph `make bench` measures besides the shipped one.

``BENCH_SCALE=N`` (for example 1000000) adds a generated source folder of about N asserted triples
(benchmarks/synthetic.py) to the validation, build and warm-query benchmarks; without it only the
shipped graph is measured, because a million-triple build takes many minutes on a 2-core machine.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

SCALE_ENV = "BENCH_SCALE"


def scale_triples() -> int | None:
    """The size asked for in ``$BENCH_SCALE``, or None."""
    raw = os.environ.get(SCALE_ENV, "").strip()
    return int(float(raw)) if raw else None


def scale_folder(triples: int) -> Path:
    """A generated source folder of about ``triples`` triples in the temp folder, made again whenever the shipped
    sources (shapes and QC queries included) or the generator change: a folder kept from older shapes measured
    them instead of today's (a 1M validation ran 150 s of queries fixed hours before)."""
    from synthetic import generate

    folder = Path(tempfile.gettempdir()) / f"oncograph-bench-{triples}" / "ontology"
    stamp, done = _stamp(), folder.parent / "done"
    if not done.exists() or done.read_text(encoding="utf-8") != stamp:
        generate(triples, folder)
        done.write_text(stamp, encoding="utf-8")
    return folder


def _stamp() -> str:
    """A digest of the generator and of every shipped source file, names and bytes."""
    from oncograph.resources import ontology_dir

    digest = hashlib.sha256(Path(__file__).with_name("synthetic.py").read_bytes())
    shipped = ontology_dir()
    for path in sorted(p for p in shipped.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(shipped)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest() + "\n"
