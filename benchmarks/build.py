"""Build time by step and peak memory: the shipped sources, and a generated folder when BENCH_SCALE is set.

Run by `make bench` (via run.py), or alone: python benchmarks/build.py. Each size builds in its own
process, so its peak RSS is its own. The generated folder comes from benchmarks/synthetic.py.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))


def child(folder: str, use_cache: bool) -> dict:
    from oncograph.build import build_release

    with tempfile.TemporaryDirectory() as tmp:
        result = build_release(Path(folder) if folder != "-" else None, Path(tmp) / "dist", use_cache=use_cache)
    return {"triples": result.asserted_triples + result.inferred_triples, "steps": result.steps,
            "reasoner": result.reasoner, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    from scale import scale_folder, scale_triples

    # the shipped graph twice: reasoned afresh, then with the reasoned graph from the cache (the loads above filled it)
    sizes = [("shipped, fresh", "-", "--no-cache"), ("shipped, cached", "-", "--cache")]
    if scale_triples():
        sizes.append((f"{scale_triples():,}", str(scale_folder(scale_triples())), "--no-cache"))
    print("\nBuild by step (seconds) and peak memory")
    rows = []
    for name, folder, cache in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", folder, cache], capture_output=True, text=True, check=True)
        rows.append((name, json.loads(out.stdout.strip().splitlines()[-1])))
    names = [step for step, _ in rows[0][1]["steps"]]
    print(f"  {'graph':>16} {'triples':>9} " + " ".join(f"{n:>10}" for n in names) + f" {'total':>8} {'peak MiB':>9}  reasoner")
    for name, r in rows:
        times = [t for _, t in r["steps"]]
        print(f"  {name:>16} {r['triples']:>9} " + " ".join(f"{t:10.2f}" for t in times)
              + f" {sum(times):8.2f} {r['peak_mib']:9.1f}  {r['reasoner']}")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], use_cache=sys.argv[3] == "--cache")))
    else:
        main()
