"""The release's documentation and figures: every TBox term documented, offline pages, data pages, valid images."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from oncograph.release.docs import DocumentationError, check_documentation, documented_iris, external_assets, tbox_terms
from oncograph.resources import ontology_dir


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return Graph().parse(ontology_dir() / "oncograph.ttl")


@pytest.fixture(scope="module")
def docs(built_release) -> dict[str, str]:
    folder = built_release.out / "docs"
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.html"))}


def test_every_tbox_class_and_property_is_documented_with_label_definition_and_version(docs, tbox: Graph) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDFS, SKOS

    terms = tbox_terms(tbox)
    assert sum(kind == "class" for kind in terms.values()) >= 30 and len(terms) >= 100
    index = docs["index.html"]
    assert set(terms) <= documented_iris(index)
    text = re.sub(r"\s+", " ", index)
    for iri in terms:
        label = tbox.value(URIRef(iri), RDFS.label)
        definition = tbox.value(URIRef(iri), SKOS.definition)
        assert label is None or str(label) in text, iri
        assert definition is None or re.sub(r"\s+", " ", str(definition)).replace("'", "&#x27;") in text \
            or re.sub(r"\s+", " ", str(definition)) in text, iri
    assert "https://w3id.org/oncograph/releases/2026-11-24/oncograph-full.owl" in index and "2026-11-24" in index
    assert "In Domain Of" in index and "In Range Of" in index  # domains and ranges are shown


def test_documentation_works_offline(docs) -> None:
    assert {name: external_assets(page) for name, page in docs.items()} == {name: [] for name in docs}
    assert external_assets('<link rel="stylesheet" href="https://cdn.example.org/x.css"><img src="//x.org/a.png">'
                           '<style>@import "http://x.org/y.css"; b { background: url(https://x.org/i.png) }</style>') == [
        "//x.org/a.png", "http://x.org/y.css", "https://cdn.example.org/x.css", "https://x.org/i.png"]


def test_documentation_missing_a_class_or_loading_a_cdn_is_refused(docs, tbox: Graph) -> None:
    index = docs["index.html"]
    start = index.index('<div class="property entity" id="CancerType">')
    end = index.index('<div class="property entity"', start + 10)
    broken = {**docs, "index.html": index[:start] + index[end:]}
    with pytest.raises(DocumentationError, match=r"misses 1 TBox terms.*class <https://w3id.org/oncograph/ontology#CancerType>"):
        check_documentation(broken, tbox)
    remote = {**docs, "sources.html": docs["sources.html"].replace("</head>", '<script src="https://cdn.example.org/a.js"></script></head>')}
    with pytest.raises(DocumentationError, match="sources.html: https://cdn.example.org/a.js"):
        check_documentation(remote, tbox)
    check_documentation(docs, tbox)  # the published pages pass


def test_data_pages_list_entities_with_registry_links(docs, kg) -> None:
    assert {"index.html", "cancer-types.html", "anatomical-sites.html", "staging-systems.html", "therapies.html",
            "sources.html"} <= set(docs)
    cancers = docs["cancer-types.html"]
    assert cancers.count("<tr id=") == kg.class_counts()["cancer type"]
    breast = re.search(r'<tr id="ogr-breast-cancer">.*?</tr>', cancers).group(0)
    assert '<a href="http://purl.obolibrary.org/obo/DOID_1612">DOID:1612</a>' in breast
    luad = re.search(r'<tr id="ogr-oncotree-LUAD">.*?</tr>', cancers).group(0)
    assert "<td>LUAD</td>" in luad and '<a href="http://purl.obolibrary.org/obo/NCIT_C3512">NCIT:C3512</a>' in luad
    assert '<h2 id="group-' in cancers and ">Non-Small Cell Lung Cancer</h2>" in cancers
    assert 'href="http://purl.obolibrary.org/obo/UBERON_0002369">UBERON:0002369</a>' in docs["anatomical-sites.html"]
    assert "CTCA: Stage 4 cancer" in docs["sources.html"]
    assert all('<a href="cancer-types.html">' in page for page in docs.values())  # every page links the others


def _png_size(data: bytes) -> tuple[int, int]:
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.verify()
    return image.size


def test_release_figures_are_valid_images(built_release) -> None:
    import xml.etree.ElementTree as ET

    figures = built_release.out / "figures"
    width, height = _png_size((figures / "cancer-hierarchy.png").read_bytes())
    assert width >= 1000 and 400 <= height <= width
    assert ET.fromstring((figures / "cancer-hierarchy.svg").read_bytes()).tag == "{http://www.w3.org/2000/svg}svg"
    width, height = _png_size((figures / "metastasis-heatmap.png").read_bytes())
    assert width >= 400 and height >= 400
    assert ET.fromstring((figures / "metastasis-heatmap.svg").read_bytes()).tag == "{http://www.w3.org/2000/svg}svg"
    for step in ("docs", "figures"):
        assert re.search(rf"^  {step} +\d+\.\d\d s", built_release.stderr, re.MULTILINE), step
    sums = (built_release.out / "SHA256SUMS").read_text(encoding="utf-8")
    assert "  docs/index.html\n" in sums and "  figures/cancer-hierarchy.svg\n" in sums


def test_the_build_step_refuses_a_page_that_misses_a_class(docs, kg, monkeypatch) -> None:
    """The build's docs step runs the check: a pyLODE page without og:Stage stops it (so nothing is published)."""
    from oncograph import build
    from oncograph.release import docs as docs_module
    from oncograph.sourceset import SourceSet

    index = docs["index.html"]
    start = index.index('<div class="property entity" id="Stage">')
    end = index.index('<div class="property entity"', start + 10)
    monkeypatch.setattr(docs_module, "ontology_page", lambda tbox: index[:start] + index[end:])
    with pytest.raises(DocumentationError, match="class <https://w3id.org/oncograph/ontology#Stage>"):
        build._documentation(SourceSet.in_folder(ontology_dir()), kg, "2026-11-24")
    assert issubclass(DocumentationError, build.OncographError) and DocumentationError.exit_code == 1


@pytest.mark.parametrize("name", ["metastasis-heatmap.png", "cancer-hierarchy.png"])
def test_the_readme_shows_the_figures_the_build_makes(built_release, name: str) -> None:
    """The README's copies (docs/figures/) are the release's bytes, so they cannot go stale unnoticed."""
    from oncograph.resources import ontology_dir

    copy = ontology_dir().parent / "docs" / "figures" / name
    assert f"](docs/figures/{name})" in (ontology_dir().parent / "README.md").read_text(encoding="utf-8")
    assert copy.read_bytes() == (built_release.out / "figures" / name).read_bytes(), \
        "the figure changed: run `make readme-figures` and commit docs/figures/"


_OLD_MEMBERS = """
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
_OLD_XREFS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?class ?entity ?relation ?xref WHERE {
  ?entity a/rdfs:subClassOf* ?class ; ?relation ?xref .
  VALUES ?relation { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch }
  FILTER(isIRI(?entity) && isIRI(?xref))
}
"""


def test_data_page_rows_read_what_one_sparql_query_a_page_read(kg) -> None:
    """The rows come from scans of each predicate; the SPARQL queries they replaced (kept here) agree with them."""
    import pyoxigraph as ox

    from oncograph.namespaces import compact
    from oncograph.release.doc_pages import CATEGORIES, category_rows

    for category in CATEGORIES:
        klass = {ox.Variable("class"): ox.NamedNode(category.class_iri)}
        xrefs: dict[str, set[tuple[str, str, str]]] = {}
        for s in kg.store.query(_OLD_XREFS, substitutions=klass):
            relation = s["relation"].value.rsplit("#", 1)[1].removesuffix("Match")
            xrefs.setdefault(s["entity"].value, set()).add((compact(s["xref"].value), relation, s["xref"].value))
        expected = {s["entity"].value: {**{name: "" if s[name] is None else s[name].value for name in
                                           ("label", "definition", "notation", "group", "publisher", "date", "identifier")},
                                        "xrefs": sorted(xrefs.get(s["entity"].value, ()))}
                    for s in kg.store.query(_OLD_MEMBERS, substitutions=klass)}
        rows = category_rows(kg.store, category)
        assert {row["iri"]: {k: v for k, v in row.items() if k not in ("iri", "curie")} for row in rows} == expected
        assert all(row["curie"] == compact(row["iri"]) for row in rows)


def test_an_entity_with_two_values_for_a_column_shows_the_smallest() -> None:
    import pyoxigraph as ox

    from oncograph.release.doc_pages import Category, category_rows

    store = ox.Store()
    store.load(b"""
        @prefix og: <https://w3id.org/oncograph/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        og:Sub rdfs:subClassOf og:Source .
        <https://example.org/s> a og:Sub, og:Source ; rdfs:label "b", "a"@en ; dcterms:modified "2024-02-01" ;
            dcterms:issued "2023-01-01" ; skos:exactMatch <http://purl.obolibrary.org/obo/DOID_2>, "not an IRI" .
        _:b a og:Source ; rdfs:label "a blank node is not listed" .
        """, format=ox.RdfFormat.TURTLE)
    [row] = category_rows(store, Category("sources", "Sources", "https://w3id.org/oncograph/ontology#Source"))
    assert (row["label"], row["date"], row["definition"]) == ("a", "2023-01-01", "")
    assert row["xrefs"] == [("DOID:2", "exact", "http://purl.obolibrary.org/obo/DOID_2")]


@pytest.mark.parametrize("page", [
    '<p>a</p><div STYLE = "background:url(http://a/b)">t</div><p>lifestyle</p>',
    '<IMG SRC="http://a/i"></b> tail', '<style>a{} </b> url(http://x/y) </style><p>x</p>',
    '<p>a</p><a title="</b>" style="x:url(//q)">y</a><p>z</p>', '<!-- <img src="http://c"> --></p><p>x</p>',
    '<p title="<img src=http://x>">q</p><b>z</b>', '<lin\u212a href="http://kelvin"></a><p>q</p>',
    '<style>unterminated url(http://u)', '<img src=http://bare></i><p>a</p>', '\u0130<img src="//dotted"></i><p>a</p>',
    "plain text, lifestyle, style =", '<link href="https://a/b"><p>style</p><p>lifestyle</p>',
    '<img src="http://no-end-tag">', '<img src="http://unclosed-end-tag"></b', '<p></p><img src="//x"></p'])
def test_external_assets_reads_only_a_prefix_but_finds_what_the_whole_page_gives(page: str) -> None:
    from oncograph.release.docs import _Assets

    parser = _Assets()
    parser.feed(page)
    assert external_assets(page) == sorted({u for u in parser.urls if u.lower().startswith(("http:", "https:", "//"))})
