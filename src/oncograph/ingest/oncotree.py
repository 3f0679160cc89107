"""``oncograph import oncotree``: an OncoTree release file -> the Turtle module and cross-reference tables.

Outputs, all written atomically and only after the whole file has been read and checked:

- ``oncotree.ttl``: one ``og:CancerType`` per node (``ogr:oncotree-CODE``) with label, definition, code
  (``skos:notation``), name, main type, tissue, level, parent (``og:oncotreeParent`` and ``og:subtypeOf``),
  earlier codes, and the release as ``dcterms:source``;
- ``oncotree.sssom.tsv``: the node's own ``ONCOTREE:CODE`` and the NCIt and UMLS codes the file gives;
- ``oncotree-chained.sssom.tsv`` (only with Mondo and/or DO files): MONDO and DOID IDs reached through the NCIt
  code, each row naming the chain and the files it was read in.

Level-1 nodes are tissues ("Lung"), not diagnoses: they become grouping types labelled in our words
("cancer of the lung"); the tissue name is kept as ``og:oncotreeName`` so it still resolves, and their NCIt/UMLS
codes (anatomy concepts) become ``skos:relatedMatch``, never an exact match of a cancer.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..atomic import write_atomic
from ..errors import SourceFileError
from ..namespaces import OG, OGR, PREFIXES
from ..serialize import serialize_bytes
from .crossref_chain import ChainTable
from .oncotree_tree import OncoTreeRelease, TreeNode

LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
PUBLISHER = "Memorial Sloan Kettering Cancer Center (MSK)"
REPOSITORY = "cBioPortal/oncotree"
SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification", "comment")
_UMLS_CUI = re.compile(r"^C[0-9]{7}$")
_NCIT_CODE = re.compile(r"^C[0-9]+$")
#: Tissue names that do not read well as "cancer of the <tissue>"; the rest follow the pattern.
_TISSUE_LABELS = {
    "Lymphoid": "lymphoid cancer",
    "Myeloid": "myeloid cancer",
    "Other": "cancer of another tissue",
    "CNS/Brain": "cancer of the brain or central nervous system",
    "Ampulla of Vater": "cancer of the ampulla of Vater",
}
ROOT_LABEL = "tumour type (OncoTree)"
og = lambda local: URIRef(OG + local)  # noqa: E731


def entity_iri(code: str) -> URIRef:
    """``ogr:oncotree-LUAD``; characters an IRI path would misread ("/" in ``MDS/MPN``) become "_"."""
    return URIRef(f"{OGR}oncotree-{re.sub(r'[^A-Za-z0-9_-]', '_', code)}")


def oncotree_iri(code: str) -> str:
    return PREFIXES["ONCOTREE"] + code


def tissue_label(tissue: str) -> str:
    """ "Lung" -> "cancer of the lung", "Esophagus/Stomach" -> "cancer of the esophagus or stomach"."""
    if tissue in _TISSUE_LABELS:
        return _TISSUE_LABELS[tissue]
    return "cancer of the " + tissue.replace("/", " or ").lower()


@dataclass
class ImportSummary:
    """What an import wrote, for the command's report and the tests."""

    types: int
    files: list[Path]
    xrefs: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)


@dataclass
class _Row:
    subject: TreeNode
    predicate: str
    object_id: str
    object_label: str
    justification: str
    comment: str


def source_iri(release: OncoTreeRelease) -> URIRef:
    return URIRef(f"{OGR}source-oncotree-{release.release_date or release.path.stem.replace('_', '-')}")


def cited_as(release: OncoTreeRelease) -> str:
    return f"{REPOSITORY}/trees/{release.path.name}"


def _labels(release: OncoTreeRelease) -> dict[str, str]:
    """Each node's label: its name, the tissue wording at level 1, and the tissue added where names repeat."""
    names = Counter(n.name.casefold() for n in release.nodes if n.level > 1)
    labels = {}
    for node in release.nodes:
        if node.parent is None:
            labels[node.code] = ROOT_LABEL
        elif node.level == 1:
            labels[node.code] = tissue_label(node.tissue or node.name)
        elif names[node.name.casefold()] > 1:
            labels[node.code] = f"{node.name} ({node.tissue})"
        else:
            labels[node.code] = node.name
    return labels


def _definition(node: TreeNode, parent: TreeNode | None) -> str:
    if parent is None:
        return "The root of OncoTree's hierarchy of tumour types; every OncoTree type is below it."
    if node.level == 1:
        return f"Grouping of the tumour types that OncoTree lists under the tissue \"{node.name}\"; a tissue, not a diagnosis."
    main = f"; OncoTree main type: {node.main_type}" if node.main_type else ""
    return f"Tumour type listed by OncoTree as {node.code} under {parent.name} (tissue: {node.tissue}){main}."


def module_graph(release: OncoTreeRelease) -> Graph:
    """The Turtle module as an rdflib graph."""
    graph = Graph()
    source = source_iri(release)
    graph.add((source, RDF.type, og("Source")))
    graph.add((source, RDFS.label, Literal(f"OncoTree release {release.release_date or release.path.stem}", lang="en")))
    graph.add((source, SKOS.definition, Literal(
        "Tree file of OncoTree, the cancer type classification developed at Memorial Sloan Kettering Cancer Center "
        "and used by cBioPortal and OncoKB; read from a local copy of the public repository.", lang="en")))
    graph.add((source, DCTERMS.title, Literal(f"OncoTree {release.path.name}", lang="en")))
    graph.add((source, DCTERMS.publisher, Literal(PUBLISHER)))
    graph.add((source, DCTERMS.identifier, Literal(cited_as(release))))
    graph.add((source, DCTERMS.license, LICENCE))
    graph.add((source, DCTERMS.bibliographicCitation, Literal(
        f"OncoTree ({release.path.name}), Memorial Sloan Kettering Cancer Center, CC BY 4.0, https://github.com/{REPOSITORY}")))
    if release.release_date:
        graph.add((source, DCTERMS.issued, Literal(release.release_date, datatype=XSD.date)))
    labels = _labels(release)
    nodes = release.by_code()
    for node in release.nodes:
        iri = entity_iri(node.code)
        parent = nodes.get(node.parent) if node.parent else None
        graph.add((iri, RDF.type, og("CancerType")))
        graph.add((iri, RDFS.label, Literal(labels[node.code], lang="en")))
        graph.add((iri, SKOS.definition, Literal(_definition(node, parent), lang="en")))
        graph.add((iri, SKOS.notation, Literal(node.code)))
        graph.add((iri, og("oncotreeName"), Literal(node.name)))
        graph.add((iri, og("oncotreeLevel"), Literal(node.level)))
        if node.main_type:
            graph.add((iri, og("oncotreeMainType"), Literal(node.main_type)))
        if node.tissue:
            graph.add((iri, og("oncotreeTissue"), Literal(node.tissue)))
        if parent is not None:
            graph.add((iri, og("oncotreeParent"), entity_iri(parent.code)))
            graph.add((iri, og("subtypeOf"), entity_iri(parent.code)))
        for prop, codes in (("formerOncotreeCode", node.history), ("mergedOncotreeCode", node.precursors),
                            ("revokedOncotreeCode", node.revocations)):
            for code in codes:
                graph.add((iri, og(prop), Literal(code)))
        graph.add((iri, DCTERMS.source, source))
    return graph


def tree_rows(release: OncoTreeRelease, summary: ImportSummary) -> list[_Row]:
    """ONCOTREE, NCIt and UMLS cross-references exactly as the file gives them."""
    where = f"read in {cited_as(release)}"
    rows = []
    for node in release.nodes:
        rows.append(_Row(node, "skos:exactMatch", f"ONCOTREE:{node.code}", node.name, "semapv:ManualMappingCuration", where))
        tissue_level = node.level <= 1
        predicate = "skos:relatedMatch" if tissue_level else "skos:exactMatch"
        note = f"{where}; the code names the tissue, not a disease" if tissue_level else where
        for vocabulary, codes in node.external.items():
            for code in codes:
                if vocabulary == "NCI" and _NCIT_CODE.match(code):
                    rows.append(_Row(node, predicate, f"NCIT:{code}", "", "semapv:ManualMappingCuration", note))
                elif vocabulary == "UMLS" and _UMLS_CUI.match(code):
                    rows.append(_Row(node, predicate, f"UMLS:{code}", "", "semapv:ManualMappingCuration", note))
                else:
                    summary.skipped.append(f"{node.code}: {vocabulary} {code!r} is not a well-formed {vocabulary} code")
    return rows


def chained_rows(release: OncoTreeRelease, tables: list[ChainTable], cross_check: ChainTable | None,
                 summary: ImportSummary) -> list[_Row]:
    """MONDO/DOID IDs through the node's NCIt code, taken only when one-to-one; disagreements recorded."""
    rows = []
    for node in release.nodes:
        ncits = [f"NCIT:{c}" for c in node.external.get("NCI", ()) if _NCIT_CODE.match(c)]
        if node.level <= 1 or not ncits:
            continue
        for table in tables:
            found = sorted({target for n in ncits for target in table.by_ncit.get(n, ())})
            if len(found) > 1:
                summary.disagreements.append(f"ONCOTREE:{node.code} via {', '.join(ncits)}: {table.cited_as} offers "
                                             f"{', '.join(found)}; none taken")
                continue
            if not found:
                retired = sorted({target for n in ncits for target in table.obsolete.get(n, ())})
                if retired:
                    summary.disagreements.append(f"ONCOTREE:{node.code} via {', '.join(ncits)}: {table.cited_as} pairs it "
                                                 f"only with {', '.join(retired)}, which it marks obsolete; none taken")
                continue
            via = next(n for n in ncits if found[0] in table.by_ncit.get(n, ()))
            comment = (f"chain: ONCOTREE:{node.code} exactMatch {via} (read in {cited_as(release)}); "
                       f"{found[0]} exactMatch {via} (read in {table.cited_as})")
            rows.append(_Row(node, "skos:exactMatch", found[0], "", "semapv:MappingChaining", comment))
    if cross_check is not None:
        _record_mondo_doid_disagreements(rows, cross_check, summary)
    return rows


def _record_mondo_doid_disagreements(rows: list[_Row], mondo_doid: ChainTable, summary: ImportSummary) -> None:
    """Where Mondo maps the chained MONDO class to a different DOID than DO's own file gives, say so in both rows."""
    doid_of_mondo: dict[str, set[str]] = {}
    for doid, mondos in mondo_doid.by_ncit.items():
        for mondo in mondos:
            doid_of_mondo.setdefault(mondo, set()).add(doid)
    by_node: dict[str, dict[str, _Row]] = {}
    for row in rows:
        by_node.setdefault(row.subject.code, {})[row.object_id.split(":")[0]] = row
    for code, found in sorted(by_node.items()):
        if "MONDO" not in found or "DOID" not in found:
            continue
        mondo_says = doid_of_mondo.get(found["MONDO"].object_id, set())
        if mondo_says and found["DOID"].object_id not in mondo_says:
            note = (f"files disagree (the MONDO and the DOID rows are both kept, with this note): "
                    f"DO pairs the NCIt code with {found['DOID'].object_id}, "
                    f"Mondo maps {found['MONDO'].object_id} to {', '.join(sorted(mondo_says))} (read in {mondo_doid.cited_as})")
            summary.disagreements.append(f"ONCOTREE:{code}: {note}")
            for row in (found["MONDO"], found["DOID"]):
                row.comment += f"; {note}"


def sssom_bytes(rows: list[_Row], labels: dict[str, str], description: str, extra_header: list[str]) -> bytes:
    """An SSSOM/TSV table with its curie_map, rows sorted, so the same input gives the same bytes."""
    header = [
        "curie_map:",
        f"  ogr: {OGR}",
        f"  NCIT: {PREFIXES['NCIT']}",
        f"  UMLS: \"{PREFIXES['UMLS']}\"",
        f"  ONCOTREE: \"{PREFIXES['ONCOTREE']}\"",
        f"  MONDO: {PREFIXES['MONDO']}",
        f"  DOID: {PREFIXES['DOID']}",
        "  skos: http://www.w3.org/2004/02/skos/core#",
        "  semapv: https://w3id.org/semapv/vocab/",
        f"mapping_set_description: {description}",
        "license: https://creativecommons.org/licenses/by/4.0/",
        *extra_header,
    ]
    lines = [f"#{line}" for line in header] + ["\t".join(SSSOM_COLUMNS)]
    body = sorted(
        "\t".join((f"ogr:{str(entity_iri(r.subject.code))[len(OGR):]}", labels[r.subject.code], r.predicate, r.object_id,
                   r.object_label, r.justification, r.comment))
        for r in rows
    )
    return ("\n".join(lines + body) + "\n").encode("utf-8")


def _count(rows: list[_Row], summary: ImportSummary) -> None:
    for row in rows:
        summary.xrefs[f"{row.object_id.split(':')[0]} {row.predicate.split(':')[1]}"] += 1


def write_import(release: OncoTreeRelease, out: Path, chains: list[ChainTable] | None = None,
                 mondo_doid: ChainTable | None = None) -> ImportSummary:
    """Write the module beside its two SSSOM tables; nothing is written until everything is built."""
    out = Path(out)
    summary = ImportSummary(types=len(release.nodes), files=[])
    labels = _labels(release)
    module = serialize_bytes(module_graph(release), "turtle", pretty=True)
    banner = (f"# Generated by `oncograph import oncotree` from {cited_as(release)}.\n"
              f"# OncoTree (c) {PUBLISHER}, licensed CC BY 4.0. Do not edit: re-run the import instead.\n")
    outputs: dict[Path, bytes] = {out: banner.encode("utf-8") + module}
    rows = tree_rows(release, summary)
    _count(rows, summary)
    outputs[out.with_suffix(".sssom.tsv")] = sssom_bytes(
        rows, labels, f"OncoTree codes and the NCIt and UMLS codes given in {cited_as(release)}.",
        [f"mapping_set_id: https://w3id.org/oncograph/imports/{out.stem}.sssom.tsv"])
    if chains:
        chained = chained_rows(release, chains, mondo_doid, summary)
        _count(chained, summary)
        notes = [f"  - {json.dumps(line)}" for line in summary.disagreements] or ["  - none"]
        sources = [f"  - {json.dumps(t.cited_as)}" for t in chains] + ([f"  - {json.dumps(mondo_doid.cited_as)}"] if mondo_doid else [])
        outputs[out.with_name(f"{out.stem}-chained.sssom.tsv")] = sssom_bytes(
            chained, labels, f"MONDO and DOID IDs reached from the NCIt codes in {cited_as(release)}; one-to-one chains only.",
            [f"mapping_set_id: https://w3id.org/oncograph/imports/{out.stem}-chained.sssom.tsv", "chain_sources:", *sources,
             "disagreements:", *notes])
    for path, data in outputs.items():
        write_atomic(path, data)
        summary.files.append(path)
    return summary


def import_oncotree(tree_file: Path, out: Path, mondo: Path | None = None, doid: Path | None = None,
                    mondo_doid: Path | None = None) -> ImportSummary:
    """Read and check ``tree_file`` (and the optional Mondo/DO files), then write the module and tables."""
    from .crossref_chain import read_do_ncit_report, read_mondo_sssom
    from .oncotree_tree import read_release

    release = read_release(Path(tree_file))
    if mondo_doid is not None and mondo is None:
        raise SourceFileError(mondo_doid, "--mondo-doid cross-checks Mondo's IDs, so it needs --mondo as well")
    chains = [t for t in (read_mondo_sssom(mondo) if mondo else None, read_do_ncit_report(doid) if doid else None) if t]
    check = read_mondo_sssom(mondo_doid, object_prefix="DOID") if mondo_doid else None
    return write_import(release, out, chains, check)


__all__ = ["ImportSummary", "entity_iri", "import_oncotree", "module_graph", "tissue_label", "write_import"]
