"""The W3C vocabulary terms that the store-walking modules look up, as pyoxigraph terms, defined once.

``quads_for_pattern`` needs ``ox.NamedNode`` values; making them from rdflib's namespaces in each module meant
the same constant in six places (and an rdflib import where none was needed).
"""

from __future__ import annotations

import pyoxigraph as ox

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"

RDF_TYPE = ox.NamedNode(_RDF + "type")
RDF_FIRST, RDF_REST, RDF_NIL = (ox.NamedNode(_RDF + local) for local in ("first", "rest", "nil"))
RDFS_LABEL = ox.NamedNode(_RDFS + "label")
RDFS_SUBCLASS_OF = ox.NamedNode(_RDFS + "subClassOf")
RDFS_SUBPROPERTY_OF = ox.NamedNode(_RDFS + "subPropertyOf")
RDFS_DOMAIN, RDFS_RANGE = ox.NamedNode(_RDFS + "domain"), ox.NamedNode(_RDFS + "range")
OWL_CLASS = ox.NamedNode(_OWL + "Class")
OWL_NAMED_INDIVIDUAL = ox.NamedNode(_OWL + "NamedIndividual")
OWL_SAME_AS = ox.NamedNode(_OWL + "sameAs")
OWL_INVERSE_OF = ox.NamedNode(_OWL + "inverseOf")
OWL_SYMMETRIC_PROPERTY = ox.NamedNode(_OWL + "SymmetricProperty")
OWL_TRANSITIVE_PROPERTY = ox.NamedNode(_OWL + "TransitiveProperty")
