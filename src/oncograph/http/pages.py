"""HTML for people: entity pages (the ``show`` card as a page) and the ontology page.

Everything is escaped with :func:`html.escape`; our IRIs link to their pages on this server, other IRIs
(cross-references: OBO PURLs, bioregistry) link to their registries, which is where those IRIs resolve.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..cards import EntityCard, Fact
from ..namespaces import OG, OGR, ONTOLOGY_IRI

_SOURCE = "http://purl.org/dc/terms/source"
_STYLE = '<link rel="stylesheet" href="/static/style.css">'


def local_href(iri: str) -> str:
    """Where ``iri`` is shown: our resources and terms on this server, anything else at the IRI itself.

    >>> local_href("https://w3id.org/oncograph/resource/breast-cancer"), local_href("https://w3id.org/oncograph/ontology#Stage")
    ('/resource/breast-cancer', '/ontology#Stage')
    """
    if iri.startswith(OGR):
        return "/resource/" + iri[len(OGR):]
    if iri.startswith(OG):
        return "/ontology#" + iri[len(OG):]
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    return iri


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://")) and not any(ch.isspace() for ch in value)


def _value_html(fact: Fact, *, inbound: bool = False) -> str:
    if not _is_iri(fact.value):
        return escape(fact.value_label)
    external = not fact.value.startswith((OG, OGR)) and fact.value != ONTOLOGY_IRI
    rel = ' rel="external"' if external else ""
    return f'<a href="{escape(local_href(fact.value))}"{rel}>{escape(fact.value_label)}</a>'


def _rows(facts: Iterable[Fact]) -> str:
    return "\n".join(
        f'<tr><th><a href="{escape(local_href(f.property))}">{escape(f.property_label)}</a></th>'
        f"<td>{_value_html(f)}</td></tr>" for f in facts)


def card_section(card: EntityCard, anchor: str | None = None) -> str:
    """One entity as an HTML section: title, IRI, sources first, its facts, then what points at it."""
    sources = [f for f in card.facts if f.property == _SOURCE]
    facts = [f for f in card.facts if f.property != _SOURCE]
    ident = f' id="{escape(anchor)}"' if anchor else ""
    parts = [f"<section{ident} class=\"card\">", f"<h2>{escape(card.label or card.iri)}</h2>",
             f'<p class="iri"><code>{escape(card.iri)}</code></p>']
    if sources:
        parts.append("<h3>Sources</h3><ul class=\"sources\">"
                     + "".join(f"<li>{_value_html(f)}</li>" for f in sources) + "</ul>")
    if facts:
        parts.append(f"<h3>Facts</h3><table class=\"facts\">{_rows(facts)}</table>")
    if card.referenced_by:
        inbound = "\n".join(
            f'<tr><td><a href="{escape(local_href(f.value))}">{escape(f.value_label)}</a></td>'
            f'<th><a href="{escape(local_href(f.property))}">{escape(f.property_label)}</a></th><td>this</td></tr>'
            for f in card.referenced_by)
        parts.append(f"<h3>Referenced by</h3><table class=\"facts inbound\">{inbound}</table>")
    parts.append("</section>")
    return "\n".join(parts)


def page(title: str, body: str, alternates: Iterable[tuple[str, str]] = ()) -> str:
    """A whole HTML page with the shared style sheet and links to the same data in RDF formats."""
    links = "".join(f'<link rel="alternate" type="{escape(t)}" href="{escape(h)}">' for t, h in alternates)
    formats = " · ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for t, h in alternates)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)} · oncograph</title>"
            f"{_STYLE}{links}</head><body><header><a href=\"/\">oncograph</a> · <a href=\"/ontology\">ontology</a>"
            f"</header><main>{body}</main><footer>Not medical advice. {('As RDF: ' + formats) if formats else ''}"
            "</footer></body></html>\n")


__all__ = ["card_section", "local_href", "page"]
