"""The fast core-SHACL engine (shacl_core.py) reports exactly what pySHACL reports.

Every break-one-thing fixture of test_validation.py (in groups that touch disjoint entities), and the intact
graph, is validated by both engines; the problems (severity, focus, path, value, message, shape, location) must
be the same set.
"""

from __future__ import annotations

import re
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


def _batches(cases: list[tuple], size: int = 12) -> list[list[tuple[str, str]]]:
    """The cases in groups of at most ``size`` whose updates name no resource in common, so no two breaks in a
    group touch one entity and every break stays visible. pySHACL takes ~5 s per copy of the whole graph; one
    copy per group instead of one per case keeps the comparison inside the suite's time budget."""
    groups: list[tuple[list[tuple[str, str]], set[str]]] = []
    for case in cases:
        names = set(re.findall(r"ogr:[A-Za-z0-9-]+", case[1]))
        group = next((g for g in groups if len(g[0]) < size and not names & g[1]), None)
        if group is None:
            group = ([], set())
            groups.append(group)
        group[0].append((case[0], case[1]))
        group[1].update(names)
    return [members for members, _ in groups]


BATCHES = _batches(CASES)


@pytest.mark.parametrize("batch", BATCHES, ids=[f"{b[0][0]}..{b[-1][0]}({len(b)})" for b in BATCHES])
def test_broken_copies_same_problems(kg, core_shapes, batch) -> None:
    graph = Graph()
    graph += kg.graph
    for _, update in batch:
        graph.update(PFX + update)
    found = problems_by_engine(graph, core_shapes)
    assert found["fast"] == found["pyshacl"], \
        f"fast only {found['fast'] - found['pyshacl']}, pySHACL only {found['pyshacl'] - found['fast']}"
    assert found["fast"], "the breaks of the group gave no core-SHACL problem at all"


def test_batches_cover_every_case_once() -> None:
    assert sorted(case for batch in BATCHES for case, _ in batch) == sorted(c[0] for c in CASES)


def test_a_shape_the_fast_engine_cannot_evaluate_falls_back_to_pyshacl_with_a_notice(kg, capsys) -> None:
    """sh:closed is not evaluated by the fast engine: pySHACL runs instead, and the user is told (it is slower)."""
    from rdflib import Graph

    from oncograph.validation import validate_graph

    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix og: <https://w3id.org/oncograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:ClosedStage> a sh:NodeShape ; sh:targetClass og:Stage ; sh:closed true ;
    sh:property [ sh:path rdfs:label ] .
""", format="turtle")
    report = validate_graph(None, shapes, store=kg.store)
    assert "the fast SHACL engine does not evaluate" in capsys.readouterr().err
    stage_iv = [p for p in report.violations if p.focus.endswith("/stage-iv") and p.path == "dcterms:source"]
    assert stage_iv and stage_iv[0].message.startswith("Node 'stage IV' is closed. It cannot have value")
    assert {p.check for p in report.problems} == {"urn:x:ClosedStage"}
