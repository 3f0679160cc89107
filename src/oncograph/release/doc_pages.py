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
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import OG, compact


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

_XREF_PREDICATES = {"exactMatch": "exact", "closeMatch": "close", "broadMatch": "broad", "narrowMatch": "narrow",
                    "relatedMatch": "related"}

_MEMBERS = """
PREFIX og: <https://w3id.org/oncograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?class ?entity (SAMPLE(?label0) AS ?label) (SAMPLE(?definition0) AS ?definition) (SAMPLE(?notation0) AS ?notation)
       (SAMPLE(?group0) AS ?group) (SAMPLE(?publisher0) AS ?publisher) (SAMPLE(?date0) AS ?date)
       (SAMPLE(?identifier0) AS ?identifier) WHERE {
  ?entity a/rdfs:subClassOf* ?class . FILTER(isIRI(?entity))
  OPTIONAL { ?entity rdfs:label ?label0 }
  OPTIONAL { ?entity skos:definition ?definition0 }
  OPTIONAL { ?entity skos:notation ?notation0 }
  OPTIONAL { ?entity og:oncotreeMainType ?group0 }
  OPTIONAL { ?entity dcterms:publisher ?publisher0 }
  OPTIONAL { ?entity dcterms:modified|dcterms:issued ?date0 }
  OPTIONAL { ?entity dcterms:identifier ?identifier0 }
} GROUP BY ?class ?entity
"""

_XREFS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?class ?entity ?relation ?xref WHERE {
  ?entity a/rdfs:subClassOf* ?class ; ?relation ?xref .
  VALUES ?relation { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch }
  FILTER(isIRI(?entity) && isIRI(?xref))
}
"""

_STYLE = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 1.5em auto; max-width: 80em; padding: 0 1em; color: #222; }
nav a { margin-right: 1em; } table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; font-size: 0.9em; }
th { background: #eef; } code { font-size: 0.95em; } .xref { white-space: nowrap; } .note { color: #555; }
"""


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    return "" if term is None else term.value


def category_rows(store: ox.Store, category: Category) -> list[dict[str, object]]:
    """The members of ``category``, sorted by label then IRI, each with its cross-references (relation, IRI)."""
    klass = {ox.Variable("class"): ox.NamedNode(category.class_iri)}
    xrefs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for solution in store.query(_XREFS, substitutions=klass):
        relation = _XREF_PREDICATES[solution["relation"].value.rsplit("#", 1)[1]]
        xrefs[solution["entity"].value].append((relation, solution["xref"].value))
    rows = []
    for solution in store.query(_MEMBERS, substitutions=klass):
        iri = solution["entity"].value
        row: dict[str, object] = {name: _value(solution[name]) for name in
                                  ("label", "definition", "notation", "group", "publisher", "date", "identifier")}
        row["iri"] = iri
        row["xrefs"] = sorted(xrefs.get(iri, []), key=lambda pair: (compact(pair[1]), pair[0]))
        rows.append(row)
    return sorted(rows, key=lambda row: (str(row["label"]).casefold(), row["iri"]))


def _xref_cell(xrefs: list[tuple[str, str]]) -> str:
    links = [f'<span class="xref"><a href="{html.escape(iri)}">{html.escape(compact(iri))}</a>'
             + ("" if relation == "exact" else f" ({relation})") + "</span>" for relation, iri in xrefs]
    return ", ".join(links)


def _table(rows: list[dict[str, object]], sources: bool) -> str:
    if sources:
        head = "<tr><th>Source</th><th>CURIE</th><th>Publisher</th><th>Date</th><th>Link</th><th>Description</th></tr>"
        body = [
            f'<tr id="{html.escape(compact(str(r["iri"])).replace(":", "-"))}"><td>{html.escape(str(r["label"]))}</td>'
            f'<td><code>{html.escape(compact(str(r["iri"])))}</code></td><td>{html.escape(str(r["publisher"]))}</td>'
            f'<td>{html.escape(str(r["date"]))}</td>'
            f'<td>{_link(str(r["identifier"]))}</td><td>{html.escape(str(r["definition"]))}</td></tr>'
            for r in rows]
    else:
        head = "<tr><th>Label</th><th>CURIE</th><th>Code</th><th>Definition</th><th>Cross-references</th></tr>"
        body = [
            f'<tr id="{html.escape(compact(str(r["iri"])).replace(":", "-"))}"><td>{html.escape(str(r["label"]))}</td>'
            f'<td><code>{html.escape(compact(str(r["iri"])))}</code></td><td>{html.escape(str(r["notation"]))}</td>'
            f'<td>{html.escape(str(r["definition"]))}</td><td>{_xref_cell(r["xrefs"])}</td></tr>'  # type: ignore[arg-type]
            for r in rows]
    return "<table>\n" + head + "\n" + "\n".join(body) + "\n</table>\n"


def _link(text: str) -> str:
    if text.startswith(("https://", "http://")):
        return f'<a href="{html.escape(text)}">{html.escape(text)}</a>'
    return html.escape(text)


def navigation(categories: list[Category]) -> str:
    """The links between the documentation pages (the pyLODE page is ``index.html``)."""
    links = ['<a href="index.html">Ontology (classes and properties)</a>']
    links += [f'<a href="{c.slug}.html">{html.escape(c.title)}</a>' for c in categories]
    return "<nav>" + " ".join(links) + "</nav>"


def category_page(store: ox.Store, category: Category, categories: list[Category], version: str) -> str:
    """One data page as HTML text."""
    rows = category_rows(store, category)
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
    return {f"{c.slug}.html": category_page(store, c, categories, version) for c in categories}


__all__ = ["CATEGORIES", "Category", "category_page", "category_rows", "data_pages", "navigation"]
