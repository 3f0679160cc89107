"""The plain alternative a user has: load the built Turtle into rdflib and run the saved SPARQL.

Used by benchmarks/run.py as the baseline for a cold `oncograph query`.
Usage: python plain_rdflib.py RELEASE.ttl QUERY.rq SITE-IRI
"""

import sys

from rdflib import Graph, URIRef

release, query_file, site = sys.argv[1:4]
graph = Graph().parse(release, format="turtle")
query = open(query_file, encoding="utf-8").read()
for row in graph.query(query, initBindings={"site": URIRef(site)}):
    print(row.cancerLabel)
