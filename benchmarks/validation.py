"""Validation time and peak memory on the shipped graph and on a generated graph of 100k+ triples.

Run by `make bench` (via run.py), or alone: python benchmarks/validation.py [COPIES] (default 60: about 105k triples).
Each size runs in its own process so its peak RSS is its own.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))


def measure(copies: int, runs: int) -> dict:
    """Time the parts of one validation of the graph scaled ``copies`` times."""
    import pyoxigraph as ox
    from synthetic import scaled_graph

    import oncograph
    from oncograph.namespaces import PREFIXES
    from oncograph.validation import load_shapes, validate_graph

    kg = oncograph.load()
    graph = scaled_graph(kg.graph, copies) if copies > 1 else kg.graph
    start = time.perf_counter()
    shapes = load_shapes(kg.sources.shapes)
    meta = time.perf_counter() - start
    totals, qc_only = [], []
    for _ in range(runs):
        start = time.perf_counter()
        report = validate_graph(graph, shapes, kg.sources.qc_queries)
        totals.append(time.perf_counter() - start)
        start = time.perf_counter()
        store = ox.Store()
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        for query in kg.sources.qc_queries:
            list(store.query(query.read_text(encoding="utf-8"), prefixes=PREFIXES))
        qc_only.append(time.perf_counter() - start)
    return {
        "triples": len(graph),
        "runs": runs,
        "median_s": statistics.median(totals),
        "pyshacl_median_s": statistics.median(totals) - statistics.median(qc_only),
        "qc_median_s": statistics.median(qc_only),
        "meta_shacl_s": meta,
        "violations": len(report.violations),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    sizes = [(1, 5), (int(sys.argv[1]) if len(sys.argv) > 1 else 60, 1)]
    print("\nValidation (SHACL shapes + SHACL-SPARQL rules + QC queries)")
    print(f"  {'graph':>10} {'triples':>8} {'median s':>9} {'pySHACL≈s':>10} {'QC s':>6} {'meta s':>7} {'viol.':>6} {'peak MiB':>9}")
    for copies, runs in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(copies), str(runs)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        name = "shipped" if copies == 1 else f"x{copies}"
        print(f"  {name:>10} {r['triples']:>8} {r['median_s']:9.2f} {r['pyshacl_median_s']:10.2f} {r['qc_median_s']:6.2f} "
              f"{r['meta_shacl_s']:7.2f} {r['violations']:>6} {r['peak_mib']:9.1f}")
    print("  Time goes almost all to pySHACL (rdflib's SPARQL engine evaluates each SHACL-SPARQL rule once per focus")
    print("  node); the QC queries run on pyoxigraph and cost little. See docs/design.md on pyoxigraph stores.")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        main()
