"""Materialising the ABox with SPARQL rules on pyoxigraph: the reasoner for graphs HermiT cannot finish.

HermiT realises every individual, which took minutes at 100k triples and does not finish at a million.
What the release publishes is a fixed set of OWL 2 RL consequences of our TBox, so they are computed
here as CONSTRUCT queries run to a fixpoint over the whole graph (each rule once per round, not once
per individual):

- ``rdfs:subPropertyOf`` (prp-spo1), ``owl:inverseOf`` (prp-inv1/2), ``owl:SymmetricProperty`` (prp-symp),
  ``owl:TransitiveProperty`` (prp-trp, as a ``p+`` path), ``owl:propertyChainAxiom`` (prp-spo2: the
  ``og:metastasizesTo`` and ``og:treatedWith`` shortcuts with their part-of and kind-of roll-ups);
- ``rdfs:domain`` / ``rdfs:range`` with named classes (prp-dom, prp-rng), ``rdfs:subClassOf`` (cax-sco);
- members of classes defined by ``owl:equivalentClass`` to an intersection of named classes,
  ``owl:hasValue`` and ``owl:someValuesFrom`` restrictions (cls-int1, cls-hv2, cls-svf1), and the
  converse for named members and ``hasValue`` (cls-int2, cls-hv1).

``tests/test_reasoning.py`` proves that on the shipped graph the published inferences equal HermiT's.
The gap: anything beyond these rules (reasoning by cases, cardinalities, nominals other than
``hasValue``, inconsistency beyond the disjointness check of ``reasoning.py``) is not derived or
detected; a class expression outside the handled forms raises :class:`RuleReasonerError`, so the
gap is never silent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import OncographError
from .rdf_terms import OWL_TRANSITIVE_PROPERTY, RDF_TYPE

_ROUNDS_MAX = 50


class RuleReasonerError(OncographError):
    """The TBox uses a class expression the SPARQL rules do not handle."""

    exit_code = 1


_GENERIC_RULES = (
    # prp-spo1
    "CONSTRUCT { ?s ?q ?o } WHERE { ?p rdfs:subPropertyOf+ ?q . FILTER(isIRI(?q)) ?s ?p ?o }",
    # prp-inv1 / prp-inv2
    "CONSTRUCT { ?o ?q ?s } WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?s ?p ?o . FILTER(!isLiteral(?o)) }",
    # prp-symp
    "CONSTRUCT { ?o ?p ?s } WHERE { ?p a owl:SymmetricProperty . ?s ?p ?o . FILTER(!isLiteral(?o)) }",
    # prp-dom / prp-rng (named classes only: a union domain gives no named type)
    "CONSTRUCT { ?s a ?c } WHERE { ?p rdfs:domain ?c . FILTER(isIRI(?c)) ?s ?p ?o }",
    "CONSTRUCT { ?o a ?c } WHERE { ?p rdfs:range ?c . FILTER(isIRI(?c)) ?p a owl:ObjectProperty . ?s ?p ?o . FILTER(!isLiteral(?o)) }",
    # cax-sco
    "CONSTRUCT { ?x a ?d } WHERE { ?c rdfs:subClassOf+ ?d . FILTER(isIRI(?d)) ?x a ?c }",
)
_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}


def materialise(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The consequences of the rules above that ``triples`` do not state (named subjects, no blank-node objects)."""
    queries = [*_GENERIC_RULES, *_tbox_rules(_schema(triples))]
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    added: set[ox.Quad] = set()
    for _ in range(_ROUNDS_MAX):
        new = set()
        for query in queries:
            for triple in store.query(query, prefixes=_PREFIXES):
                quad = ox.Quad(triple.subject, triple.predicate, triple.object)
                if quad not in added and quad not in new and quad not in store:
                    new.add(quad)
        if not new:
            break
        store.extend(new)
        added |= new
    return [quad.triple for quad in added
            if isinstance(quad.subject, ox.NamedNode) and not isinstance(quad.object, ox.BlankNode)]


#: What the TBox rules read: transitive properties, property chains and class definitions with their lists.
_SCHEMA_PREDICATES = frozenset(ox.NamedNode(str(term)) for term in (
    OWL.propertyChainAxiom, OWL.equivalentClass, OWL.intersectionOf, OWL.unionOf, OWL.onProperty, OWL.hasValue,
    OWL.someValuesFrom, RDF.first, RDF.rest))


def _schema(triples: list[ox.Triple]) -> Graph:
    """The triples the TBox rules are built from, as a small rdflib graph: its list and expression helpers
    (``items``, ``value``) read class definitions; the data itself stays in pyoxigraph."""
    from .sources import rdflib_term

    graph = Graph()
    for t in triples:
        if t.predicate in _SCHEMA_PREDICATES or isinstance(t.subject, ox.BlankNode) or (t.predicate == RDF_TYPE and t.object == OWL_TRANSITIVE_PROPERTY):
            graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def _tbox_rules(graph: Graph) -> Iterator[str]:
    """The rules that depend on the TBox: transitive properties, chains, defined classes."""
    for prop in sorted(graph.subjects(RDF.type, OWL.TransitiveProperty)):
        if isinstance(prop, URIRef):
            yield f"CONSTRUCT {{ ?s <{prop}> ?o }} WHERE {{ ?s <{prop}>+ ?o }}"
    for prop, chain in sorted(graph.subject_objects(OWL.propertyChainAxiom)):
        steps = list(graph.items(chain))
        if not all(isinstance(step, URIRef) for step in steps):
            raise RuleReasonerError(f"the property chain of {prop} has a step that is not a named property")
        yield f"CONSTRUCT {{ ?s <{prop}> ?o }} WHERE {{ ?s {'/'.join(f'<{s}>' for s in steps)} ?o }}"
    for cls, expression in sorted(graph.subject_objects(OWL.equivalentClass)):
        if not isinstance(cls, URIRef):
            continue
        counter = iter(range(10_000))
        yield f"CONSTRUCT {{ ?x a <{cls}> }} WHERE {{ {_pattern(graph, expression, '?x', counter)} }}"
        yield from _converse(graph, cls, expression)


def _pattern(graph: Graph, expression, var: str, counter) -> str:
    """A SPARQL group that holds exactly when ``var`` is a member of the class ``expression``."""
    if isinstance(expression, URIRef):
        return f"{var} a <{expression}> ."
    members = graph.value(expression, OWL.intersectionOf)
    if members is not None:
        return " ".join(_pattern(graph, member, var, counter) for member in graph.items(members))
    union = graph.value(expression, OWL.unionOf)
    if union is not None:
        return " UNION ".join(f"{{ {_pattern(graph, member, var, counter)} }}" for member in graph.items(union))
    prop = graph.value(expression, OWL.onProperty)
    if isinstance(prop, URIRef):
        value = graph.value(expression, OWL.hasValue)
        if value is not None and not isinstance(value, BNode):
            return f"{var} <{prop}> {value.n3()} ."
        filler = graph.value(expression, OWL.someValuesFrom)
        if filler is not None:
            inner = f"?v{next(counter)}"
            return f"{var} <{prop}> {inner} . {_pattern(graph, filler, inner, counter)}"
    raise RuleReasonerError(f"class expression {expression} is not an intersection, union, hasValue or someValuesFrom")


def _converse(graph: Graph, cls: URIRef, expression) -> Iterator[str]:
    """cls-int2 and cls-hv1: a member of the defined class has the named classes and values of its definition."""
    members = list(graph.items(graph.value(expression, OWL.intersectionOf))) if isinstance(expression, BNode) else [expression]
    for member in members:
        if isinstance(member, URIRef):
            yield f"CONSTRUCT {{ ?x a <{member}> }} WHERE {{ ?x a <{cls}> }}"
        elif (prop := graph.value(member, OWL.onProperty)) is not None and (value := graph.value(member, OWL.hasValue)) is not None:
            yield f"CONSTRUCT {{ ?x <{prop}> {value.n3()} }} WHERE {{ ?x a <{cls}> }}"


__all__ = ["RuleReasonerError", "materialise"]
