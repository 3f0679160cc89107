"""Generated oncograph sources of about N triples, for scale benchmarks, optionally with injected faults.

    python benchmarks/synthetic.py --triples 1000000 --out /tmp/og-1m [--faults K]

writes a complete ontology folder (TBox, shapes, QC, imports, mappings and data, so
`oncograph build --sources DIR` and `oncograph validate --sources DIR` accept it): the shipped
sources as they are, plus ``data/synthetic-NNNN.ttl`` files, each one copy of every curated
resource (the ~900 OncoTree cancer types, sites, patterns, stage definitions, treatment options,
conditions, sources ...) under new IRIs (``...-cN``) with labels made unique ("... (copy N)").
Each copy is as valid as the original, so a faultless folder validates with no violation.
Copies are one file each (a few MB), under the 50 MB input cap.

With ``--faults K``, K copies each get one fault of every kind in ``FAULTS`` (a missing label, a
missing source, a source that is not a source, a malformed cross-reference, an untagged synonym, a
second stage symbol, a date that is not a date, a SHACL-SPARQL rule broken), each of which breaks
exactly one constraint; ``DIR/faults.json`` lists the violation each must give (focus, path, message).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

OGR = "https://w3id.org/oncograph/resource/"
OG = "https://w3id.org/oncograph/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_RENAMED_LITERALS = {RDFS_LABEL, SKOS + "altLabel"}

#: kind -> (triples to remove as (subject, predicate) in the copy, triples to add, expected focus, path, message).
#: Subjects and objects are shipped local names; they are renamed into the copy.
FAULTS: dict[str, dict] = {
    "label-missing": {"remove": [("site-liver", RDFS_LABEL)], "add": [],
                      "focus": "site-liver", "path": "rdfs:label", "message": "needs exactly one rdfs:label"},
    "source-missing": {"remove": [("metastasis-lung-cancer-to-brain", DCT + "source")], "add": [],
                       "focus": "metastasis-lung-cancer-to-brain", "path": "dcterms:source", "message": "every fact carries its source"},
    "source-not-a-source": {"remove": [], "add": [("breast-cancer", DCT + "source", ("iri", "site-spleen"))],
                            "focus": "breast-cancer", "path": "dcterms:source", "message": "pointing at an og:Source"},
    "xref-form": {"remove": [], "add": [("site-spleen", SKOS + "closeMatch", ("external", "http://example.org/spleen"))],
                  "focus": "site-spleen", "path": "skos:closeMatch", "message": "cross-references must be"},
    "altlabel-untagged": {"remove": [], "add": [("therapy-surgery", SKOS + "altLabel", ("plain", "operation"))],
                          "focus": "therapy-surgery", "path": "skos:altLabel", "message": "must be language-tagged"},
    "two-modified-dates": {"remove": [], "add": [("source-ctca-stage-4-cancer", DCT + "modified", ("date", "2001-01-01")),
                                                 ("source-ctca-stage-4-cancer", DCT + "modified", ("date", "2002-02-02"))],
                           "focus": "source-ctca-stage-4-cancer", "path": "dcterms:modified", "message": "is one xsd:date"},
    "date-not-a-date": {"remove": [("source-acs-managing-advanced-cancer", DCT + "issued")],
                        "add": [("source-acs-managing-advanced-cancer", DCT + "issued", ("plain", "June 2021"))],
                        "focus": "source-acs-managing-advanced-cancer", "path": "dcterms:issued", "message": "one xsd:date"},
    "rule-hematologic-tnm": {"remove": [], "add": [("leukemia", OG + "stagedWith", ("shipped", "tnm"))],
                             "focus": "leukemia", "path": "og:stagedWith", "message": "hematologic cancers are not staged with TNM"},
}


def _rename(term, k: int):
    if isinstance(term, ox.NamedNode) and term.value.startswith(OGR):
        return ox.NamedNode(f"{term.value}-c{k}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}c{k}")
    return term


def curated_triples(folder: Path) -> tuple[list[ox.Triple], int]:
    """The triples about curated resources (ogr: subjects, and the blank nodes they hold), and the total count."""
    from oncograph.serialize import ox_term
    from oncograph.sources import load_sources
    from oncograph.sourceset import SourceSet

    merged = load_sources(SourceSet.in_folder(folder))
    curated = [ox.Triple(*(ox_term(t) for t in triple)) for triple in merged
               if str(triple[0]).startswith(OGR) or (type(triple[0]).__name__ == "BNode" and _held_by_curated(merged, triple[0]))]
    return curated, len(merged)


def _held_by_curated(graph, node) -> bool:
    return any(str(s).startswith(OGR) for s in graph.subjects(None, node))


def copy_of(curated: list[ox.Triple], k: int, faults: list[str]) -> list[ox.Triple]:
    """Copy ``k`` of the curated triples, with the named faults applied."""
    removed = {(f"{OGR}{local}", predicate) for kind in faults for local, predicate in FAULTS[kind]["remove"]}
    out = []
    for triple in curated:
        if (triple.subject.value, triple.predicate.value) in removed:
            continue
        obj = triple.object
        if triple.predicate.value in _RENAMED_LITERALS and isinstance(obj, ox.Literal):
            obj = ox.Literal(f"{obj.value} (copy {k})", language=obj.language) if obj.language else ox.Literal(f"{obj.value} (copy {k})")
        out.append(ox.Triple(_rename(triple.subject, k), triple.predicate, _rename(obj, k)))
    for kind in faults:
        for local, predicate, (form, value) in FAULTS[kind]["add"]:
            obj = {"iri": lambda v: ox.NamedNode(f"{OGR}{v}-c{k}"), "external": ox.NamedNode, "plain": ox.Literal,
                   "date": lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD_DATE)),
                   "shipped": lambda v: ox.NamedNode(f"{OGR}{v}")}[form](value)
            out.append(ox.Triple(ox.NamedNode(f"{OGR}{local}-c{k}"), ox.NamedNode(predicate), obj))
    return out


def generate(triples: int, out: Path, faults: int = 0, progress: bool = False) -> dict:
    """Write a source folder of about ``triples`` asserted triples into ``out``; return a summary."""
    from oncograph.resources import ontology_dir

    shipped = ontology_dir()
    curated, total = curated_triples(shipped)
    copies = max(faults, math.ceil(max(0, triples - total) / len(curated)))
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(shipped, out)
    expected = []
    for k in range(1, copies + 1):
        kinds = sorted(FAULTS) if k <= faults else []
        data = ox.serialize(copy_of(curated, k, kinds), format=ox.RdfFormat.N_TRIPLES)  # N-Triples is Turtle
        (out / "data" / f"synthetic-{k:04d}.ttl").write_bytes(data)
        expected += [{"kind": kind, "focus": f"{OGR}{FAULTS[kind]['focus']}-c{k}", "path": FAULTS[kind]["path"],
                      "message": FAULTS[kind]["message"]} for kind in kinds]
        if progress:
            print(f"\r  copy {k}/{copies}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    (out / "faults.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    return {"folder": str(out), "copies": copies, "triples": total + copies * len(curated), "faults": len(expected)}


def scaled_graph(graph, copies: int):
    """The rdflib ``graph`` plus ``copies - 1`` renamed copies of its curated part (for in-memory benchmarks)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS, SKOS as SKOS_NS

    out = Graph()
    out += graph
    curated = [t for t in graph if isinstance(t[0], URIRef) and str(t[0]).startswith(OGR)]
    for k in range(1, copies):
        def rename(term, k=k):
            if isinstance(term, URIRef) and str(term).startswith(OGR):
                return URIRef(f"{term}-c{k}")
            return term

        for s, p, o in curated:
            if p in (RDFS.label, SKOS_NS.altLabel) and isinstance(o, Literal):
                o = Literal(f"{o} (copy {k})", lang=o.language)
            out.add((rename(s), p, rename(o)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many asserted triples to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")
    parser.add_argument("--faults", type=int, default=0, help="copies that get one fault of every kind")
    args = parser.parse_args()
    summary = generate(args.triples, args.out, args.faults, progress=sys.stderr.isatty())
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
