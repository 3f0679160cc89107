"""A generated graph (benchmarks/synthetic.py) with injected faults: each fault is found once, nothing else.

The fast validation engine and pySHACL also agree on the whole generated graph.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from oncograph.graph import KnowledgeGraph
from oncograph.validation import _core_results, _Labels, _problems, _store, lift_sparql_constraints, load_shapes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import FAULTS, curated_triples, generate  # noqa: E402


@pytest.fixture(scope="module")
def faulty(tmp_path_factory) -> tuple[KnowledgeGraph, list[dict]]:
    folder = tmp_path_factory.mktemp("synthetic") / "ontology"
    from oncograph.resources import ontology_dir

    curated, total = curated_triples(ontology_dir())
    # one copy of every curated resource beside the shipped ones, whatever the shipped size: the copy holds the
    # faults, and the shipped part must give nothing (a second, faultless copy only made the graph 50% larger)
    summary = generate(total + 1, folder, faults=1)
    assert summary["copies"] == 1 and summary["faults"] == len(FAULTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ONCOGRAPH_REASONER", "rules")  # equal to HermiT (test_reasoning_rules.py), and quicker
        kg = KnowledgeGraph.from_sources(folder, use_cache=False)
    return kg, json.loads((folder / "faults.json").read_text(encoding="utf-8"))


def test_each_fault_is_found_once_and_nothing_else(faulty) -> None:
    kg, expected = faulty
    violations = kg.validate().violations
    for fault in expected:
        found = [p for p in violations if p.focus == fault["focus"] and p.path == fault["path"] and fault["message"] in p.message]
        assert len(found) == 1, f"{fault['kind']}: {len(found)} matching violations"
    assert len(violations) == len(expected), "\n".join(p.to_text() for p in violations)


def test_engines_agree_on_the_generated_graph(faulty) -> None:
    kg, _ = faulty
    core = lift_sparql_constraints(load_shapes(kg.sources.shapes))[0]
    store = _store(kg.graph)
    labels = _Labels(store)
    fast, reference = (set(_problems(_core_results(kg.graph, core, store, engine), labels, None)) for engine in ("fast", "pyshacl"))
    assert fast == reference and len(fast) >= len(FAULTS) - 1  # all but the SHACL-SPARQL rule's fault are core
