"""The SPARQL-rule reasoner (sparql_rules.py) publishes exactly HermiT's inferences on the shipped graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.namespace import OWL, XSD

from oncograph.reasoning import HERMIT, RULES, reason
from oncograph.sparql_rules import RuleReasonerError, materialise

OG = "https://w3id.org/oncograph/ontology#"


def test_large_graphs_switch_from_hermit_to_rules_with_a_notice_and_the_same_inferences(kg, monkeypatch) -> None:
    """Above the size limit HermiT hands over to the SPARQL rules, says so, and the rules publish exactly what
    HermiT published for the session's graph (one rules run checks both)."""
    assert kg.reasoner == HERMIT
    monkeypatch.delenv("ONCOGRAPH_REASONER", raising=False)
    monkeypatch.setenv("ONCOGRAPH_HERMIT_MAX_TRIPLES", "10")
    by_rules = reason(kg.asserted)
    assert by_rules.reasoner == RULES and "ONCOGRAPH_HERMIT_MAX_TRIPLES" in by_rules.notice
    assert set(by_rules.inferred) == set(kg.inferred)
    assert len(kg.inferred) > 400  # shortcuts, closures, inverses, defined-class members and superclass types


def test_an_unhandled_class_expression_is_an_error_not_a_silent_gap() -> None:
    node = ox.BlankNode()
    triples = [ox.Triple(ox.NamedNode(OG + "Defined"), ox.NamedNode(str(OWL.equivalentClass)), node),
               ox.Triple(node, ox.NamedNode(str(OWL.onProperty)), ox.NamedNode(OG + "p")),
               ox.Triple(node, ox.NamedNode(str(OWL.minCardinality)), ox.Literal("2", datatype=ox.NamedNode(str(XSD.integer))))]
    with pytest.raises(RuleReasonerError, match="is not an intersection"):
        materialise(triples)
