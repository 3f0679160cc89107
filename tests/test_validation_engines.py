"""The fast core-SHACL engine (shacl_core.py) reports exactly what pySHACL reports.

Every break-one-thing fixture of test_validation.py, and the intact graph, is validated by both
engines; the problems (severity, focus, path, value, message, shape, location) must be the same set.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph

from oncograph.validation import _Labels, _problems, _store, lift_sparql_constraints, load_shapes
from oncograph.validation import _core_results
sys.path.insert(0, str(Path(__file__).parent))
from test_validation import CASES, PFX  # noqa: E402  (the fixtures are shared, not copied)


@pytest.fixture(scope="module")
def core_shapes(kg) -> Graph:
    return lift_sparql_constraints(load_shapes(kg.sources.shapes))[0]


def problems_by_engine(graph: Graph, core_shapes: Graph) -> dict[str, set]:
    store = _store(graph)
    labels = _Labels(store)
    return {engine: set(_problems(_core_results(graph, core_shapes, store, engine), labels, None))
            for engine in ("fast", "pyshacl")}


def test_fast_engine_handles_the_shipped_shapes(core_shapes, kg) -> None:
    from oncograph.shacl_core import CoreValidator

    CoreValidator(core_shapes, _store(kg.asserted))  # raises Unsupported if it would fall back to pySHACL


def test_intact_graph_same_problems(kg, core_shapes) -> None:
    found = problems_by_engine(kg.graph, core_shapes)
    assert found["fast"] == found["pyshacl"] == set()


@pytest.mark.parametrize(("case", "update"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_broken_copy_same_problems(kg, core_shapes, case, update) -> None:
    graph = Graph()
    graph += kg.graph
    graph.update(PFX + update)
    found = problems_by_engine(graph, core_shapes)
    assert found["fast"] == found["pyshacl"], f"{case}: fast only {found['fast'] - found['pyshacl']}, pySHACL only {found['pyshacl'] - found['fast']}"
