"""The SPARQL-rule reasoner (sparql_rules.py) publishes exactly HermiT's inferences on the shipped graph."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL

from oncograph.reasoning import HERMIT, RULES, reason
from oncograph.sparql_rules import RuleReasonerError, materialise

OG = "https://w3id.org/oncograph/ontology#"


def test_rules_infer_exactly_what_hermit_infers(kg, monkeypatch) -> None:
    assert kg.reasoner == HERMIT
    monkeypatch.setenv("ONCOGRAPH_REASONER", "rules")
    by_rules = reason(kg.asserted)
    assert by_rules.reasoner == RULES
    assert set(by_rules.inferred) == set(kg.inferred)
    assert len(kg.inferred) > 400  # shortcuts, closures, inverses, defined-class members and superclass types


def test_large_graphs_switch_from_hermit_to_rules_with_a_notice(kg, monkeypatch) -> None:
    monkeypatch.setenv("ONCOGRAPH_HERMIT_MAX_TRIPLES", "10")
    result = reason(kg.asserted)
    assert result.reasoner == RULES and "ONCOGRAPH_HERMIT_MAX_TRIPLES" in result.notice


def test_an_unhandled_class_expression_is_an_error_not_a_silent_gap() -> None:
    graph = Graph()
    node = BNode()
    graph.add((URIRef(OG + "Defined"), OWL.equivalentClass, node))
    graph.add((node, OWL.onProperty, URIRef(OG + "p")))
    graph.add((node, OWL.minCardinality, Literal(2)))
    with pytest.raises(RuleReasonerError, match="is not an intersection"):
        materialise(graph)
