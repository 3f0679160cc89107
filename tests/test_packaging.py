"""A plain (non-editable) wheel carries the ontology, data and queries and works on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("oncograph-*.whl"))


def test_wheel_contains_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "oncograph/_resources/ontology/oncograph.ttl" in names
    assert "oncograph/_resources/ontology/data/cancers.ttl" in names
    assert "oncograph/_resources/ontology/mappings.sssom.tsv" in names
    # the query page of `oncograph serve` is served from the package itself
    assert {"oncograph/http/static/index.html", "oncograph/http/static/app.js", "oncograph/http/static/style.css"} <= names


def test_unpacked_wheel_loads_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import oncograph, oncograph.resources as r; kg = oncograph.load(); "
        "assert '_resources' in str(r.ontology_dir()), r.ontology_dir(); print(len(kg))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 1000
