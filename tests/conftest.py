"""Shared fixtures: the shipped graph is loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import oncograph
from oncograph.resources import ontology_dir


@pytest.fixture(scope="session")
def kg() -> oncograph.KnowledgeGraph:
    return oncograph.load()


@pytest.fixture()
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped ontology folder, for tests that break it."""
    target = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), target)
    return target
