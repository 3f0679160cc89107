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

# Keep the merged-graph cache of the test run out of the user's home (subprocesses inherit this).
os.environ["ONCOGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="oncograph-test-cache-")

import oncograph  # noqa: E402
from oncograph.resources import ontology_dir  # noqa: E402


@pytest.fixture(scope="session")
def kg() -> oncograph.KnowledgeGraph:
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
def built_release(tmp_path_factory) -> BuiltRelease:
    """One full build for the whole run, shared by every pytest-xdist worker (a build costs seconds of CPU)."""
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
