"""The release's data pages (``docs/<category>.html``): the entities of each category with their cross-references.

pyLODE documents the TBox; these pages list the ABox, one page per category (cancer types, anatomical sites,
staging systems, therapies, drugs once the TBox has them, sources). Each row gives the entity's label, CURIE,
code, definition and its cross-references as links into the registries (OBO PURLs, bioregistry). Cancer types
(about 900 with the OncoTree import) get one table per OncoTree main type. The pages are plain HTML with the
style inline, so they work offline; rows are sorted, so the same graph gives the same bytes.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import OG, compact
from ..rdf_terms import RDF_TYPE


@dataclass(frozen=True)
class Category:
    """One data page: its file name, title and the class whose members (subclasses included) it lists."""

    slug: str
    title: str
    class_iri: str
    grouped_by_main_type: bool = False


CATEGORIES = (
    Category("cancer-types", "Cancer types", OG + "CancerType", grouped_by_main_type=True),
    Category("anatomical-sites", "Anatomical sites", OG + "AnatomicalSite"),
    Category("staging-systems", "Staging and grading systems", OG + "ClassificationSystem"),
    Category("therapies", "Therapies", OG + "Therapy"),
    Category("drugs", "Drugs", OG + "Drug"),
    Category("sources", "Sources", OG + "Source"),
)

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"

#: The columns of a row and the predicates each is read from (a date is the modified or the issued one).
_FIELDS = {"label": (_RDFS + "label",), "definition": (_SKOS + "definition",), "notation": (_SKOS + "notation",),
           "group": (OG + "oncotreeMainType",), "publisher": (_DCTERMS + "publisher",),
           "date": (_DCTERMS + "modified", _DCTERMS + "issued"), "identifier": (_DCTERMS + "identifier",)}
_NO_VALUES = dict.fromkeys(_FIELDS, "")
#: The cross-reference predicates, with how a link names its relation.
_XREF_PREDICATES = {_SKOS + "exactMatch": "exact", _SKOS + "closeMatch": "close", _SKOS + "broadMatch": "broad",
                    _SKOS + "narrowMatch": "narrow", _SKOS + "relatedMatch": "related"}

_SUBCLASSES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?type WHERE { ?type rdfs:subClassOf* ?class }
"""

_STYLE = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 1.5em auto; max-width: 80em; padding: 0 1em; color: #222; }
nav a { margin-right: 1em; } table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; font-size: 0.9em; }
th { background: #eef; } code { font-size: 0.95em; } .xref { white-space: nowrap; } .note { color: #555; }
"""


def members(store: ox.Store, class_iri: str) -> set[str]:
    """The IRIs typed with ``class_iri`` or one of its subclasses.

    The subclasses are found first and their members read from the store's index: the property path
    ``?entity a/rdfs:subClassOf* ?class`` took 0.5-1 s a query at 1M triples even for a class with 200 members
    (1M generated graph, 2 cores, under load), and the pages asked it twelve times.
    """
    klass = {ox.Variable("class"): ox.NamedNode(class_iri)}
    entities: set[str] = set()
    for solution in store.query(_SUBCLASSES, substitutions=klass):
        for quad in store.quads_for_pattern(None, RDF_TYPE, solution["type"], ox.DefaultGraph()):
            if isinstance(quad.subject, ox.NamedNode):
                entities.add(quad.subject.value)
    return entities


def _scan(store: ox.Store, predicate: str, entities: set[str]) -> Iterator[tuple[str, ox.NamedNode | ox.Literal]]:
    """(subject IRI, object) of each ``predicate`` triple whose subject is one of ``entities``.

    Entities are kept as IRI strings, whose hashes Python caches (``NamedNode`` keys made the row lookups about
    twice as slow). A blank node's id never equals an IRI: it has no ``:``.
    """
    for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph()):
        subject = quad.subject.value
        if subject in entities:
            yield subject, quad.object


class _Facts:
    """The values the pages show for a set of entities, read by one scan of each predicate for all the pages.

    A scan of a predicate's triples costs about 2 us a triple; asking the same in SPARQL costs three times that
    in the conversion of its solutions, and asking it entity by entity about 18 us a lookup (1M generated graph,
    2 cores, under load). Where an entity has more than one value for a column, the page shows the smallest
    (the former query's SAMPLE picked one in the store's order); neither the shipped nor the generated graph has
    such an entity.
    """

    def __init__(self, store: ox.Store, entities: set[str]) -> None:
        #: The columns each entity has a value for.
        self.values: dict[str, dict[str, str]] = defaultdict(dict)
        for name, predicates in _FIELDS.items():
            for predicate in predicates:
                for subject, term in _scan(store, predicate, entities):
                    value, known = term.value, self.values[subject]
                    if name not in known or value < known[name]:
                        known[name] = value
        #: (CURIE, relation, IRI) by entity. The 126 000 cross-references of the 1M graph name 3 300 IRIs, and
        #: a CURIE costs 1-4 us to make: each is made once.
        self.xrefs: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        curies: dict[str, str] = {}
        for predicate, relation in _XREF_PREDICATES.items():
            for subject, xref in _scan(store, predicate, entities):
                if isinstance(xref, ox.NamedNode):
                    iri = xref.value
                    if iri not in curies:
                        curies[iri] = compact(iri)
                    self.xrefs[subject].add((curies[iri], relation, iri))

    def row(self, entity: str) -> dict[str, object]:
        """One entity's row: its columns (empty when it has no value), IRI, CURIE and cross-references, which are
        (CURIE, relation, IRI) sorted."""
        row: dict[str, object] = {**_NO_VALUES, **self.values.get(entity, {})}
        row["iri"] = entity
        row["curie"] = compact(entity)
        row["xrefs"] = sorted(self.xrefs.get(entity, ()))
        return row


def category_rows(store: ox.Store, category: Category, facts: _Facts | None = None,
                  entities: set[str] | None = None) -> list[dict[str, object]]:
    """The members of ``category``, sorted by label then IRI, each with its cross-references (see ``_Facts.row``).

    ``entities`` (the category's members) and ``facts`` (read for them or more) are given when the caller has
    them already; :func:`data_pages` reads the facts of every page at once.
    """
    entities = members(store, category.class_iri) if entities is None else entities
    facts = _Facts(store, entities) if facts is None else facts
    rows = [facts.row(entity) for entity in entities]
    return sorted(rows, key=lambda row: (str(row["label"]).casefold(), row["iri"]))


def _xref_cell(xrefs: list[tuple[str, str, str]]) -> str:
    links = [f'<span class="xref"><a href="{html.escape(iri)}">{html.escape(curie)}</a>'
             + ("" if relation == "exact" else f" ({relation})") + "</span>" for curie, relation, iri in xrefs]
    return ", ".join(links)


def _table(rows: list[dict[str, object]], sources: bool) -> str:
    if sources:
        head = "<tr><th>Source</th><th>CURIE</th><th>Publisher</th><th>Date</th><th>Link</th><th>Description</th></tr>"
        body = [
            f'{_row_start(r)}<td>{html.escape(str(r["publisher"]))}</td><td>{html.escape(str(r["date"]))}</td>'
            f'<td>{_link(str(r["identifier"]))}</td><td>{html.escape(str(r["definition"]))}</td></tr>'
            for r in rows]
    else:
        head = "<tr><th>Label</th><th>CURIE</th><th>Code</th><th>Definition</th><th>Cross-references</th></tr>"
        body = [
            f'{_row_start(r)}<td>{html.escape(str(r["notation"]))}</td>'
            f'<td>{html.escape(str(r["definition"]))}</td><td>{_xref_cell(r["xrefs"])}</td></tr>'  # type: ignore[arg-type]
            for r in rows]
    return "<table>\n" + head + "\n" + "\n".join(body) + "\n</table>\n"


def _row_start(row: dict[str, object]) -> str:
    """A row's opening, its id (the CURIE, ``-`` for ``:``), label and CURIE cells."""
    curie = html.escape(str(row["curie"]))
    return f'<tr id="{curie.replace(":", "-")}"><td>{html.escape(str(row["label"]))}</td><td><code>{curie}</code></td>'


def _link(text: str) -> str:
    if text.startswith(("https://", "http://")):
        return f'<a href="{html.escape(text)}">{html.escape(text)}</a>'
    return html.escape(text)


def navigation(categories: list[Category]) -> str:
    """The links between the documentation pages (the pyLODE page is ``index.html``)."""
    links = ['<a href="index.html">Ontology (classes and properties)</a>']
    links += [f'<a href="{c.slug}.html">{html.escape(c.title)}</a>' for c in categories]
    return "<nav>" + " ".join(links) + "</nav>"


def category_page(store: ox.Store, category: Category, categories: list[Category], version: str,
                  rows: list[dict[str, object]] | None = None) -> str:
    """One data page as HTML text (of ``rows`` when the caller has read them, see :func:`category_rows`)."""
    rows = category_rows(store, category) if rows is None else rows
    parts = [f"<h1>{html.escape(category.title)}</h1>",
             f'<p class="note">oncograph release {html.escape(version)}: {len(rows)} entities (members of '
             f"<code>{html.escape(compact(category.class_iri))}</code> and its subclasses). Cross-references link to "
             "the registries; a match is exact unless marked. Not medical advice.</p>"]
    if category.grouped_by_main_type:
        groups: dict[str, list[dict[str, object]]] = defaultdict(list)
        for row in rows:
            groups[str(row["group"]) or "Curated (not an OncoTree node)"].append(row)
        names = sorted(groups, key=lambda g: (not g.startswith("Curated"), g.casefold()))
        parts.append("<p>OncoTree main types: " + ", ".join(
            f'<a href="#group-{index}">{html.escape(name)}</a> ({len(groups[name])})' for index, name in enumerate(names))
            + "</p>")
        for index, name in enumerate(names):
            parts.append(f'<h2 id="group-{index}">{html.escape(name)}</h2>')
            parts.append(_table(groups[name], sources=False))
    else:
        parts.append(_table(rows, sources=category.slug == "sources"))
    return _page(f"{category.title} - oncograph {version}", navigation(categories) + "\n" + "\n".join(parts))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def data_pages(store: ox.Store, tbox_classes: set[str], version: str) -> dict[str, str]:
    """Every data page whose class the TBox declares, by file name (``cancer-types.html`` ...)."""
    categories = [c for c in CATEGORIES if c.class_iri in tbox_classes]
    entities = {c.slug: members(store, c.class_iri) for c in categories}
    facts = _Facts(store, set().union(*entities.values()))
    return {f"{c.slug}.html": category_page(store, c, categories, version, category_rows(store, c, facts, entities[c.slug]))
            for c in categories}


__all__ = ["CATEGORIES", "Category", "category_page", "category_rows", "data_pages", "members", "navigation"]
