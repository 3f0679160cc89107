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
