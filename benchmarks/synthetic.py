"""A synthetic oncograph graph k times the size of the shipped one, for scale benchmarks.

Every curated resource (ogr:) is copied k times under new IRIs, with labels made
unique per copy, so the copy is as valid as the original and exercises every
shape and rule at scale. The ontology (og:) is shared, not copied.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

OGR = "https://w3id.org/oncograph/resource/"


def scaled_graph(graph: Graph, copies: int) -> Graph:
    """The shipped graph plus ``copies - 1`` renamed copies of its curated part."""
    out = Graph()
    out += graph
    curated = [t for t in graph if isinstance(t[0], URIRef) and str(t[0]).startswith(OGR)]
    for k in range(1, copies):
        def rename(term, k=k):
            if isinstance(term, URIRef) and str(term).startswith(OGR):
                return URIRef(f"{term}-c{k}")
            return term

        for s, p, o in curated:
            if p in (RDFS.label, SKOS.altLabel) and isinstance(o, Literal):
                o = Literal(f"{o} (copy {k})", lang=o.language)
            out.add((rename(s), p, rename(o)))
    return out
