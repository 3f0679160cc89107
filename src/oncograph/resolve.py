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
  UNION {
    ?entity <https://w3id.org/oncograph/ontology#oncotreeName> ?name . BIND(false AS ?preferred)
    # a tissue's OncoTree name ("Lung") names an organ, not a cancer type: reached by its code or label only
    FILTER NOT EXISTS { ?entity <https://w3id.org/oncograph/ontology#oncotreeLevel> ?level FILTER(?level < 2) }
  }
}
"""
_CODES = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?code ?current WHERE {
  { ?entity skos:notation ?code ; og:oncotreeLevel ?level . BIND(true AS ?current) }
  UNION { ?entity og:formerOncotreeCode|og:mergedOncotreeCode|og:revokedOncotreeCode ?code . BIND(false AS ?current) }
}
"""
_XREFS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?xref WHERE { ?entity skos:exactMatch|skos:closeMatch ?xref }
"""
_MEMBERSHIP = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?entity WHERE { ?entity a ?direct . ?direct rdfs:subClassOf* ?class . FILTER(isIRI(?entity)) }
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


def code_iri(text: str) -> str:
    """The cross-reference IRI a code names: ``NCIT:C3512`` (prefix in any case), an IRI, or a bare OncoTree code."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return text
    prefix, sep, local = text.partition(":")
    if not sep:
        return PREFIXES["ONCOTREE"] + text.upper()
    fixed = next((p for p in PREFIXES if p.casefold() == prefix.casefold()), None)
    if fixed is None:
        known = ", ".join(p for p in ("ONCOTREE", "NCIT", "DOID", "MONDO", "UMLS"))
        raise UnknownEntityError(text, f"code (known prefixes: {known})", [])
    return PREFIXES[fixed] + (local.upper() if fixed == "ONCOTREE" else local.strip())


def normalise(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a name ("Adrenal-glands " -> "adrenal glands")."""
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def _singular(text: str) -> str:
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text


@dataclass
class EntityIndex:
    """Names of every entity, built once per graph; class memberships per kind, when first asked."""

    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_iri: dict[str, str] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)
    #: cross-reference IRI -> our entities (an NCIt code can be given for several OncoTree nodes)
    by_xref: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: current OncoTree code -> its entity; earlier (history, precursor, revoked) code -> the entities replacing it
    by_code: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_old_code: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _store: ox.Store | None = field(default=None, repr=False, compare=False)

    _SETS = ("by_name", "by_xref", "by_code", "by_old_code")
    _MAPS = ("by_iri", "preferred")

    @staticmethod
    def form() -> str:
        """What a kept index must have been made by: this module's own bytes, so any change to how names are
        indexed (``normalise``, the queries above) makes a cached index stale and it is built again."""
        import hashlib
        from pathlib import Path

        return "entity-index/" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]

    def to_json(self) -> dict[str, dict]:
        """The name tables as JSON-ready dicts (sets as sorted lists); class memberships are not kept."""
        return {**{name: {k: sorted(v) for k, v in getattr(self, name).items()} for name in self._SETS},
                **{name: dict(getattr(self, name)) for name in self._MAPS}}

    @classmethod
    def from_json(cls, data: dict[str, dict], store: ox.Store) -> EntityIndex:
        """The index ``to_json`` gave, over ``store`` (which answers class memberships when first asked).

        Reading it took 0.007 s where building it from the store took 0.053 s (the shipped graph), which a cold
        ``oncograph query`` paid.
        """
        index = cls(**{name: defaultdict(set, {k: set(v) for k, v in data[name].items()}) for name in cls._SETS},
                    **{name: dict(data[name]) for name in cls._MAPS})
        index._store = store
        return index

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
            index.by_xref[row["xref"].value].add(row["entity"].value)
        for row in store.query(_CODES):
            codes = index.by_code if row["current"].value == "true" else index.by_old_code
            codes[row["code"].value.upper()].add(row["entity"].value)
        for code in index.by_code:  # a current code always wins over a code another node once had
            index.by_old_code.pop(code, None)
        index._store = store  # members of a kind are looked up when a parameter of that kind is first resolved
        return index

    def _expand(self, kind: str) -> str:
        prefix, _, local = kind.partition(":")
        return PREFIXES[prefix] + local if prefix in PREFIXES and not kind.startswith("http") else kind

    def _allowed(self, kind: str) -> set[str] | None:
        if kind == ANY_KIND:
            return None
        iri = self._expand(kind)
        if iri not in self.members and self._store is not None:  # one class, not every entity's (1M triples: seconds)
            try:
                klass = ox.NamedNode(iri)
            except ValueError:  # not an IRI (a kind such as "code"): no entity is a member
                self.members[iri] = set()
            else:
                query = _MEMBERSHIP.replace("?class .", f"{klass} .")
                self.members[iri] = {row["entity"].value for row in self._store.query(query)}
        return self.members.get(iri, set())

    def kind_label(self, kind: str) -> str:
        if kind == ANY_KIND:
            return "entity"
        iri = self._expand(kind)
        return self.preferred.get(iri) or kind

    def resolve(self, name: str, kind: str = ANY_KIND) -> str:
        """The IRI of the entity ``name`` denotes among the members of ``kind``."""
        allowed = self._allowed(kind)
        text = name.strip()
        matches: list[str] = []
        # most specific first: our IRIs, OncoTree codes, other cross-references, names, then retired codes
        for candidates in (self._by_own_iri(text), lambda: self.oncotree_code(text), lambda: self._by_identifier(text),
                           lambda: self.by_name.get(normalise(text), set()),
                           lambda: self.by_name.get(_singular(normalise(text)), set()),
                           lambda: self.oncotree_code(text, retired=True)):
            found = candidates() if callable(candidates) else candidates
            matches = sorted(c for c in found if allowed is None or c in allowed)
            if matches:
                break
        if len(matches) > 1:
            matches = self._curated_over_its_counterparts(matches)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = ", ".join(f"{self.preferred.get(m, m)} <{m}>" for m in matches)
            raise AmbiguousEntityError(f"{clip(name)!r} names more than one {self.kind_label(kind)}: {listed}; use the IRI or CURIE")
        raise UnknownEntityError(name, self.kind_label(kind), self.suggest(text, allowed))

    def _curated_over_its_counterparts(self, matches: list[str]) -> list[str]:
        """A curated type and the OncoTree types it is joined to (its cross-references) are one place in the hierarchy.

        "melanoma" names both the curated type and OncoTree's MEL, which the curated type maps to: that is the
        same concept twice, not an ambiguity, and the curated type (which carries the facts) is the answer.
        Two unrelated entities sharing a name stay ambiguous.
        """
        coded = {node for nodes in self.by_code.values() for node in nodes}
        curated = [m for m in matches if m not in coded]
        if len(curated) != 1:
            return matches
        oncotree = PREFIXES["ONCOTREE"]
        counterparts = {node for xref, holders in self.by_xref.items() if curated[0] in holders and xref.startswith(oncotree)
                        for node in self.by_code.get(xref[len(oncotree):], ())}
        return curated if set(matches) - set(curated) <= counterparts else matches

    def _by_own_iri(self, text: str) -> set[str]:
        text = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        if text in self.by_iri:
            return {self.by_iri[text]}
        if ":" in text and not text.startswith(("http://", "https://")):
            prefix, _, local = text.partition(":")
            if prefix in ("og", "ogr") and PREFIXES[prefix] + local in self.by_iri:
                return {PREFIXES[prefix] + local}
        return set()

    def oncotree_code(self, text: str, retired: bool = False) -> set[str]:
        """Entities with OncoTree code ``LUAD`` / ``ONCOTREE:LUAD`` (prefix in any case); ``retired``: earlier codes.

        A bare code must be written as OncoTree writes it (upper case), so that a name such as "Lung" is not taken
        for the code LUNG; after the prefix any case is accepted.
        """
        prefix, sep, local = text.partition(":")
        if sep and prefix.casefold() == "oncotree":
            code = local.strip().upper()
        elif not sep and text == text.upper():
            code = text
        else:
            return set()
        return set((self.by_old_code if retired else self.by_code).get(code, ()))

    def xref(self, curie_or_iri: str) -> set[str]:
        """Our entities with the cross-reference ``NCIT:C3512`` (or its IRI)."""
        return set(self._by_identifier(curie_or_iri))

    def _by_identifier(self, text: str) -> set[str]:
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if text in self.by_xref:
            return set(self.by_xref[text])
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
            if iri and iri in self.by_xref:
                return set(self.by_xref[iri])
        return set()

    def complete(self, text: str, kind: str = ANY_KIND, limit: int = 20) -> list[tuple[str, str]]:
        """(preferred label, IRI) of entities of ``kind`` with a name starting with ``text``, then containing it.

        What a form's name completion needs: every label, synonym or OncoTree name counts, the preferred label is
        shown, and each entity is listed once.
        """
        allowed = self._allowed(kind)
        wanted = normalise(text)
        starts = sorted((n for n in self.by_name if n.startswith(wanted)), key=lambda n: (len(n), n))
        inside = sorted((n for n in self.by_name if wanted in n and not n.startswith(wanted)), key=lambda n: (len(n), n))
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        for name in starts + inside:
            for entity in sorted(self.by_name[name]):
                if entity not in seen and (allowed is None or entity in allowed):
                    seen.add(entity)
                    found.append((self.preferred.get(entity, name), entity))
            if len(found) >= limit:
                break
        return found[:limit]

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


__all__ = ["ANY_KIND", "code_iri", "AmbiguousEntityError", "EntityIndex", "UnknownEntityError", "normalise"]
