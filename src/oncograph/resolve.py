"""Finding an entity by the name a person types: label, synonym, CURIE or IRI.

Users type "adrenal glands", "Adrenal gland", "UBERON:0002369" or a full IRI and
expect the same entity; a typo should get the closest names back rather than
an empty answer.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import OncographError, clip
from .namespaces import PREFIXES

_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?name ?preferred WHERE {
  { ?entity rdfs:label ?name . BIND(true AS ?preferred) }
  UNION { ?entity skos:altLabel ?name . BIND(false AS ?preferred) }
}
"""
_XREFS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?xref WHERE { ?entity skos:exactMatch|skos:closeMatch ?xref }
"""
_MEMBERSHIP = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?entity ?class WHERE { ?entity a ?direct . ?direct rdfs:subClassOf* ?class . FILTER(isIRI(?entity)) }
"""
ANY_KIND = "owl:Thing"


class UnknownEntityError(OncographError):
    """No entity of the expected kind has that name."""

    def __init__(self, name: str, kind_label: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no {kind_label} called {clip(name)!r} in the graph.{hint}")


class AmbiguousEntityError(OncographError):
    """The name fits more than one entity of the expected kind."""


def normalise(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a name ("Adrenal-glands " -> "adrenal glands")."""
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def _singular(text: str) -> str:
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text


@dataclass
class EntityIndex:
    """Names and class memberships of every entity, built once per graph."""

    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_iri: dict[str, str] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_store(cls, store: ox.Store) -> EntityIndex:
        index = cls()
        for row in store.query(_NAMES):
            entity, name = row["entity"].value, row["name"].value
            index.by_name[normalise(name)].add(entity)
            index.by_iri[entity] = entity
            if row["preferred"].value == "true":
                index.preferred[entity] = name
        for row in store.query(_XREFS):
            index.by_iri[row["xref"].value] = row["entity"].value
        for row in store.query(_MEMBERSHIP):
            index.members[row["class"].value].add(row["entity"].value)
        return index

    def _expand(self, kind: str) -> str:
        prefix, _, local = kind.partition(":")
        return PREFIXES[prefix] + local if prefix in PREFIXES and not kind.startswith("http") else kind

    def _allowed(self, kind: str) -> set[str] | None:
        return None if kind == ANY_KIND else self.members.get(self._expand(kind), set())

    def kind_label(self, kind: str) -> str:
        if kind == ANY_KIND:
            return "entity"
        iri = self._expand(kind)
        return self.preferred.get(iri) or kind

    def resolve(self, name: str, kind: str = ANY_KIND) -> str:
        """The IRI of the entity ``name`` denotes among the members of ``kind``."""
        allowed = self._allowed(kind)
        text = name.strip()
        candidates = self._by_identifier(text) or self.by_name.get(normalise(text)) or self.by_name.get(_singular(normalise(text)), set())
        matches = sorted(c for c in candidates if allowed is None or c in allowed)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = ", ".join(f"{self.preferred.get(m, m)} <{m}>" for m in matches)
            raise AmbiguousEntityError(f"{clip(name)!r} names more than one {self.kind_label(kind)}: {listed}; use the IRI or CURIE")
        raise UnknownEntityError(name, self.kind_label(kind), self.suggest(text, allowed))

    def _by_identifier(self, text: str) -> set[str]:
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if text in self.by_iri:
            return {self.by_iri[text]}
        if ":" in text and not text.startswith(("http://", "https://")):
            import curies  # imported here: only CURIE input pays its start-up cost

            iri = curies.Converter.from_prefix_map(PREFIXES).expand(text)
            if iri is None:
                # CURIE prefixes are case-sensitive in principle; users type "uberon:" too
                prefix, _, local = text.partition(":")
                fixed = next((p for p in PREFIXES if p.casefold() == prefix.casefold()), None)
                iri = PREFIXES[fixed] + local if fixed else None
            if iri and iri in self.by_iri:
                return {self.by_iri[iri]}
        return set()

    def suggest(self, text: str, allowed: set[str] | None, limit: int = 3) -> list[str]:
        """Preferred labels of the closest names among the allowed entities."""
        names = {n: ents for n, ents in self.by_name.items() if allowed is None or ents & allowed}
        wanted = normalise(text)
        containing = sorted((n for n in names if wanted and wanted in n), key=len)
        # a very long input is no typo of a label, and difflib would take seconds on it
        fuzzy = difflib.get_close_matches(wanted, list(names), n=limit * 2, cutoff=0.6) if len(wanted) <= 200 else []
        close = containing + fuzzy
        labels: list[str] = []
        for match in close:
            for entity in sorted(names[match]):
                label = self.preferred.get(entity, match)
                if label not in labels and (allowed is None or entity in allowed):
                    labels.append(label)
        return labels[:limit]


__all__ = ["ANY_KIND", "AmbiguousEntityError", "EntityIndex", "UnknownEntityError", "normalise"]
