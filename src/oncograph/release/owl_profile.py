"""An OWL 2 DL check of datatypes: the part of the profile our ontology can get wrong.

OWL 2 DL reasoners only know the datatypes of the OWL 2 datatype map (OWL 2 Structural
Specification, section 4). ``rdf:langString`` is not one of them: Pellet treats a range of
``rdf:langString`` as an unknown datatype disjoint from the language-tagged strings the data
holds, and finds the ontology inconsistent, while HermiT and owlrl said nothing. No Python
library checks the OWL 2 DL profile (py-horned-owl reads OWL but has no profile checker), so
this small check covers what curated data can break: the datatypes named in the ranges and
restrictions of data properties, the datatypes of data property values, and whether each value
fits its property's declared range (a language-tagged string is not an ``xsd:string`` in OWL 2).
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import OncographError

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
PLAIN_LITERAL = RDF + "PlainLiteral"
LANG_STRING = RDF + "langString"

#: The OWL 2 datatype map (Structural Specification, section 4), plus rdfs:Literal, which OWL 2 DL also allows.
OWL2_DATATYPES = frozenset(
    [RDFS_LITERAL, PLAIN_LITERAL, RDF + "XMLLiteral", "http://www.w3.org/2002/07/owl#real", "http://www.w3.org/2002/07/owl#rational"]
    + [XSD + name for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
        "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
        "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")]
)

#: Datatypes whose values lie inside another's value space (enough for the ranges a curator writes).
_WITHIN = {
    **{XSD + n: XSD + "integer" for n in ("nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
                                          "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
                                          "unsignedByte")},
    XSD + "integer": XSD + "decimal",
    **{XSD + n: XSD + "string" for n in ("normalizedString", "token", "language", "Name", "NCName", "NMTOKEN")},
    XSD + "string": PLAIN_LITERAL,
    XSD + "dateTimeStamp": XSD + "dateTime",
}

_USED_DATATYPES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?property ?datatype WHERE {
  ?property a owl:DatatypeProperty .
  { ?property rdfs:range ?datatype }
  UNION { ?r owl:onProperty ?property ; owl:someValuesFrom|owl:allValuesFrom|owl:onDataRange ?datatype }
  FILTER(isIRI(?datatype))
  FILTER NOT EXISTS { ?datatype a rdfs:Datatype }
}
"""

_VALUES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?property ?range ?datatype ?lang (MIN(STR(?s)) AS ?example) WHERE {
  ?property a owl:DatatypeProperty .
  ?s ?property ?value .
  FILTER(isLiteral(?value))
  OPTIONAL { ?property rdfs:range ?range FILTER(isIRI(?range)) }
  BIND(DATATYPE(?value) AS ?datatype) BIND(LANG(?value) AS ?lang)
} GROUP BY ?property ?range ?datatype ?lang
"""


class OwlProfileError(OncographError):
    """The ontology leaves OWL 2 DL: reasoners would disagree about it."""

    exit_code = 1


def _fits(datatype: str, wanted: str) -> bool:
    """Whether a value of ``datatype`` lies in the value space of ``wanted``."""
    while datatype != wanted:
        if wanted == RDFS_LITERAL:
            return True
        if datatype not in _WITHIN:
            return False
        datatype = _WITHIN[datatype]
    return True


def owl2_datatype_problems(store: ox.Store) -> list[str]:
    """What breaks OWL 2 DL's datatype rules in ``store``, one readable line each (empty when fine)."""
    problems = set()
    for row in store.query(_USED_DATATYPES):
        if row["datatype"].value not in OWL2_DATATYPES:
            problems.add(f"<{row['property'].value}> uses the datatype <{row['datatype'].value}>, "
                         "which is not in the OWL 2 datatype map (use rdfs:Literal, xsd:string ...)")
    for row in store.query(_VALUES):
        datatype = PLAIN_LITERAL if row["lang"].value else row["datatype"].value
        prop, example = row["property"].value, row["example"].value
        if datatype not in OWL2_DATATYPES:
            problems.add(f"<{prop}> has a value of datatype <{datatype}> (on <{example}>), "
                         "which is not in the OWL 2 datatype map")
        elif row["range"] is not None and not _fits(datatype, row["range"].value):
            kind = f"language-tagged string (@{row['lang'].value})" if row["lang"].value else f"<{datatype}>"
            problems.add(f"<{prop}> has range <{row['range'].value}> but a value that is a {kind} (on <{example}>): "
                         "OWL 2 DL reasoners find this inconsistent")
    return sorted(problems)


def check_owl2_datatypes(store: ox.Store) -> None:
    """Raise :class:`OwlProfileError` listing every datatype problem of ``store``."""
    problems = owl2_datatype_problems(store)
    if problems:
        raise OwlProfileError("the ontology is not OWL 2 DL:\n  " + "\n  ".join(problems))


__all__ = ["OWL2_DATATYPES", "OwlProfileError", "check_owl2_datatypes", "owl2_datatype_problems"]
