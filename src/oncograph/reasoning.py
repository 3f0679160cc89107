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
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import OncographError
from .namespaces import OG, OGR, compact
from .reasoner_choice import HERMIT, OWL_RL, choose_reasoner


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
    """Infer from ``asserted``; raise :class:`InconsistentGraphError` if it is inconsistent."""
    store = _store(asserted)  # the whole-graph checks below are joins: pyoxigraph does them in milliseconds
    explain_inconsistency(asserted, store)  # cheap, and names the culprits better than any reasoner
    reasoner, notice = choose_reasoner()
    core = without_drug_tables(without_imported_tree(asserted, store), store)
    closure = _hermit(core) if reasoner == HERMIT else _owlrl(core)
    implied_types = _implied_types(store)
    inferred = Graph()
    for triple in closure:
        if triple not in asserted and _publishable(triple, implied_types):
            inferred.add(triple)
    store.bulk_load(inferred.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    for quad in store.query(_SUBTYPE_CLOSURE):  # the imported tree's transitive closure, left out of the reasoner
        triple = (URIRef(quad.subject.value), URIRef(quad.predicate.value), URIRef(quad.object.value))
        if triple not in asserted and _publishable(triple, implied_types):
            inferred.add(triple)
            store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    for quad in store.query(_DRUG_TABLE_CLOSURE):  # the drug tables' hierarchies, left out of the reasoner
        triple = (URIRef(quad.subject.value), URIRef(quad.predicate.value), URIRef(quad.object.value))
        if triple not in asserted and _publishable(triple, implied_types):
            inferred.add(triple)
            store.add(ox.Quad(quad.subject, quad.predicate, quad.object))
    for query in (_SUPER_PROPERTIES, _INVERSES_AND_SYMMETRY):  # HermiT via owlready2 leaves these implicit
        for quad in store.query(query):
            triple = (URIRef(quad.subject.value), URIRef(quad.predicate.value), URIRef(quad.object.value))
            if triple not in asserted and _publishable(triple, implied_types):
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
    imported = {URIRef(row["s"].value) for row in store.query(_IMPORTED)}
    if not imported:
        return asserted
    core = Graph()
    for triple in asserted:
        if not (triple[0] in imported and triple[1] in _IMPORT_PREDICATES):
            core.add(triple)
    return core


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
    entities = {URIRef(row["s"].value) for row in store.query(_DRUG_TABLE_ENTITIES)}
    if not entities:
        return asserted
    core = Graph()
    for triple in asserted:
        if triple[0] not in entities:
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

_INVERSES_AND_SYMMETRY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
CONSTRUCT { ?o ?q ?s } WHERE {
  { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } UNION { ?p a owl:SymmetricProperty . BIND(?p AS ?q) }
  ?s ?p ?o .
}
"""


def _implied_types(store: ox.Store) -> set[tuple[URIRef, URIRef]]:
    """(entity, class) pairs that follow from asserted types by rdfs:subClassOf alone: not worth publishing."""
    rows = store.query("SELECT ?s ?c WHERE { ?s a ?t . ?t rdfs:subClassOf* ?c FILTER(isIRI(?s) && isIRI(?c)) }",
                       prefixes={"rdfs": str(RDFS)})
    return {(URIRef(row["s"].value), URIRef(row["c"].value)) for row in rows}


def _publishable(triple: tuple, implied_types: set[tuple[URIRef, URIRef]]) -> bool:
    subject, predicate, obj = triple
    if not (isinstance(subject, URIRef) and str(subject).startswith(OGR)):
        return False
    if predicate == RDF.type:
        return isinstance(obj, URIRef) and str(obj).startswith(OG) and (subject, obj) not in implied_types
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
    BIND(CONCAT("object of <", STR(?p), "> from <", STR(?s), ">, whose range is <", STR(?direct), ">") AS ?why) }
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


def explain_inconsistency(graph: Graph, store: ox.Store | None = None) -> None:
    """Raise :class:`InconsistentGraphError` naming each entity that falls into two disjoint classes.

    Types come from assertions and from the domains and ranges of the properties used,
    closed over rdfs:subClassOf: the usual way curated data contradicts the ontology.
    """
    reasons: dict[URIRef, dict[URIRef, str]] = {}
    for row in (store or _store(graph)).query(_TYPE_REASONS):
        if not isinstance(row["class"], ox.NamedNode):
            continue
        why = re.sub(r"<([^>]+)>", lambda m: compact(m.group(1)), row["why"].value)
        reasons.setdefault(URIRef(row["entity"].value), {}).setdefault(URIRef(row["class"].value), why)
    clashes = []
    for a, b, axiom in sorted(_disjoint_pairs(graph)):
        for entity, classes in sorted(reasons.items()):
            if a in classes and b in classes:
                clashes.append(f"{compact(str(entity))} is both {compact(str(a))} ({classes[a]}) "
                               f"and {compact(str(b))} ({classes[b]}), but {axiom}")
    if clashes:
        raise InconsistentGraphError("the graph is inconsistent:\n  " + "\n  ".join(clashes))


__all__ = ["HERMIT", "OWL_RL", "InconsistentGraphError", "ReasoningResult", "choose_reasoner", "explain_inconsistency", "reason"]
