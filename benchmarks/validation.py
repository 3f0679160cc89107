"""Validation time and peak memory: the shipped graph with both engines, and a generated graph (BENCH_SCALE).

Run by `make bench` (via run.py), or alone: python benchmarks/validation.py. Each measurement runs in its
own process, so its peak RSS is its own. The graph is loaded (and reasoned, from the cache when warm)
before the clock starts: the time is `kg.validate()` alone (SHACL core + SHACL-SPARQL rules + QC).
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


def measure(folder: str, engine: str, runs: int) -> dict:
    from oncograph.graph import KnowledgeGraph

    kg = KnowledgeGraph.from_sources(Path(folder) if folder != "-" else None)
    totals = []
    for _ in range(runs):
        start = time.perf_counter()
        report = kg.validate(engine=engine)
        totals.append(time.perf_counter() - start)
    return {"triples": len(kg), "median_s": statistics.median(totals), "runs": runs,
            "violations": len(report.violations), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    from scale import scale_folder, scale_triples

    sizes = [("shipped", "-", "fast", 3), ("shipped", "-", "pyshacl", 3)]
    if scale_triples():
        sizes.append((f"{scale_triples():,}", str(scale_folder(scale_triples())), "fast", 1))
    print("\nValidation (SHACL core + SHACL-SPARQL rules + QC), kg.validate() only")
    print(f"  {'graph':>10} {'engine':>8} {'triples':>9} {'median s':>9} {'runs':>5} {'viol.':>6} {'peak MiB':>9}")
    for name, folder, engine, runs in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", folder, engine, str(runs)], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  {name:>10} {engine:>8} {r['triples']:>9} {r['median_s']:9.2f} {r['runs']:>5} {r['violations']:>6} {r['peak_mib']:9.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(measure(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        main()
