"""Reasoning: check consistency and add what follows from the ontology.

HermiT (the jar owlready2 ships, run by ``hermit.py``) is the reasoner; it needs Java. Without Java the
pure-Python OWL RL reasoner (owlrl) takes over, so a build still works. Both
outputs are cut to the facts worth publishing (about the resources the data describes, with our
properties or classes), so the two reasoners give comparable graphs: property
chains (og:metastasizesTo, og:treatedWith), transitive closures, inverses, and
members of the defined classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import OncographError
from .namespaces import OG, OGR, ONTOLOGY_IRI, compact
from .serialize import ntriples_graph, ox_quads, ox_term
from .store_walk import reachable
from .reasoner_choice import HERMIT, HERMIT_MAX_ENV, OWL_RL, RULES, choose_reasoner, hermit_limit
from .reasoner_input import reasoner_core
from .rdf_terms import (OWL_INVERSE_OF, OWL_SYMMETRIC_PROPERTY, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, RDFS_SUBCLASS_OF,
                        RDFS_SUBPROPERTY_OF)


class InconsistentGraphError(OncographError):
    """The ontology and data contradict each other; names the entities and axioms."""

    exit_code = 1


@dataclass(frozen=True)
class ReasoningResult:
    """The inferred triples (not asserted ones), which reasoner made them, and any notice for the user."""

    inferred: Graph
    reasoner: str
    notice: str | None = None


@dataclass(frozen=True)
class StoreReasoning:
    """What :func:`reason_store` inferred, as sorted N-Triples (no blank node: see ``_publishable``)."""

    inferred_ntriples: bytes
    reasoner: str
    notice: str | None = None

    @property
    def count(self) -> int:
        return self.inferred_ntriples.count(b"\n")


def reason(asserted: Graph) -> ReasoningResult:
    """:func:`reason_store` for an rdflib graph (``validate FILE`` and the tests reason edited graphs this way)."""
    store = ox.Store()
    store.extend(ox_quads(asserted))
    result = reason_store(store)
    return ReasoningResult(ntriples_graph(result.inferred_ntriples), result.reasoner, result.notice)


def reason_store(store: ox.Store) -> StoreReasoning:
    """Infer from the asserted triples in ``store`` (which gets the inferred ones added); raise
    :class:`InconsistentGraphError` if they are inconsistent.

    Every individual's classes are materialised, those implied by ``rdfs:subClassOf`` included, so the
    full release answers ``?c a og:CancerType`` without a reasoner (HermiT reports only the most specific types).
    Everything happens on pyoxigraph terms: the rdflib version of this step took 96 s at a million triples, of
    which the rules themselves were 10 s.
    """
    explain_inconsistency(store)  # cheap, and names the culprits better than any reasoner
    reasoner, notice = choose_reasoner()
    core = reasoner_core(store)
    if reasoner == HERMIT and len(core) > hermit_limit():
        reasoner, notice = RULES, (f"{len(core)} triples to reason over, more than HermiT finishes in time "
                                   f"(${HERMIT_MAX_ENV}={hermit_limit()}): SPARQL rules materialise the inferences")
    inferred: set[ox.Triple] = set()
    described = DescribedResources(store)

    def publish(triples) -> None:
        """Keep the new publishable ``triples``, and add them to the store for the steps after."""
        found = {triple for triple in triples if _publishable(triple, described) and ox.Quad(*triple) not in store}
        store.extend(ox.Quad(*triple) for triple in found)
        inferred.update(found)

    publish({HERMIT: _hermit, OWL_RL: _owlrl, RULES: _rules}[reasoner](core))
    # left out of the reasoner (the imported tree, the drug tables, the sources: reasoner_input.py) or not written
    # out by HermiT (super-property values, inverses, superclass types): each step sees what the ones before it added
    for step in (_subtype_closure, _drug_table_closure, _super_property_values):
        publish(step(store))
    publish(_inverses_and_superclass_types(store, described))
    lines = ox.serialize(list(inferred), format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True) if inferred else []
    return StoreReasoning(b"".join(sorted(line for line in lines if line.strip())), reasoner, notice)


def _subtype_closure(store: ox.Store) -> Iterator[ox.Triple]:
    """og:subtypeOf closed transitively, with its inverse og:hasSubtype (the imported tree is not reasoned over)."""
    for a, b in _transitive_pairs(store, _SUBTYPE_OF):
        yield ox.Triple(a, _SUBTYPE_OF, b)
        yield ox.Triple(b, _HAS_SUBTYPE, a)


def _drug_table_closure(store: ox.Store) -> Iterator[ox.Triple]:
    """The drug tables' hierarchies (kind of, setting kind of, specialises) closed transitively."""
    for predicate in _DRUG_TABLE_HIERARCHIES:
        for a, b in _transitive_pairs(store, predicate):
            yield ox.Triple(a, predicate, b)


def _super_property_values(store: ox.Store) -> Iterator[ox.Triple]:
    """Values of super-properties (og:selectedByAllOf -> og:selectedBy) with a named object, which HermiT's
    property-value task (-Y) does not list; OWL RL (prp-spo1) derives the same, so both reasoners give the same triples."""
    for sub, sup in _transitive_pairs(store, RDFS_SUBPROPERTY_OF):
        if isinstance(sub, ox.NamedNode) and isinstance(sup, ox.NamedNode):
            for quad in store.quads_for_pattern(None, sub, None, ox.DefaultGraph()):
                if isinstance(quad.object, ox.NamedNode):
                    yield ox.Triple(quad.subject, sup, quad.object)


def _transitive_pairs(store: ox.Store, predicate: ox.NamedNode) -> set[tuple]:
    """Every (a, b) with a chain of ``predicate`` from a to b and a != b, as SPARQL's ``?a p+ ?b`` (walked in
    Python from each node: the SPARQL path from an unbound start took seconds at a million triples)."""
    edges: dict = {}
    for quad in store.quads_for_pattern(None, predicate, None, ox.DefaultGraph()):
        edges.setdefault(quad.subject, []).append(quad.object)
    pairs = set()
    for start in edges:
        seen, todo = set(), list(edges[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, ()))
        pairs.update((start, end) for end in seen if end != start)
    return pairs


_SUBTYPE_OF, _HAS_SUBTYPE = ox.NamedNode(f"{OG}subtypeOf"), ox.NamedNode(f"{OG}hasSubtype")
_DRUG_TABLE_HIERARCHIES = tuple(ox.NamedNode(f"{OG}{local}") for local in ("kindOf", "settingKindOf", "specialises"))


def _inverses_and_superclass_types(store: ox.Store, described: DescribedResources) -> set[ox.Triple]:
    """Inverse and symmetric edges, and every superclass type, of the triples in ``store`` (asserted plus
    inferred) whose new subject is a described resource (the others are never published)."""
    # The axioms (owl:inverseOf, owl:SymmetricProperty, rdfs:subClassOf) are all asserted: inferred triples are
    # publishable ones, og: properties and og: types only.
    default = ox.DefaultGraph()
    pairs = {(q.subject, q.object) for q in store.quads_for_pattern(None, OWL_INVERSE_OF, None, default)}
    pairs |= {(q, p) for p, q in set(pairs)}
    pairs |= {(q.subject, q.subject) for q in store.quads_for_pattern(None, RDF_TYPE, OWL_SYMMETRIC_PROPERTY, default)}
    found = {ox.Triple(quad.object, inverse, quad.subject) for p, inverse in pairs if isinstance(p, ox.NamedNode)
             and isinstance(inverse, ox.NamedNode) for quad in store.quads_for_pattern(None, p, None, default)
             if described(quad.object)}
    supers: dict = {}
    for quad in store.quads_for_pattern(None, RDF_TYPE, None, default):
        if described(quad.subject):
            klass = quad.object
            if klass not in supers:
                supers[klass] = _superclasses(store, klass)
            found.update(ox.Triple(quad.subject, RDF_TYPE, c) for c in supers[klass])
    return found


def _superclasses(store: ox.Store, klass) -> set[ox.NamedNode]:
    """The named classes above ``klass`` by rdfs:subClassOf, through any node (as rdflib's transitive_objects)."""
    return {c for c in reachable(store, klass, RDFS_SUBCLASS_OF) if isinstance(c, ox.NamedNode) and c != klass}


class DescribedResources:
    """Which IRIs name a resource the data describes (a cancer type, a site, a study, a user's own patient or
    cohort), as opposed to a term of a vocabulary: those are the subjects whose inferences get published.

    Our curated ``ogr:`` resources are, and so is any IRI in another namespace, which is how a user merging
    their own data names it (``--sources DIR``), unless it is a term: in ``og:``, the ontology itself, under
    ``http://www.w3.org/`` (RDF, RDFS, OWL, XSD, SKOS, PROV, SHACL), or declared in the graph as a class,
    property, datatype or ontology. Until December 2026 only ``ogr:`` subjects were published, so a merged
    cohort's entities got no superclass types, inverses or chains.
    """

    def __init__(self, store: ox.Store) -> None:
        self._terms = {quad.subject for kind in _TERM_KINDS
                       for quad in store.quads_for_pattern(None, RDF_TYPE, kind, ox.DefaultGraph())}

    def __call__(self, term) -> bool:
        if not isinstance(term, ox.NamedNode):
            return False
        iri = term.value
        if iri.startswith(OGR):
            return True
        return not iri.startswith(_VOCABULARY_NAMESPACES) and iri != ONTOLOGY_IRI and term not in self._terms


_VOCABULARY_NAMESPACES = (OG, "http://www.w3.org/")
#: Declaring an IRI one of these makes it a term (a property may be declared by a characteristic alone).
_TERM_KINDS = tuple(ox.NamedNode(str(kind)) for kind in (
    OWL.Class, RDFS.Class, RDFS.Datatype, OWL.Ontology, RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty,
    OWL.AnnotationProperty, OWL.OntologyProperty, OWL.TransitiveProperty, OWL.SymmetricProperty,
    OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty, OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty))


def _publishable(triple: ox.Triple, described: DescribedResources) -> bool:
    """A fact about a described resource, with one of our properties or classes, that says something: the
    release publishes only these. Its object is never a blank node, which has no name to publish a shortcut to
    (and would break the canonical labels the release's N-Triples keep)."""
    subject, predicate, obj = triple.subject, triple.predicate, triple.object
    if not described(subject) or isinstance(obj, ox.BlankNode):
        return False
    if predicate == RDF_TYPE:
        return isinstance(obj, ox.NamedNode) and obj.value.startswith(OG)
    if predicate.value.startswith(OG):
        return subject != obj  # reflexive closure steps say nothing
    return False


def _hermit(core: list[ox.Triple]) -> list[ox.Triple]:
    from .hermit import HermitInconsistentError, hermit_inferences

    try:
        return hermit_inferences(ox.serialize(core, format=ox.RdfFormat.N_TRIPLES))
    except HermitInconsistentError as exc:
        raise InconsistentGraphError(
            "HermiT found the ontology and data inconsistent, and no disjointness clash explains it; "
            "check functional properties and restrictions"
        ) from exc


def _rules(core: list[ox.Triple]) -> list[ox.Triple]:
    from .sparql_rules import materialise

    return materialise(core)


def _owlrl(core: list[ox.Triple]) -> list[ox.Triple]:
    import owlrl

    from .sources import rdflib_term

    closure = Graph()
    for triple in core:
        closure.add((rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False).expand(closure)
    # OWL RL works in generalised RDF: a literal can be a subject, which no published triple has
    return [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in closure if not isinstance(s, Literal)]


_TYPE_REASONS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?class ?why WHERE {
  #VALUES
  { ?entity rdf:type ?direct . BIND("asserted type" AS ?why) }
  UNION
  { ?entity ?p ?o . ?p rdfs:domain ?direct . FILTER(isIRI(?direct))
    BIND(CONCAT("subject of <", STR(?p), ">, whose domain is <", STR(?direct), ">") AS ?why) }
  UNION
  { ?s ?p ?entity . ?p rdfs:range ?direct . FILTER(isIRI(?direct))
    BIND(CONCAT("object of <", STR(?p), "> from ", IF(isIRI(?s), CONCAT("<", STR(?s), ">"), "a blank node"),
                ", whose range is <", STR(?direct), ">") AS ?why) }
  ?direct rdfs:subClassOf* ?class .
  FILTER(isIRI(?entity))
}
"""


#: The classes of ``_TYPE_REASONS`` without their reasons: which entities to word reasons for.
_TYPE_CLASSES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?class WHERE {
  #VALUES
  { ?entity rdf:type ?direct } UNION
  { ?entity ?p ?o . ?p rdfs:domain ?direct . FILTER(isIRI(?direct)) } UNION
  { ?s ?p ?entity . ?p rdfs:range ?direct . FILTER(isIRI(?direct)) }
  ?direct rdfs:subClassOf* ?class .
  FILTER(isIRI(?entity))
}
"""


def _disjoint_pairs(store: ox.Store) -> set[tuple[URIRef, URIRef, str]]:
    default = ox.DefaultGraph()
    pairs: set[tuple[URIRef, URIRef, str]] = set()
    for quad in store.quads_for_pattern(None, _DISJOINT_WITH, None, default):
        a, b = _rdflib(quad.subject), _rdflib(quad.object)
        pairs.add((a, b, f"{compact(str(a))} owl:disjointWith {compact(str(b))}"))
    for axiom in store.quads_for_pattern(None, RDF_TYPE, _ALL_DISJOINT, default):
        members = [_rdflib(m) for m in _list_items(store, _value(store, axiom.subject, _MEMBERS))]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b, "owl:AllDisjointClasses(" + ", ".join(compact(str(m)) for m in members) + ")"))
    return pairs


def _value(store: ox.Store, subject, predicate: ox.NamedNode):
    quad = next(store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph()), None)
    return None if quad is None else quad.object


def _list_items(store: ox.Store, node) -> list:
    """The members of the RDF list at ``node``, in order (as rdflib's ``Graph.items``)."""
    items, seen = [], set()
    while node is not None and node != RDF_NIL and node not in seen:
        seen.add(node)
        first = _value(store, node, RDF_FIRST)
        if first is not None:
            items.append(first)
        node = _value(store, node, RDF_REST)
    return items


def _rdflib(term):
    from .sources import rdflib_term

    return rdflib_term(term)


_DISJOINT_WITH, _ALL_DISJOINT, _MEMBERS = (ox.NamedNode(str(t)) for t in (OWL.disjointWith, OWL.AllDisjointClasses, OWL.members))


@dataclass(frozen=True)
class DisjointnessClash:
    """An entity that falls into two disjoint classes, with the reason for each and the axiom."""

    entity: URIRef
    message: str

    def __str__(self) -> str:
        return f"{compact(str(self.entity))} {self.message}"


def disjointness_clashes(store: ox.Store) -> list[DisjointnessClash]:
    """Every entity in ``store`` that falls into two disjoint classes.

    Types come from assertions and from the domains and ranges of the properties used,
    closed over rdfs:subClassOf: the usual way curated data contradicts the ontology. Only the classes named in
    a disjointness axiom are looked at (all types of every entity were 1.6 million rows at a million triples).
    """
    pairs = sorted(_disjoint_pairs(store))
    classes_in_pairs = sorted({str(c) for a, b, _ in pairs for c in (a, b) if isinstance(c, URIRef)})
    if not classes_in_pairs:
        return []
    only_classes = "VALUES ?class { " + " ".join(f"<{c}>" for c in classes_in_pairs) + " }"
    # First which entities fall into both classes of a pair, without wording any reason (usually none: at a
    # million triples wording a reason for every entity and class took most of this check's 20 s) ...
    classes_of: dict[str, set[str]] = {}
    for row in store.query(_TYPE_CLASSES.replace("#VALUES", only_classes)):
        if isinstance(row["class"], ox.NamedNode) and isinstance(row["entity"], ox.NamedNode):
            classes_of.setdefault(row["entity"].value, set()).add(row["class"].value)
    wanted = [(str(a), str(b)) for a, b, _ in pairs]
    clashing = sorted(e for e, classes in classes_of.items() if any(a in classes and b in classes for a, b in wanted))
    if not clashing:
        return []
    # ... then the reasons of those entities only
    query = _TYPE_REASONS.replace("#VALUES", only_classes + " VALUES ?entity { " + " ".join(f"<{e}>" for e in clashing) + " }")
    raw: dict[str, dict[str, list[str]]] = {}  # entity -> class -> reasons as the query words them
    for row in store.query(query):
        if isinstance(row["class"], ox.NamedNode):
            raw.setdefault(row["entity"].value, {}).setdefault(row["class"].value, []).append(row["why"].value)
    reasons = {URIRef(entity): _best_reasons(classes) for entity, classes in raw.items()}
    clashes = []
    entities = sorted(reasons.items())  # once: sorting every entity again for each disjoint pair took 20 s at 55k triples
    for a, b, axiom in pairs:
        for entity, classes in entities:
            if a in classes and b in classes:
                clashes.append(DisjointnessClash(entity, f"is both {compact(str(a))} ({classes[a]}) "
                                                         f"and {compact(str(b))} ({classes[b]}), but {axiom}"))
    return clashes


def _best_reasons(classes: dict[str, list[str]]) -> dict[URIRef, str]:
    """The reason that explains each class best (``_reason_rank``), its IRIs written as CURIEs."""
    best = {}
    for klass, whys in classes.items():
        worded = [re.sub(r"<([^>]+)>", lambda m: compact(m.group(1)), why) for why in whys]
        best[URIRef(klass)] = min(worded, key=_reason_rank)
    return best


def _reason_rank(why: str) -> tuple[bool, str]:
    """An asserted type explains a class best; otherwise the first reason in text order, so messages are stable."""
    return (why != "asserted type", why)


def explain_inconsistency(store: ox.Store) -> None:
    """Raise :class:`InconsistentGraphError` naming each entity that falls into two disjoint classes."""
    clashes = disjointness_clashes(store)
    if clashes:
        raise InconsistentGraphError("the graph is inconsistent:\n  " + "\n  ".join(str(c) for c in clashes))


__all__ = ["HERMIT", "OWL_RL", "RULES", "DisjointnessClash", "InconsistentGraphError", "ReasoningResult", "StoreReasoning",
           "choose_reasoner", "disjointness_clashes", "explain_inconsistency", "reason", "reason_store"]
