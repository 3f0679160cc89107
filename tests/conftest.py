"""Shared fixtures: the shipped graph is loaded once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
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
