"""Shared fixtures: the shipped graph is loaded once per test session."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# Keep the merged-graph cache of the test run out of the user's home (subprocesses inherit this). One folder for
# the whole run: pytest-xdist's workers inherit the controller's environment, so they share it and the graph is
# reasoned once per run, not once per worker.
_RUN_CACHE = "ONCOGRAPH_TEST_RUN_CACHE"
if not os.environ.get(_RUN_CACHE):  # unset or empty: an empty value would put the cache in the working folder
    os.environ[_RUN_CACHE] = tempfile.mkdtemp(prefix="oncograph-test-cache-")
os.environ["ONCOGRAPH_CACHE_DIR"] = os.environ[_RUN_CACHE]

import oncograph  # noqa: E402
from oncograph.resources import ontology_dir  # noqa: E402


#: For tests that reason over an edited copy but whose subject is not the reasoner (validation of a curator's
#: file, a failing build, a data-only extension): the SPARQL rules give exactly HermiT's inferences on the shipped
#: graph (tests/test_reasoning_rules.py) in about 5 s of one core, where HermiT takes 10-15 s and 1.6 cores.
#: HermiT itself is exercised by the shared load, the --no-cache rebuild, the cache tests and test_reasoning.py.
RULES_REASONER = {"ONCOGRAPH_REASONER": "rules"}


@pytest.fixture()
def rules_reasoner(monkeypatch) -> None:  # noqa: ANN001
    """Reason with the SPARQL rules in this test (and the subprocesses it starts); see ``RULES_REASONER``."""
    for name, value in RULES_REASONER.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="session")
def kg() -> oncograph.KnowledgeGraph:
    """The shipped graph; the first worker to ask reasons it, the others wait for its cache entry."""
    with open(Path(os.environ[_RUN_CACHE]) / ".load.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return oncograph.load()


@pytest.fixture()
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped ontology folder, for tests that break it."""
    target = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), target)
    return target


@dataclass(frozen=True)
class BuiltRelease:
    """A release built by `oncograph build` in a fresh process, with what the command printed."""

    out: Path
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def built_release(kg, tmp_path_factory) -> BuiltRelease:  # noqa: ANN001 - kg: the cache holds the graph, as after a load
    """One full build for the whole run, shared by every pytest-xdist worker (a build costs seconds of CPU).
    It takes the reasoned graph from the cache; test_rebuild_is_byte_identical builds with --no-cache."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the parent is common to one run's workers
    folder = root / "shared-release"
    folder.mkdir(exist_ok=True)
    with open(folder / "lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = folder / "result.json"
        if not record.exists():
            result = subprocess.run([sys.executable, "-m", "oncograph", "build", "--out", str(folder / "dist")],
                                    capture_output=True, text=True, check=False)
            record.write_text(json.dumps([result.returncode, result.stdout, result.stderr]), encoding="utf-8")
        returncode, stdout, stderr = json.loads(record.read_text(encoding="utf-8"))
    assert returncode == 0, stderr
    return BuiltRelease(folder / "dist", returncode, stdout, stderr)


# ---------------------------------------------------------------------------- HTTP servers (issue 14)
def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, process, seconds: float = 60) -> None:  # noqa: ANN001 - a subprocess.Popen
    """Poll ``url`` until it answers; fail with the server's own output if it exits first."""
    import time

    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="module")
def oncograph_server(kg, tmp_path_factory):  # noqa: ANN001, ANN201 - kg: the cache is warm before the server starts
    """A real `oncograph serve` (uvicorn) on a free loopback port, one per test module; yields (base URL, process,
    path of its stderr log). The ad-hoc query timeout is 2 s so a runaway query is stopped quickly."""
    import subprocess
    import sys

    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "oncograph", "serve", "--port", str(port), "--timeout", "2",
                                    "--max-body", "4096", "--max-rows", "500"], stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/queries", process)
        yield base, process, log
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
