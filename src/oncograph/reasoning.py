"""Reasoning: check consistency and add what follows from the ontology.

HermiT (through owlready2) is the reasoner; it needs Java. Without Java the
pure-Python OWL RL reasoner (owlrl) takes over, so a build still works. Both
outputs are cut to the facts worth publishing (about our resources, with our
properties or classes), so the two reasoners give comparable graphs: property
chains (og:metastasizesTo, og:treatedWith), transitive closures, inverses, and
members of the defined classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import OncographError
from .namespaces import OG, OGR, compact
from .reasoner_choice import HERMIT, HERMIT_MAX_ENV, OWL_RL, RULES, choose_reasoner, hermit_limit


class InconsistentGraphError(OncographError):
    """The ontology and data contradict each other; names the entities and axioms."""

    exit_code = 1


@dataclass(frozen=True)
class ReasoningResult:
    """The inferred triples (not asserted ones), which reasoner made them, and any notice for the user."""

    inferred: Graph
    reasoner: str
    notice: str | None = None


def reason(asserted: Graph) -> ReasoningResult:
    """Infer from ``asserted``; raise :class:`InconsistentGraphError` if it is inconsistent.

    Every individual's classes are materialised, those implied by ``rdfs:subClassOf`` included, so the
    full release answers ``?c a og:CancerType`` without a reasoner (HermiT reports only the most specific types).
    """
    store = _store(asserted)  # the whole-graph checks below are joins: pyoxigraph does them in milliseconds
    explain_inconsistency(asserted, store)  # cheap, and names the culprits better than any reasoner
    reasoner, notice = choose_reasoner()
    core = without_drug_tables(without_imported_tree(asserted, store), store)
    if reasoner == HERMIT and len(core) > hermit_limit():
        reasoner, notice = RULES, (f"{len(core)} triples to reason over, more than HermiT finishes in time "
                                   f"(${HERMIT_MAX_ENV}={hermit_limit()}): SPARQL rules materialise the inferences")
    closure = {HERMIT: _hermit, OWL_RL: _owlrl, RULES: _rules}[reasoner](core)
    inferred = Graph()
    for triple in closure:
        if triple not in asserted and _publishable(triple):
            inferred.add(triple)
    store.bulk_load(inferred.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    for query in (_SUBTYPE_CLOSURE, _DRUG_TABLE_CLOSURE, _SUPER_PROPERTIES):  # left out of the reasoner / not written out by owlready2
        for quad in store.query(query):
            if not isinstance(quad.subject, ox.NamedNode) or not isinstance(quad.object, ox.NamedNode):
                continue  # blank nodes are renamed by pyoxigraph; they are never published shortcuts
            triple = (URIRef(quad.subject.value), URIRef(quad.predicate.value), URIRef(quad.object.value))
            if triple not in asserted and _publishable(triple):
                inferred.add(triple)
                store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    for triple in _inverses_and_superclass_types(asserted, inferred):  # HermiT via owlready2 leaves these implicit
        if triple not in asserted and _publishable(triple):
            inferred.add(triple)
    return ReasoningResult(inferred, reasoner, notice)


#: What the OncoTree importer states about its own entities; those triples take part in no OWL axiom but the
#: transitive subtype hierarchy, which SPARQL closes in milliseconds while HermiT took a minute to realise
#: ~900 more individuals (owlrl: two). Curated facts about imported types (a pattern for LUAD) still reach the reasoner.
_IMPORT_PREDICATES = frozenset(URIRef(iri) for iri in (
    *(f"{OG}{local}" for local in ("subtypeOf", "oncotreeParent", "oncotreeName", "oncotreeMainType", "oncotreeTissue",
                                   "oncotreeLevel", "formerOncotreeCode", "mergedOncotreeCode", "revokedOncotreeCode")),
    *(f"http://www.w3.org/2004/02/skos/core#{local}" for local in ("notation", "definition", "exactMatch", "closeMatch",
                                                                    "relatedMatch", "narrowMatch", "broadMatch")),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/source",
))
_IMPORTED = f"SELECT DISTINCT ?s WHERE {{ ?s <{OG}oncotreeLevel> ?level }}"
_SUBTYPE_CLOSURE = f"""
CONSTRUCT {{ ?a <{OG}subtypeOf> ?b . ?b <{OG}hasSubtype> ?a }}
WHERE {{ ?a <{OG}subtypeOf>+ ?b . FILTER(?a != ?b) }}
"""


def without_imported_tree(asserted: Graph, store: ox.Store) -> Graph:
    """``asserted`` minus what an import module says about its own entities (see ``_IMPORT_PREDICATES``)."""
    return _without_subjects(asserted, store, _IMPORTED, _IMPORT_PREDICATES)


#: Entities of the drug tables (ontology/drugs/*.tsv). Like the imported tree they take part in no OWL axiom but
#: transitive hierarchies (kind of, setting kind of, specialises) and the inverse of og:forCancer, which SPARQL
#: closes in milliseconds; given to HermiT, hundreds more individuals would cost far more than they add.
_DRUG_TABLE_ENTITIES = f"""
SELECT DISTINCT ?s WHERE {{
  VALUES ?class {{ <{OG}Drug> <{OG}DrugClass> <{OG}Gene> <{OG}Biomarker> <{OG}GenomicSignature> <{OG}Indication>
                  <{OG}Regimen> <{OG}RegimenComponent> }}
  ?s a ?class . FILTER(isIRI(?s))
}}"""
_DRUG_TABLE_CLOSURE = f"""
CONSTRUCT {{ ?a <{OG}kindOf> ?k . ?c <{OG}settingKindOf> ?s . ?d <{OG}specialises> ?e }}
WHERE {{
  {{ ?a <{OG}kindOf>+ ?k . FILTER(?a != ?k) }}
  UNION {{ ?c <{OG}settingKindOf>+ ?s . FILTER(?c != ?s) }}
  UNION {{ ?d <{OG}specialises>+ ?e . FILTER(?d != ?e) }}
}}"""


def without_drug_tables(asserted: Graph, store: ox.Store) -> Graph:
    """``asserted`` minus the triples about entities of the drug tables (see ``_DRUG_TABLE_ENTITIES``)."""
    return _without_subjects(asserted, store, _DRUG_TABLE_ENTITIES)


def _without_subjects(asserted: Graph, store: ox.Store, subjects_query: str, predicates=None) -> Graph:
    """``asserted`` minus the triples whose subject ``subjects_query`` selects (only ``predicates``' if given)."""
    subjects = {URIRef(row["s"].value) for row in store.query(subjects_query)}
    if not subjects:
        return asserted
    core = Graph()
    for triple in asserted:
        if not (triple[0] in subjects and (predicates is None or triple[1] in predicates)):
            core.add(triple)
    return core


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


#: Values of super-properties (og:selectedByAllOf -> og:selectedBy), which HermiT via owlready2 does not
#: write out; OWL RL (prp-spo1) derives the same, so both reasoners keep giving the same inferred triples.
_SUPER_PROPERTIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?q ?o } WHERE {
  ?p rdfs:subPropertyOf+ ?q .
  ?s ?p ?o . FILTER(isIRI(?o))
}
"""


def _inverses_and_superclass_types(asserted: Graph, inferred: Graph) -> set[tuple]:
    """Inverse and symmetric edges, and every superclass type, of asserted plus inferred triples.

    Done on rdflib terms (not in pyoxigraph, which renames blank nodes on load), so blank-node
    entities keep their identity.
    """
    # The axioms (owl:inverseOf, owl:SymmetricProperty, rdfs:subClassOf) are all asserted: inferred triples are
    # publishable ones, og: properties and og: types only. So the two graphs are read side by side; a union copy
    # of them cost 15 s at 55k triples.
    both = (asserted, inferred)
    pairs = {(p, q) for p, q in asserted.subject_objects(OWL.inverseOf)}
    pairs |= {(q, p) for p, q in set(pairs)} | {(p, p) for p in asserted.subjects(RDF.type, OWL.SymmetricProperty)}
    found = {(o, q, s) for p, q in pairs for graph in both for s, o in graph.subject_objects(p) if not isinstance(o, Literal)}
    supers: dict = {}
    for graph in both:
        for entity, klass in graph.subject_objects(RDF.type):
            if klass not in supers:
                supers[klass] = {c for c in asserted.transitive_objects(klass, RDFS.subClassOf) if isinstance(c, URIRef)}
            found |= {(entity, RDF.type, c) for c in supers[klass] if c != klass}
    return found


def _publishable(triple: tuple) -> bool:
    subject, predicate, obj = triple
    if not (isinstance(subject, URIRef) and str(subject).startswith(OGR)):
        return False
    if predicate == RDF.type:
        return isinstance(obj, URIRef) and str(obj).startswith(OG)
    if str(predicate).startswith(OG):
        return subject != obj  # reflexive closure steps say nothing
    return False


def _hermit(asserted: Graph) -> Graph:
    import owlready2

    from .owl_check import owlready_world

    with owlready_world(asserted) as (world, folder):
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentGraphError(
                "HermiT found the ontology and data inconsistent, and no disjointness clash explains it; "
                f"check functional properties and restrictions ({exc})"
            ) from exc
        inferred_path = folder / "inferred.nt"
        world.get_ontology("http://inferrences/").save(file=str(inferred_path), format="ntriples")
        closure = Graph()
        closure.parse(inferred_path, format="nt")
    return closure


def _rules(asserted: Graph) -> Graph:
    from .sparql_rules import materialise

    return materialise(asserted)


def _owlrl(asserted: Graph) -> Graph:
    import owlrl

    closure = Graph()
    closure += asserted
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False).expand(closure)
    return closure


_TYPE_REASONS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?entity ?class ?why WHERE {
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


def _disjoint_pairs(graph: Graph) -> set[tuple[URIRef, URIRef, str]]:
    pairs: set[tuple[URIRef, URIRef, str]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.add((a, b, f"{compact(str(a))} owl:disjointWith {compact(str(b))}"))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members_node = graph.value(axiom, OWL.members)
        members = list(graph.items(members_node)) if members_node is not None else []
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b, "owl:AllDisjointClasses(" + ", ".join(compact(str(m)) for m in members) + ")"))
    return pairs


@dataclass(frozen=True)
class DisjointnessClash:
    """An entity that falls into two disjoint classes, with the reason for each and the axiom."""

    entity: URIRef
    message: str

    def __str__(self) -> str:
        return f"{compact(str(self.entity))} {self.message}"


def disjointness_clashes(graph: Graph, store: ox.Store | None = None) -> list[DisjointnessClash]:
    """Every entity of ``graph`` that falls into two disjoint classes.

    Types come from assertions and from the domains and ranges of the properties used,
    closed over rdfs:subClassOf: the usual way curated data contradicts the ontology.
    """
    reasons: dict[URIRef, dict[URIRef, str]] = {}
    for row in (store or _store(graph)).query(_TYPE_REASONS):
        if not isinstance(row["class"], ox.NamedNode):
            continue
        why = re.sub(r"<([^>]+)>", lambda m: compact(m.group(1)), row["why"].value)
        classes = reasons.setdefault(URIRef(row["entity"].value), {})
        klass = URIRef(row["class"].value)
        if klass not in classes or _reason_rank(why) < _reason_rank(classes[klass]):
            classes[klass] = why
    clashes = []
    entities = sorted(reasons.items())  # once: sorting every entity again for each disjoint pair took 20 s at 55k triples
    for a, b, axiom in sorted(_disjoint_pairs(graph)):
        for entity, classes in entities:
            if a in classes and b in classes:
                clashes.append(DisjointnessClash(entity, f"is both {compact(str(a))} ({classes[a]}) "
                                                         f"and {compact(str(b))} ({classes[b]}), but {axiom}"))
    return clashes


def _reason_rank(why: str) -> tuple[bool, str]:
    """An asserted type explains a class best; otherwise the first reason in text order, so messages are stable."""
    return (why != "asserted type", why)


def explain_inconsistency(graph: Graph, store: ox.Store | None = None) -> None:
    """Raise :class:`InconsistentGraphError` naming each entity that falls into two disjoint classes."""
    clashes = disjointness_clashes(graph, store)
    if clashes:
        raise InconsistentGraphError("the graph is inconsistent:\n  " + "\n  ".join(str(c) for c in clashes))


__all__ = ["HERMIT", "OWL_RL", "RULES", "DisjointnessClash", "InconsistentGraphError", "ReasoningResult", "choose_reasoner",
           "disjointness_clashes", "explain_inconsistency", "reason"]
