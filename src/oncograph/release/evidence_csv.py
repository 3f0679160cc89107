"""``dist/metastasis-evidence.csv``: every metastasis observation as one CSV row, for programs.

One row per observation node (numeric ones from the studies, qualitative ones from sources without a number),
sorted by the node's IRI, with empty cells where the source gives no value, so the same graph always gives the
same bytes. It takes a pyoxigraph store, not the graph hub.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from ..namespaces import PREFIXES

HEADER = ("observation", "cancer", "cancer_iri", "site", "site_iri", "percent", "numerator", "denominator",
          "patients", "design", "study", "source")

_ROWS = """
SELECT ?observation ?cancerLabel ?cancer ?siteLabel ?site ?percent ?numerator ?denominator ?patients
       ?designLabel ?studyLabel ?sourceLabel WHERE {
  ?observation og:forCancer ?cancer ; og:metastasisSite ?site ;
               dcterms:source ?source .
  ?cancer rdfs:label ?cancerLabel .
  ?site rdfs:label ?siteLabel .
  ?source rdfs:label ?pageLabel .
  OPTIONAL { ?observation og:percent ?percent }
  OPTIONAL { ?observation og:numerator ?numerator }
  OPTIONAL { ?observation og:denominator ?denominator }
  OPTIONAL { ?observation og:tableOrFigure ?place }
  OPTIONAL { ?source a og:Study ; rdfs:label ?studyLabel ; og:studyDesign/rdfs:label ?designLabel ; og:cohortSize ?studyCohort }
  OPTIONAL { ?observation og:cohortSize ?ownCohort }
  BIND(COALESCE(?ownCohort, ?studyCohort) AS ?patients)
  OPTIONAL { ?source og:doi ?doi }
  OPTIONAL { ?source og:pmid ?pmid }
  BIND(IF(BOUND(?doi), CONCAT("doi:", ?doi), IF(BOUND(?pmid), CONCAT("PMID:", ?pmid), STR(?pageLabel))) AS ?citation)
  BIND(IF(BOUND(?place), CONCAT(?citation, ", ", ?place), ?citation) AS ?sourceLabel)
}
ORDER BY ?observation
"""
_COLUMNS = ("observation", "cancerLabel", "cancer", "siteLabel", "site", "percent", "numerator", "denominator",
            "patients", "designLabel", "studyLabel", "sourceLabel")


def metastasis_evidence_csv(store: ox.Store) -> str:
    """The CSV text: :data:`HEADER`, then one row per observation (plain values, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for solution in store.query(_ROWS, prefixes=PREFIXES):
        writer.writerow(["" if solution[c] is None else solution[c].value for c in _COLUMNS])
    return out.getvalue()


__all__ = ["HEADER", "metastasis_evidence_csv"]
