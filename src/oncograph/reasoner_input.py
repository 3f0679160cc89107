"""What the reasoner is given: the asserted triples, less those it has nothing to add to.

HermiT's time grows with the individuals it realises, so the entities whose triples take part in no OWL axiom
that SPARQL does not close faster are left out of its input (the *core*); the steps after the reasoner
(``reasoning.py``) close their hierarchies and add their superclass types and inverses from the whole store.
The rules and OWL RL get the same core, so every reasoner sees the same input.
"""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import OG, PREFIXES
from .rdf_terms import OWL_SAME_AS, RDF_TYPE, RDFS_DOMAIN, RDFS_RANGE, RDFS_SUBCLASS_OF
from .store_walk import reachable

#: What the OncoTree importer states about its own entities; those triples take part in no OWL axiom but the
#: transitive subtype hierarchy, which SPARQL closes in milliseconds while HermiT took a minute to realise
#: ~900 more individuals (owlrl: two). Curated facts about imported types (a pattern for LUAD) still reach the reasoner.
_IMPORT_PREDICATES = frozenset(ox.NamedNode(iri) for iri in (
    *(f"{OG}{local}" for local in ("subtypeOf", "oncotreeParent", "oncotreeName", "oncotreeMainType", "oncotreeTissue",
                                   "oncotreeLevel", "formerOncotreeCode", "mergedOncotreeCode", "revokedOncotreeCode")),
    *(PREFIXES["skos"] + local for local in ("notation", "definition", "exactMatch", "closeMatch", "relatedMatch",
                                             "narrowMatch", "broadMatch")),
    PREFIXES["rdf"] + "type", PREFIXES["rdfs"] + "label", PREFIXES["dcterms"] + "source",
))
_IMPORTED = f"SELECT DISTINCT ?s WHERE {{ ?s <{OG}oncotreeLevel> ?level }}"
#: Entities of the drug tables (ontology/drugs/*.tsv). Like the imported tree they take part in no OWL axiom but
#: transitive hierarchies (kind of, setting kind of, specialises) and the inverse of og:forCancer, which SPARQL
#: closes in milliseconds; given to HermiT, hundreds more individuals would cost far more than they add.
_DRUG_TABLE_ENTITIES = f"""
SELECT DISTINCT ?s WHERE {{
  VALUES ?class {{ <{OG}Drug> <{OG}DrugClass> <{OG}Gene> <{OG}Biomarker> <{OG}GenomicSignature> <{OG}Indication>
                  <{OG}Regimen> <{OG}RegimenComponent> }}
  ?s a ?class . FILTER(isIRI(?s))
}}"""

#: The sources and studies every fact cites (members of og:Source or a subclass, by asserted type).
_SOURCE_CLASSES = f"SELECT ?class WHERE {{ ?class rdfs:subClassOf* <{OG}Source> }}"
_SOURCES = "SELECT DISTINCT ?s WHERE { #CLASSES ?s a ?class . FILTER(isIRI(?s)) }"
#: The axioms that would make the reasoner derive something about a source, or from one, that the steps after
#: it do not: ``?term`` (a source class or a predicate of the sources' triples) in a class expression, a list
#: (but the members of an owl:AllDisjointClasses, or a union that is a domain or range), an equivalence, an inverse, a
#: chain or a key, or given a property characteristic other than functional. Domains, ranges, subclasses,
#: sub-properties, disjointness and functional properties may mention it: the disjointness check before the
#: reasoner (domain and range types included), the SHACL shapes (maxCount 1 on every functional property of a
#: study), the OWL profile check (values against ranges) and the post-steps (superclass types, super-property
#: values, inverses) cover them.
_SOURCE_AXIOMS = """
SELECT DISTINCT ?term ?axiom WHERE {
  #TERMS
  {
    ?cell rdf:first ?term . ?head rdf:rest* ?cell . ?owner ?axiom ?head .
    FILTER(?axiom != rdf:rest)
    FILTER(?axiom != owl:members || NOT EXISTS { ?owner a owl:AllDisjointClasses })
    FILTER(?axiom != owl:unionOf || NOT EXISTS { ?property rdfs:domain|rdfs:range ?owner })
  } UNION {
    ?x ?axiom ?term .
    FILTER(?axiom IN (owl:someValuesFrom, owl:allValuesFrom, owl:hasValue, owl:onClass, owl:onProperty, owl:onProperties,
                      owl:equivalentClass, owl:complementOf, owl:inverseOf, owl:equivalentProperty, owl:propertyDisjointWith,
                      owl:assertionProperty, owl:hasKey))
  } UNION {
    ?term ?axiom ?x .
    FILTER(?axiom IN (owl:equivalentClass, owl:inverseOf, owl:equivalentProperty, owl:propertyChainAxiom, owl:hasKey,
                      owl:disjointUnionOf, owl:propertyDisjointWith))
  } UNION {
    ?term rdf:type ?axiom .
    FILTER(?axiom IN (owl:TransitiveProperty, owl:SymmetricProperty, owl:InverseFunctionalProperty, owl:AsymmetricProperty,
                      owl:ReflexiveProperty, owl:IrreflexiveProperty))
  } UNION {
    ?term rdfs:subClassOf ?x . FILTER(isBlank(?x)) BIND(rdfs:subClassOf AS ?axiom)
  }
}"""


def reasoner_core(store: ox.Store) -> list[ox.Triple]:
    """The asserted triples in ``store`` minus what an import module says about its own entities
    (``_IMPORT_PREDICATES``), minus the triples about entities of the drug tables (``_DRUG_TABLE_ENTITIES``) and,
    while no axiom needs them (:func:`source_axioms`) and no type would come from them alone
    (:func:`source_typings`), minus the sources' and studies' own triples: 244 individuals that HermiT spent
    1.2-1.4 s of its 4.6 s realising on the shipped graph, for not one published triple (the facts that cite them
    stay in, so what the ranges say about them is still derived)."""
    imported = {row["s"] for row in store.query(_IMPORTED)}
    left_out = {row["s"] for row in store.query(_DRUG_TABLE_ENTITIES)}
    classes = _source_classes(store)
    sources = _sources(store, classes)
    if not source_axioms(store, classes, sources) and not source_typings(store, sources) and not _identified(store, sources):
        left_out |= sources
    return [quad.triple for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            if not (quad.subject in left_out or (quad.subject in imported and quad.predicate in _IMPORT_PREDICATES))]


def source_axioms(store: ox.Store, classes: list[ox.NamedNode] | None = None, sources: set | None = None) -> list[tuple[str, str]]:
    """The (term, axiom) IRI pairs that keep the sources in the reasoner's input (see ``_SOURCE_AXIOMS``);
    none in the shipped ontology. The terms are the source classes and the predicates of the sources' own triples."""
    classes = _source_classes(store) if classes is None else classes
    sources = _sources(store, classes) if sources is None else sources
    default = ox.DefaultGraph()
    predicates = sorted({quad.predicate for source in sources for quad in store.quads_for_pattern(source, None, None, default)}
                        - {RDF_TYPE}, key=str)
    query = _SOURCE_AXIOMS.replace("#TERMS", _values("term", [*classes, *predicates]))
    return sorted((row["term"].value, row["axiom"].value) for row in store.query(query, prefixes=PREFIXES))


def source_typings(store: ox.Store, sources: set) -> list[tuple[str, str]]:
    """The (entity, class) IRI pairs that only a source's own triple would type, which keep the sources in the
    reasoner's input (none in the shipped graph): an IRI object of a source's triple outside its property's named
    range, or the source outside the property's named domain, by asserted types and their superclasses, for our
    classes only (the release publishes no other type). The reasoner derives such a type from the triple; with
    the sources left out nothing would. Walked in Python over the sources' own triples: as one SPARQL query it
    took 3.4 s at a million triples."""
    default = ox.DefaultGraph()
    bounds: dict[str, dict] = {"domain": {}, "range": {}}
    for kind, predicate in (("domain", RDFS_DOMAIN), ("range", RDFS_RANGE)):
        for quad in store.quads_for_pattern(None, predicate, None, default):
            if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(OG):
                bounds[kind].setdefault(quad.subject, set()).add(quad.object)
    supers: dict = {}  # class -> it and its superclasses
    known: dict = {}  # entity -> its asserted types and their superclasses

    def types(entity) -> set:
        if entity not in known:
            found = set()
            for quad in store.quads_for_pattern(entity, RDF_TYPE, None, default):
                if quad.object not in supers:
                    supers[quad.object] = reachable(store, quad.object, RDFS_SUBCLASS_OF)
                found |= supers[quad.object]
            known[entity] = found
        return known[entity]

    missing = set()
    for source in sources:
        own = types(source)
        for quad in store.quads_for_pattern(source, None, None, default):
            missing.update((source, c) for c in bounds["domain"].get(quad.predicate, ()) if c not in own)
            if isinstance(quad.object, ox.NamedNode) and quad.predicate in bounds["range"]:
                missing.update((quad.object, c) for c in bounds["range"][quad.predicate] if c not in types(quad.object))
    return sorted((entity.value, klass.value) for entity, klass in missing)


def _identified(store: ox.Store, sources: set) -> bool:
    """Whether a source is said to be the same individual as another (owl:sameAs), whose facts the reasoner would
    then share between them."""
    return any(quad.subject in sources or quad.object in sources
               for quad in store.quads_for_pattern(None, OWL_SAME_AS, None, ox.DefaultGraph()))


def _sources(store: ox.Store, classes: list[ox.NamedNode]) -> set:
    return {row["s"] for row in store.query(_SOURCES.replace("#CLASSES", _values("class", classes)), prefixes=PREFIXES)}


def _source_classes(store: ox.Store) -> list[ox.NamedNode]:
    return [row["class"] for row in store.query(_SOURCE_CLASSES, prefixes=PREFIXES) if isinstance(row["class"], ox.NamedNode)]


def _values(variable: str, terms: list[ox.NamedNode]) -> str:
    return f"VALUES ?{variable} {{ " + " ".join(str(term) for term in terms) + " }"


__all__ = ["reasoner_core", "source_axioms", "source_typings"]
