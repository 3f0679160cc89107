"""Load on `oncograph serve` (issue 14, item 5): concurrent clients mixing saved and ad-hoc queries.

Starts a real server on a free loopback port, then
1. N clients x M requests (4 in 5 saved queries with parameters, 1 in 5 ad-hoc SPARQL): throughput,
   p50/p99 latency per kind, errors;
2. the same saved-query load while a runaway cartesian-product query runs: the runaway must be stopped at
   the server's --timeout (503) and the saved queries must keep their latency.
Targets: 0 errors; saved-query p99 under 50 ms on the shipped graph. Figures are printed; nothing asserts.

    python benchmarks/serve_load.py --clients 16 --requests 200
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from threading import Barrier
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAVED = [
    ("/queries/cancers-metastasizing-to", {"site": "adrenal glands"}),
    ("/queries/metastasis-sites-of", {"cancer": "lung cancer"}),
    ("/queries/metastasis-sites-of", {"cancer": "LUAD"}),
    ("/queries/treatment-options", {"cancer": "breast cancer"}),
    ("/queries/staging-systems-of", {"cancer": "colorectal cancer"}),
    ("/queries/graded-not-staged", {}),
    ("/queries/stage-definition", {"cancer": "lung cancer"}),
    ("/queries/cancers-by-code", {"code": "NCIT:C3512"}),
]
ADHOC = [
    "SELECT ?c ?l WHERE { ?c og:gradedRatherThanStaged true ; rdfs:label ?l }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?p a og:MetastasisPattern }",
    "SELECT ?s ?l WHERE { ?s og:metastasizesTo ogr:site-liver ; rdfs:label ?l } ORDER BY ?l",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def client(base: str, number: int, requests: int, adhoc_every: int | None, start: Barrier) -> tuple[list, list, int]:
    """One client: a keep-alive connection (stdlib ``http.client``, light enough that the load generator is not
    what is measured), ``requests`` requests in a row; returns saved and ad-hoc latencies (ms) and errors."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    saved = itertools.cycle(SAVED[number % len(SAVED):] + SAVED[:number % len(SAVED)])
    adhoc = itertools.cycle(ADHOC)
    latencies: dict[str, list[float]] = {"saved": [], "ad-hoc": []}
    errors = 0
    headers = {"Accept": "application/sparql-results+json"}
    start.wait()
    for i in range(requests):
        kind = "ad-hoc" if adhoc_every and i % adhoc_every == adhoc_every - 1 else "saved"
        started = time.perf_counter()
        if kind == "saved":
            path, params = next(saved)
            connection.request("GET", f"{path}?{urlencode(params)}" if params else path, headers=headers)
        else:
            body = urlencode({"query": next(adhoc)})
            connection.request("POST", "/sparql", body=body,
                               headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        latencies[kind].append((time.perf_counter() - started) * 1000)
        errors += response.status != 200
    connection.close()
    return latencies["saved"], latencies["ad-hoc"], errors


def run_clients(base: str, clients: int, requests: int, adhoc_every: int | None) -> tuple[dict[str, list[float]], int, float]:
    """Latencies (ms) by kind, error count and wall time of ``clients`` client processes sending ``requests`` each.

    Each client is a process of its own, so the clients do not queue behind one another on one interpreter lock
    (with 16 threads in one process the load generator used three times the server's CPU and its own queue was
    the tail that was measured)."""
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, ProcessPoolExecutor(clients, mp_context=context) as pool:
        start = manager.Barrier(clients + 1)
        futures = [pool.submit(client, base, n, requests, adhoc_every, start) for n in range(clients)]
        start.wait()
        began = time.perf_counter()
        answers = [future.result() for future in futures]
        wall = time.perf_counter() - began
    latencies = {"saved": [ms for a in answers for ms in a[0]], "ad-hoc": [ms for a in answers for ms in a[1]]}
    return latencies, sum(a[2] for a in answers), wall


def report(title: str, latencies: dict[str, list[float]], errors: int, wall: float) -> None:
    total = sum(len(v) for v in latencies.values())
    print(f"{title}: {total} requests in {wall:.2f} s, {total / wall:.0f} requests/s, {errors} errors")
    for kind, values in latencies.items():
        if values:
            print(f"  {kind:<7} n={len(values):<5} p50 {statistics.median(values):6.1f} ms   p99 {percentile(values, 0.99):6.1f} ms"
                  f"   max {max(values):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=200, help="requests per client")
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's --timeout for ad-hoc queries")
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "oncograph", "serve", "--port", str(port), "--timeout", str(args.timeout)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{base}/queries", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        run_clients(base, 2, 10, 5)  # warm-up: first requests pay one-off costs
        print(f"oncograph serve load, {args.clients} clients x {args.requests} requests, {os.cpu_count()} cores")
        report("mixed load (1 in 5 ad-hoc)", *run_clients(base, args.clients, args.requests, 5))
        report("saved queries alone", *run_clients(base, args.clients, args.requests, None))

        runaway: dict[str, object] = {}

        def run_away() -> None:
            started = time.perf_counter()
            response = httpx.post(f"{base}/sparql", data={"query": RUNAWAY}, timeout=120)
            runaway.update(status=response.status_code, seconds=time.perf_counter() - started)

        thread = threading.Thread(target=run_away)
        thread.start()
        time.sleep(0.2)
        during = run_clients(base, args.clients, args.requests, None)  # about as long as the runaway runs
        thread.join()
        report("saved queries while a runaway query runs", *during)
        print(f"  runaway cartesian product: HTTP {runaway['status']} after {runaway['seconds']:.2f} s "
              f"(server --timeout {args.timeout:g} s)")
        after = httpx.get(f"{base}/queries/graded-not-staged")
        print(f"  next request after it: HTTP {after.status_code}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
