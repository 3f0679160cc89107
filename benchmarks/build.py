"""Build time by step and peak memory: the shipped sources, and a generated folder when BENCH_SCALE is set.

Run by `make bench` (via run.py), or alone: python benchmarks/build.py. Each size builds in its own
process, so its peak RSS is its own. The generated folder comes from benchmarks/synthetic.py.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).parent))


def child(folder: str, use_cache: bool) -> dict:
    from oncograph.build import build_release

    import time

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = build_release(Path(folder) if folder != "-" else None, Path(tmp) / "dist", use_cache=use_cache)
    return {"triples": result.asserted_triples + result.inferred_triples, "steps": result.steps,
            "wall": time.perf_counter() - start,
            "reasoner": result.reasoner, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    from scale import scale_folder, scale_triples

    # the shipped graph twice: reasoned afresh, then with the reasoned graph from the cache, which this load fills
    # when the code or the sources changed since the last one
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r}); import oncograph; oncograph.load()"],
                   check=True)
    # (name, folder, cache flag, runs): the shipped builds are short, so their figures are medians of SHIPPED_RUNS
    sizes = [("shipped, fresh", "-", "--no-cache", SHIPPED_RUNS), ("shipped, cached", "-", "--cache", SHIPPED_RUNS)]
    if scale_triples():
        sizes.append((f"{scale_triples():,}", str(scale_folder(scale_triples())), "--no-cache", 1))
    print(f"\nBuild by step (seconds; shipped: medians of {SHIPPED_RUNS} builds) and peak memory")
    rows = []
    for name, folder, cache, runs in sizes:
        results = []
        for _ in range(runs):
            out, tree_mib = run_sampling_memory([sys.executable, __file__, "--child", folder, cache])
            results.append({**json.loads(out.strip().splitlines()[-1]), "tree_mib": tree_mib})
        rows.append((name, _median_run(results)))
    names = [step for step, _ in rows[0][1]["steps"]]
    print(f"  {'graph':>16} {'triples':>9} " + " ".join(f"{n:>10}" for n in names)
          + f" {'total':>8} {'wall':>8} {'main MiB':>9} {'all MiB':>8}  reasoner")
    for name, r in rows:
        times = [t for _, t in r["steps"]]
        print(f"  {name:>16} {r['triples']:>9} " + " ".join(f"{t:10.2f}" for t in times)
              + f" {sum(times):8.2f} {r['wall']:8.2f} {r['peak_mib']:9.1f} {r['tree_mib']:8.1f}  {r['reasoner']}")
    print("  (main MiB: the build process's peak RSS; all MiB: the peak of the proportional set size summed over it and"
          " its worker processes, sampled every 0.2 s; wall: build_release from its call to its return)")


SHIPPED_RUNS = 3


def _median_run(results: list[dict]) -> dict:
    """One row from several builds of the same sources: the median of each step and of the wall time, the
    highest memory figures."""
    first = results[0]
    steps = [(name, statistics.median(r["steps"][i][1] for r in results)) for i, (name, _) in enumerate(first["steps"])]
    return {**first, "steps": steps, "wall": statistics.median(r["wall"] for r in results),
            "peak_mib": max(r["peak_mib"] for r in results), "tree_mib": max(r["tree_mib"] for r in results)}


def run_sampling_memory(argv: list[str]) -> tuple[str, float]:
    """Run ``argv``; its stdout, and the peak PSS of it and its children in MiB (Linux /proc; 0 elsewhere)."""
    import threading
    import time

    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kib(pid) for pid in _tree(proc.pid)))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{argv} failed with exit code {proc.returncode}")
    return out, peak[0] / 1024


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], use_cache=sys.argv[3] == "--cache")))
    else:
        main()
