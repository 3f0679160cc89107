"""Build time by step and peak memory: the shipped sources, and generated sources over 100x larger.

Run by `make bench` (via run.py), or alone: python benchmarks/build.py [COPIES] (default 132, which gives
over 100 times the shipped triples: the ontology itself is not copied).
Each size builds in its own process, so its peak RSS is its own.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))


def scaled_sources(copies: int, folder: Path) -> Path:
    """An ontology folder whose data is the shipped data copied ``copies`` times (see synthetic.py)."""
    from rdflib import Graph
    from synthetic import OGR, scaled_graph

    from oncograph.resources import ontology_dir
    from oncograph.sources import load_sources
    from oncograph.sourceset import SourceSet

    shipped = ontology_dir()
    target = folder / "ontology"
    shutil.copytree(shipped, target, ignore=shutil.ignore_patterns("data", "mappings.sssom.tsv"))
    merged = load_sources(SourceSet.in_folder(shipped))
    data = Graph()
    for triple in scaled_graph(merged, copies):
        if str(triple[0]).startswith(OGR):  # the curated part only: the TBox stays in oncograph.ttl
            data.add(triple)
    (target / "data").mkdir()
    data.serialize(target / "data" / "scaled.ttl", format="turtle")
    return target


def child(copies: int) -> dict:
    from oncograph.build import build_release

    with tempfile.TemporaryDirectory() as tmp:
        folder = scaled_sources(copies, Path(tmp)) if copies > 1 else None
        result = build_release(folder, Path(tmp) / "dist")
    return {"triples": result.asserted_triples + result.inferred_triples, "steps": result.steps,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 132  # 132 copies of the curated data: >100x the shipped triples
    print("\nBuild by step (seconds) and peak memory")
    rows = []
    for n in (1, copies):
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        rows.append((n, json.loads(out.stdout.strip().splitlines()[-1])))
    names = [name for name, _ in rows[0][1]["steps"]]
    print(f"  {'graph':>8} {'triples':>8} " + " ".join(f"{n:>10}" for n in names) + f" {'total':>8} {'peak MiB':>9}")
    for n, r in rows:
        times = [t for _, t in r["steps"]]
        label = "shipped" if n == 1 else f"x{n}"
        print(f"  {label:>8} {r['triples']:>8} " + " ".join(f"{t:10.2f}" for t in times) + f" {sum(times):8.2f} {r['peak_mib']:9.1f}")
    small, big = rows[0][1], rows[1][1]
    ratio = sum(t for _, t in big["steps"]) / sum(t for _, t in small["steps"])
    print(f"  total time ratio x{copies} / shipped = {ratio:.1f} for {big['triples'] / small['triples']:.0f}x the triples")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
    else:
        main()
