"""The release's documentation (``docs/``): the TBox by pyLODE, the data pages, and the checks before publishing.

pyLODE (OntPub profile) writes one self-contained HTML page for the ontology: its CSS and icons are inline, so
it works offline. Two things make its output depend on more than its input, and both are fixed here: blank
nodes (rdflib labels them at random; the TBox is canonicalised first, as every RDF file of the release is) and
the members of an OWL union or intersection, which pyLODE collects in a Python ``set`` of HTML elements and so
writes in memory-address order (sorted here by their HTML while the page is made).

Before the build publishes, :func:`check_documentation` makes sure every class and property of the TBox has its
section in the page, and :func:`external_assets` that no page loads anything from the network.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ..errors import OncographError
from ..namespaces import OG
from ..serialize import canonical
from .doc_pages import CATEGORIES, data_pages, navigation

DOCS_FOLDER = "docs"
#: The kinds of TBox term that must each have a section in ``docs/index.html``.
TERM_TYPES = {OWL.Class: "class", OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "data property",
              OWL.AnnotationProperty: "annotation property"}


class DocumentationError(OncographError):
    """The generated documentation misses a TBox term or loads an asset from the network; nothing is published."""

    exit_code = 1


def tbox_terms(tbox: Graph) -> dict[str, str]:
    """oncograph's own classes and properties (``og:`` IRIs), each with its kind, sorted by IRI."""
    terms: dict[str, str] = {}
    for rdf_type, kind in TERM_TYPES.items():
        for subject in tbox.subjects(RDF.type, rdf_type):
            if str(subject).startswith(OG):
                terms.setdefault(str(subject), kind)
    return dict(sorted(terms.items()))


@contextlib.contextmanager
def _ordered_class_sets() -> Iterator[None]:
    """While pyLODE runs, write the members of unions and intersections in a fixed order (see the module doc)."""
    from pylode import utils

    original = utils.intersperse

    def ordered(items, separator):  # noqa: ANN001, ANN202 - pyLODE's own signature
        return original(sorted(items, key=lambda element: element.render() if hasattr(element, "render") else str(element)),
                        separator)

    utils.intersperse = ordered
    try:
        yield
    finally:
        utils.intersperse = original


def ontology_page(tbox: Graph) -> str:
    """The pyLODE page of ``tbox`` (which should carry the release's version IRI and date)."""
    import logging

    with _root_logging_kept():
        from pylode import OntPub

        logging.getLogger().setLevel(logging.WARNING)  # after the import, whose basicConfig set DEBUG
        with _ordered_class_sets():
            return OntPub(canonical(tbox), sort_subjects=True).make_html()


@contextlib.contextmanager
def _root_logging_kept() -> Iterator[None]:
    """pyLODE calls ``logging.basicConfig(level=DEBUG)`` when imported and logs each step on the root logger:
    put the root logger's handlers and level back as they were afterwards."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)


class _Sections(HTMLParser):
    """The IRIs documented by a pyLODE page: the ``<code>`` of each ``<div class="... entity">``'s IRI row."""

    def __init__(self) -> None:
        super().__init__()
        self.iris: set[str] = set()
        self._in_entity = 0
        self._depth = 0
        self._code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self._depth += 1
            if "entity" in (dict(attrs).get("class") or "").split() and not self._in_entity:
                self._in_entity = self._depth
        elif tag == "code" and self._in_entity:
            self._code = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._in_entity == self._depth:
                self._in_entity = 0
            self._depth -= 1
        elif tag == "code" and self._code is not None:
            self.iris.add("".join(self._code).strip())
            self._code = None

    def handle_data(self, data: str) -> None:
        if self._code is not None:
            self._code.append(data)


def documented_iris(page: str) -> set[str]:
    """The IRIs that have their own section in a pyLODE page."""
    parser = _Sections()
    parser.feed(page)
    return parser.iris


class _Assets(HTMLParser):
    """What a page would load (not links a reader may follow): scripts, styles, images, frames, CSS ``url()``."""

    LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("embed", "src"),
               ("object", "data"), ("link", "href")}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in self.LOADING and value:
                self.urls.append(value)
            if name == "style" and value:
                self._css(value)
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self._css(data)

    def _css(self, text: str) -> None:
        self.urls += [m.strip("'\" ") for m in re.findall(r"url\(([^)]*)\)", text)]
        self.urls += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", text)


def external_assets(page: str) -> list[str]:
    """The URLs of things ``page`` loads from the network (``http:``, ``https:`` or protocol-relative ``//``)."""
    return sorted({url for url in _asset_urls(page) if url.lower().startswith(("http:", "https:", "//"))})


#: What :class:`_Assets` acts on, lower-cased: a loading tag's name after its ``<``, or ``style`` (the element,
#: or an attribute when ``=`` follows). Anything the parser reports starts at one of these.
_LOADING_TAGS = tuple(f"<{tag}" for tag in sorted({tag for tag, _ in _Assets.LOADING} | {"style"}))
_ATTRIBUTE_VALUE = re.compile(r"\s*=")


def _asset_urls(page: str) -> list[str]:
    """What :class:`_Assets` finds in ``page``, parsing it only as far as the last place that may load something.

    The data pages are large (32 MB at 1M triples) and load nothing after the ``<style>`` of their head: parsing
    all of them took 6.5 s, the lower-cased copy and the search for that place 0.1 s (1M generated graph,
    2 cores, under load). The parser reads on from a clean state (no tag, comment or style element left
    open), so what it would find beyond the prefix could only start at such a place; when the state is not
    clean, or a character changes length when lower-cased, the whole page is parsed as before.
    """
    lowered = page.lower()
    start = _last_loading_place(lowered) if len(lowered) == len(page) else len(page)
    if start < 0:
        return []
    close = page.find("</", start)
    end = page.find(">", close) if close >= 0 else -1
    end = end + 1 if end >= 0 else len(page)  # just after the first end tag that follows, else the whole page
    parser = _Assets()
    parser.feed(page[:end])
    # rawdata (what the parser holds back unread) and cdata_elem (inside <script> or <style>) are HTMLParser's own
    if end < len(page) and (parser.rawdata or parser.cdata_elem or parser.in_style):  # not clean: parse it all
        parser = _Assets()
        parser.feed(page)
    return parser.urls


def _last_loading_place(lowered: str) -> int:
    """Where the last loading tag or ``style`` attribute of a lower-cased page starts (-1: none)."""
    last = max(lowered.rfind(tag) for tag in _LOADING_TAGS)
    end = len(lowered)
    while (found := lowered.rfind("style", last + 1, end)) >= 0:
        if _ATTRIBUTE_VALUE.match(lowered, found + len("style")):
            return found
        end = found + len("style") - 1
    return last


def check_documentation(pages: dict[str, str], tbox: Graph) -> None:
    """Refuse documentation that misses a TBox class or property, or that would load an asset from the network."""
    documented = documented_iris(pages["index.html"])
    missing = [f"{kind} <{iri}>" for iri, kind in tbox_terms(tbox).items() if iri not in documented]
    if missing:
        raise DocumentationError(f"the ontology documentation misses {len(missing)} TBox terms, nothing was published: "
                                 + "; ".join(missing))
    remote = {name: external_assets(page) for name, page in sorted(pages.items())}
    remote = {name: urls for name, urls in remote.items() if urls}
    if remote:
        raise DocumentationError("the documentation would load assets from the network, nothing was published: "
                                 + "; ".join(f"{name}: {', '.join(urls)}" for name, urls in remote.items()))


def documentation(tbox: Graph, store, version: str) -> dict[str, bytes]:  # noqa: ANN001 - a pyoxigraph Store
    """Every page of ``docs/``, checked, by path in the release (``docs/index.html``, ``docs/cancer-types.html`` ...)."""
    classes = {iri for iri, kind in tbox_terms(tbox).items() if kind == "class"}
    pages = data_pages(store, classes, version)
    index = ontology_page(tbox)
    nav = navigation([c for c in CATEGORIES if c.class_iri in classes])
    pages["index.html"] = index.replace("<body>", f"<body>\n{nav}", 1)
    check_documentation(pages, tbox)
    return {f"{DOCS_FOLDER}/{name}": page.encode("utf-8") for name, page in sorted(pages.items())}


__all__ = ["DOCS_FOLDER", "DocumentationError", "check_documentation", "documentation", "documented_iris",
           "external_assets", "ontology_page", "tbox_terms"]
