"""IRIs of oncograph's own vocabulary and data, and the prefixes it writes.

Kept in one place so the CLI, the API and the serialisers agree on every CURIE.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

OG = Namespace("https://w3id.org/oncograph/ontology#")
"""The ontology's classes and properties."""

OGR = Namespace("https://w3id.org/oncograph/resource/")
"""The curated individuals (cancer types, sites, statements...)."""

ONTOLOGY_IRI = "https://w3id.org/oncograph/ontology"
VANN = Namespace("http://purl.org/vocab/vann/")

#: Prefixes bound in every graph we write, and understood in CURIEs the user types.
PREFIXES: dict[str, str] = {
    "og": str(OG),
    "ogr": str(OGR),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "vann": str(VANN),
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "ONCOTREE": "https://bioregistry.io/oncotree:",
}

__all__ = ["OG", "OGR", "ONTOLOGY_IRI", "PREFIXES", "VANN"]
