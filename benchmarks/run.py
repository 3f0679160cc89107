"""oncograph benchmarks: medians and ratios, peak memory. Run with `make bench`.

1. Cold CLI: a fresh `oncograph query cancers-metastasizing-to` process, side by side with the plain
   alternative (a script that parses the built Turtle with rdflib and runs the same SPARQL).
   Target: the CLI's median at most 0.2 times the plain script's.
2. Warm `kg.query` latency of every saved query on the shipped graph (target: every median under 5 ms) and,
   with BENCH_SCALE=N, on a generated graph of about N triples (target at 1M: under 50 ms).
3. Validation time and peak memory: shipped graph (fast engine and pySHACL), and the generated graph.
4. Build time by step and peak memory: shipped sources, and the generated sources.
BENCH_SCALE=1000000 make bench adds the million-triple runs (long: see scale.py). Figures are printed;
nothing here asserts, tests never time anything.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import oncograph  # noqa: E402

SITE_IRI = "https://w3id.org/oncograph/resource/site-adrenal-gland"
COLD_RUNS = 9
WARM_RUNS = 200


def measure_peak(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Like run_child, but with the child's own peak RSS from wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status:
        raise SystemExit(f"{argv} failed: {err.decode()}")
    return elapsed, usage.ru_maxrss, out.decode()


def cold_comparison() -> None:
    release = ROOT / "dist" / "oncograph.ttl"
    if not release.exists():
        subprocess.run([sys.executable, "-m", "oncograph", "build"], cwd=ROOT, check=True, capture_output=True)
    query_file = ROOT / "queries" / "cancers-metastasizing-to.rq"
    cli = [sys.executable, "-m", "oncograph", "query", "cancers-metastasizing-to", "--param", "site=adrenal glands", "--format", "csv"]
    plain = [sys.executable, str(Path(__file__).with_name("plain_rdflib.py")), str(release), str(query_file), SITE_IRI]

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ONCOGRAPH_CACHE_DIR": cache}
        first, first_rss, _ = measure_peak(cli, env)  # empty cache: merges the sources with rdflib
        cli_runs = [measure_peak(cli, env) for _ in range(COLD_RUNS)]
    plain_runs = [measure_peak(plain) for _ in range(COLD_RUNS)]
    assert "lung cancer" in cli_runs[0][2] and "lung cancer" in plain_runs[0][2]

    cli_median = statistics.median(t for t, _, _ in cli_runs)
    plain_median = statistics.median(t for t, _, _ in plain_runs)
    print("Cold process: cancers-metastasizing-to site='adrenal glands'")
    print(f"  {'':38} {'median s':>9} {'peak MiB':>9}")
    print(f"  {'oncograph query (cached merge)':38} {cli_median:9.3f} {max(r for _, r, _ in cli_runs) / 1024:9.1f}")
    print(f"  {'oncograph query (first run, no cache)':38} {first:9.3f} {first_rss / 1024:9.1f}")
    print(f"  {'plain rdflib script on dist/oncograph.ttl':38} {plain_median:9.3f} {max(r for _, r, _ in plain_runs) / 1024:9.1f}")
    ratio = cli_median / plain_median
    print(f"  ratio CLI / plain = {ratio:.2f}  (target <= 0.20: {'met' if ratio <= 0.2 else 'NOT met'})")


def example_parameters(query, index) -> dict[str, str]:
    """The header's example of each required parameter, as the IRI it names in the shipped graph: the generated
    graph copies each entity with its names, so there a name such as "CML" names many cancer types."""
    from oncograph.queries import CODE_KIND

    return {p.name: p.example if p.kind == CODE_KIND else index.resolve(p.example, p.kind)
            for p in query.parameters if p.required}


def warm_latency(folder: Path | None = None, target_ms: float = 5.0) -> None:
    kg = oncograph.load(folder)
    shipped_index = oncograph.load().index if folder is not None else None
    runs = WARM_RUNS if folder is None else 20
    print(f"\nWarm kg.query latency ({runs} runs each, {'shipped' if folder is None else 'generated'} graph of {len(kg)} triples)")
    print(f"  {'query':34} {'median ms':>10} {'p95 ms':>8} {'rows':>5}")
    medians: list[float] = []
    for query in kg.catalogue.values():
        if shipped_index is None:
            params = {p.name: p.example for p in query.parameters if p.required}
        else:
            params = example_parameters(query, shipped_index)
        kg.query(query.name, **params)  # warm: index built, query parsed once
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            rows = kg.query(query.name, **params)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        median = statistics.median(times)
        medians.append(median)
        print(f"  {query.name:34} {median:10.3f} {times[int(len(times) * 0.95)]:8.3f} {len(rows):5}")
    worst, over = max(medians), sum(m >= target_ms for m in medians)
    # The verdict reads the target per query (every saved query's median under it); the median over the queries
    # is printed beside it because the wording ("warm saved queries: under 5 ms median") allows both.
    print(f"  slowest median = {worst:.3f} ms, {over} of {len(medians)} queries at or over {target_ms:g} ms "
          f"(target < {target_ms:g} ms for every query: {'met' if worst < target_ms else 'NOT met'})")
    print(f"  median over the {len(medians)} queries = {statistics.median(medians):.3f} ms")
    import resource

    print(f"  peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    from scale import scale_folder, scale_triples

    cold_comparison()
    warm_latency()
    if scale_triples():
        warm_latency(scale_folder(scale_triples()), target_ms=50.0)
    subprocess.run([sys.executable, str(Path(__file__).with_name("validation.py"))], check=True)
    subprocess.run([sys.executable, str(Path(__file__).with_name("build.py"))], check=True)
