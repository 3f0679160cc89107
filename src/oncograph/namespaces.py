"""IRIs of oncograph's own vocabulary and data, and the prefixes it reads and writes.

Plain strings, not rdflib namespaces: the query path (CLI start-up) must not pay
for importing rdflib.
"""

from __future__ import annotations

OG = "https://w3id.org/oncograph/ontology#"
"""The ontology's classes and properties."""

OGR = "https://w3id.org/oncograph/resource/"
"""The curated individuals (cancer types, sites, statements...)."""

ONTOLOGY_IRI = "https://w3id.org/oncograph/ontology"

#: Prefixes bound in every graph we write, and understood in CURIEs the user types.
PREFIXES: dict[str, str] = {
    "og": OG,
    "ogr": OGR,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "ONCOTREE": "https://bioregistry.io/oncotree:",
    "UMLS": "https://bioregistry.io/umls:",
    "HGNC": "https://bioregistry.io/hgnc:",
}



def compact(iri: str) -> str:
    """``og:CancerType`` for an IRI in a known namespace, else the IRI unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


__all__ = ["OG", "OGR", "ONTOLOGY_IRI", "PREFIXES", "compact"]
