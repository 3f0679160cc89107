"""Reading Turtle sources: errors name file, line and column (from pyoxigraph's public SyntaxError)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncograph.errors import SourceFileError
from oncograph.locate import Location, SubjectLocator
from oncograph.namespaces import PREFIXES
from oncograph.sources import MAX_INPUT_ENV, read_turtle

HEADER = "@prefix og: <https://w3id.org/oncograph/ontology#> .\n@prefix ogr: <https://w3id.org/oncograph/resource/> .\n"


def write(tmp_path: Path, text: str, name: str = "input.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "line", "column", "reason"),
    [
        ('ogr:x og:symbol "1"^^<not a iri> .\n', 3, 22, "Invalid IRI code point ' '"),
        ("\nogr:x og:partOf ?y .\n", 4, 17, "?y is not a valid RDF object"),
        ("\nfoo:x a og:Therapy .\n", 4, 1, "The prefix foo: has not been declared"),
    ],
    ids=["iri-with-space", "n3-variable", "unknown-prefix"],
)
def test_bad_turtle_names_file_line_and_column(tmp_path: Path, body: str, line: int, column: int, reason: str) -> None:
    path = write(tmp_path, HEADER + body)
    with pytest.raises(SourceFileError) as excinfo:
        read_turtle(path)
    error = excinfo.value
    assert (error.line, error.column) == (line, column)
    assert str(error) == f"{path}:{line}:{column}: Turtle syntax error: {reason}"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + 'ogr:x og:symbol "T" .\n').encode("utf-8"))
    assert len(read_turtle(path)) == 1
    assert SubjectLocator.from_files([path], PREFIXES).find(PREFIXES["ogr"] + "x") == Location(path, 3)


def test_entity_whose_name_ends_in_an_emoji_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '\nogr:ribbon🎗 og:symbol "T" .\nogr:plain. og:symbol "U" .\n')
    locator = SubjectLocator.from_files([path], PREFIXES)
    assert locator.find(PREFIXES["ogr"] + "ribbon🎗") == Location(path, 4)


def test_locations_sort_by_file_then_line_number() -> None:
    locations = ["b.ttl:3", "a.ttl:10002", None, "a.ttl:102"]
    assert sorted(locations, key=Location.sort_key) == ["a.ttl:102", "a.ttl:10002", "b.ttl:3", None]


def test_files_above_the_size_limit_are_refused_with_the_way_out(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, HEADER + 'ogr:x og:symbol "%s" .\n' % ("a" * 3000))
    monkeypatch.setenv(MAX_INPUT_ENV, "0.002")
    with pytest.raises(SourceFileError, match=r"is 0\.0 MB, above the 0\.002 MB input limit .* --max-input-mb or \$ONCOGRAPH_MAX_INPUT_MB"):
        read_turtle(path)
    monkeypatch.setenv(MAX_INPUT_ENV, "1")
    assert len(read_turtle(path)) == 1


def test_the_store_merge_writes_the_bytes_the_rdflib_route_writes(tmp_path: Path) -> None:
    """``canonical_ntriples`` (the merge's N-Triples, from pyoxigraph's parse) gives what rdflib's parser and
    ``ntriples_bytes`` give for the same files: the TBox (every OWL axiom's blank nodes), a data file, a file
    repeating one of its triples and a literal rdflib would keep as written; the shipped sources' bytes are
    compared the same way in the session's load (asserted N-Triples of the merge)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from oncograph.resources import ontology_dir
    from oncograph.serialize import canonical_ntriples, ntriples_bytes
    from oncograph.sources import parse_turtle

    extra = write(tmp_path, HEADER + 'ogr:x a og:CancerType ; og:percent "84.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
                  'ogr:breast-cancer a og:CancerType .\nogr:y og:partOf [ og:partOf ogr:x ] .\n')
    files = [ontology_dir() / "oncograph.ttl", ontology_dir() / "data" / "cancers.ttl", extra]
    by_rdflib = Graph()
    for path in files:
        by_rdflib.parse(path, format="turtle")
    parts = [ox.serialize(parse_turtle(path), format=ox.RdfFormat.N_TRIPLES) for path in files]
    merged = canonical_ntriples(parts)
    assert merged == ntriples_bytes(by_rdflib)
    assert b'"84.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' in merged and b"_:" in merged
