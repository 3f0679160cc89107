"""Choosing a response format from the Accept header (RFC 9110 section 12.5.1), and the formats on offer.

Browsers ask for HTML first, SPARQL clients for a results format, RDF clients for Turtle or JSON-LD;
the same URL answers each in its own language. The table below is the one place that names the media types.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

#: SELECT and ASK answers: media type -> our format name (results.py writes them with pyoxigraph).
RESULTS_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: CONSTRUCT, DESCRIBE, entity pages and the service description: media type -> pyoxigraph RDF format.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: ``?format=`` short names some clients send instead of an Accept header.
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
               "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
               "nt": "application/n-triples", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
               "rdfxml": "application/rdf+xml", "html": "text/html"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their weights, best first (ties keep the header's order).

    >>> parse_accept("text/html;q=0.9, text/turtle, */*;q=0.1")
    [('text/turtle', 1.0), ('text/html', 0.9), ('*/*', 0.1)]
    """
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate((header or "*/*").split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = max(0.0, min(1.0, float(value)))
                except ValueError:
                    weight = 0.0
        ranges.append((media.lower(), weight, position))
    ranges.sort(key=lambda item: (-item[1], item[2]))
    return [(media, weight) for media, weight, _ in ranges]


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most (``offers`` in the server's order of preference), or ``None`` (406).

    >>> choose("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    >>> choose("application/sparql-results+json", ["text/csv"]) is None
    True
    """
    best: tuple[float, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0]
        weight = next((w for media, w in parse_accept(header)
                       if media in (offer, f"{kind}/*", "*/*")), 0.0)
        # a specific range beats a wildcard of the same weight: look for an exact match first
        exact = next((w for media, w in parse_accept(header) if media == offer), None)
        if exact is not None:
            weight = exact
        if weight > 0 and (best is None or (weight, -rank) > best):
            best, chosen = (weight, -rank), offer
    return chosen


__all__ = ["GRAPH_TYPES", "RESULTS_TYPES", "SHORT_NAMES", "choose", "parse_accept"]
