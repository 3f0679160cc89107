"""The OncoTree import: a small tree the tests write, a malformed file, retired codes, and the shipped module."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from oncograph.cli import cli
from oncograph.errors import SourceFileError
from oncograph.ingest.oncotree import import_oncotree
from oncograph.resolve import AmbiguousEntityError
from oncograph.resources import ontology_dir


def _node(code, name, parent, level, children=(), main=None, tissue=None, nci=(), umls=(), history=(), precursors=(), revocations=()):
    return {"code": code, "color": None, "name": name, "mainType": main, "tissue": tissue,
            "externalReferences": {**({"NCI": list(nci)} if nci else {}), **({"UMLS": list(umls)} if umls else {})},
            "children": {c["code"]: c for c in children}, "parent": parent, "history": list(history), "level": level,
            "revocations": list(revocations), "precursors": list(precursors)}


def small_tree() -> dict:
    luad = _node("LUAD", "Lung Adenocarcinoma", "NSCLC", 3, main="Non-Small Cell Lung Cancer", tissue="Lung",
                 nci=["C3512"], umls=["C0152013", "CL000001"], history=["LUADX"])
    lusc = _node("LUSC", "Lung Squamous Cell Carcinoma", "NSCLC", 3, main="Non-Small Cell Lung Cancer", tissue="Lung",
                 revocations=["OLDNSC"], precursors=["SQ"])
    lucx = _node("LUCX", "Lung Other", "NSCLC", 3, main="Non-Small Cell Lung Cancer", tissue="Lung", revocations=["OLDNSC"])
    nsclc = _node("NSCLC", "Non-Small Cell Lung Cancer", "LUNG", 2, [luad, lusc, lucx], main="Non-Small Cell Lung Cancer", tissue="Lung")
    lung = _node("LUNG", "Lung", "TISSUE", 1, [nsclc], main="Lung Cancer", tissue="Lung", nci=["C12468"])
    return {"TISSUE": _node("TISSUE", "Tissue", None, 0, [lung])}


@pytest.fixture()
def tree_file(tmp_path: Path) -> Path:
    path = tmp_path / "oncotree_2031_01_02.json"
    path.write_text(json.dumps(small_tree()), encoding="utf-8")
    return path


def test_small_tree_gives_module_and_tables_deterministically(tree_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "a" / "oncotree.ttl"
    summary = import_oncotree(tree_file, out)
    first = {p.name: p.read_bytes() for p in summary.files}
    import_oncotree(tree_file, out)
    assert {p.name: p.read_bytes() for p in summary.files} == first
    module = first["oncotree.ttl"].decode()
    assert '"cancer of the lung"@en' in module and 'og:oncotreeName "Lung"' in module
    assert "ogr:oncotree-LUAD" in module and 'og:formerOncotreeCode "LUADX"' in module
    assert "dcterms:source ogr:source-oncotree-2031-01-02" in module
    table = first["oncotree.sssom.tsv"].decode()
    assert "ogr:oncotree-LUAD\tLung Adenocarcinoma\tskos:exactMatch\tNCIT:C3512" in table
    assert "ogr:oncotree-LUNG\tcancer of the lung\tskos:relatedMatch\tNCIT:C12468" in table  # a tissue, not a disease
    assert "CL000001" not in table and summary.types == 6


def test_chained_ids_skip_an_id_its_file_marks_obsolete(tmp_path: Path) -> None:
    """DO's NCIinDO report and Mondo's tables keep a retired class's cross-references and mark it only in the label:
    MRLS's NCIt code reached "obsolete mixed-type liposarcoma" (DOID:5709) and URCC's "obsolete unclassified renal
    cell carcinoma" (MONDO:0006475). Rows restated from the files the shipped import read (DO's
    DOreports/NCIinDO.tsv, Mondo's mondo_exactmatch_ncit and _doid tables)."""
    tree = small_tree()
    mrls = _node("MRLS", "Myxoid/Round-Cell Liposarcoma", "SOFT_TISSUE", 2, main="Soft Tissue Sarcoma", tissue="Soft Tissue", nci=["C27781"])
    tree["TISSUE"]["children"]["SOFT_TISSUE"] = _node("SOFT_TISSUE", "Soft Tissue", "TISSUE", 1, [mrls], tissue="Soft Tissue")
    urcc = _node("URCC", "Unclassified Renal Cell Carcinoma", "KIDNEY", 2, main="Renal Cell Carcinoma", tissue="Kidney", nci=["C27892"])
    tree["TISSUE"]["children"]["KIDNEY"] = _node("KIDNEY", "Kidney", "TISSUE", 1, [urcc], tissue="Kidney")
    tree_path = tmp_path / "oncotree_2031_01_02.json"
    tree_path.write_text(json.dumps(tree), encoding="utf-8")
    do = tmp_path / "NCIinDO.tsv"
    do.write_text('id\tlabel\txrefs\n"DOID:3910"\t"lung adenocarcinoma"\t"NCI:C27745, NCI:C3512"\n'
                  '"DOID:5709"\t"obsolete mixed-type liposarcoma"\t"NCI:C27781"\n', encoding="utf-8")
    sssom = "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\n"
    mondo = tmp_path / "mondo_exactmatch_ncit.sssom.tsv"
    mondo.write_text(sssom + "MONDO:0005061\tlung adenocarcinoma\tskos:exactMatch\tNCIT:C3512\tLung Adenocarcinoma\tsemapv:ManualMappingCuration\n"
                     "MONDO:0013280\tmyxoid liposarcoma\tskos:exactMatch\tNCIT:C27781\tMyxoid Liposarcoma\tsemapv:ManualMappingCuration\n"
                     "MONDO:0006475\tobsolete unclassified renal cell carcinoma\tskos:exactMatch\tNCIT:C27892\tUnclassified Renal Cell Carcinoma\tsemapv:ManualMappingCuration\n")
    mondo_doid = tmp_path / "mondo_exactmatch_doid.sssom.tsv"
    mondo_doid.write_text(sssom + "MONDO:0005061\tlung adenocarcinoma\tskos:exactMatch\tDOID:3910\tlung adenocarcinoma\tsemapv:ManualMappingCuration\n"
                          "MONDO:0013280\tmyxoid liposarcoma\tskos:exactMatch\tDOID:5363\tmyxoid liposarcoma\tsemapv:ManualMappingCuration\n")
    summary = import_oncotree(tree_path, tmp_path / "out" / "oncotree.ttl", mondo=mondo, doid=do, mondo_doid=mondo_doid)
    chained = (tmp_path / "out" / "oncotree-chained.sssom.tsv").read_text()
    rows = {(cells[0], cells[3]) for cells in (line.split("\t") for line in chained.splitlines() if line.startswith("ogr:"))}
    assert rows == {("ogr:oncotree-LUAD", "DOID:3910"), ("ogr:oncotree-LUAD", "MONDO:0005061"), ("ogr:oncotree-MRLS", "MONDO:0013280")}
    assert "DOID:5709" not in {object_id for _, object_id in rows}
    expected = "ONCOTREE:MRLS via NCIT:C27781: DiseaseOntology/HumanDiseaseOntology/DOreports/NCIinDO.tsv"
    assert [line for line in summary.disagreements if line.startswith("ONCOTREE:MRLS")] == [
        next(line for line in summary.disagreements if line.startswith(expected))]
    assert "pairs it only with DOID:5709, which it marks obsolete; none taken" in chained
    assert "ONCOTREE:URCC via NCIT:C27892" in chained and "pairs it only with MONDO:0006475, which it marks obsolete" in chained
    assert summary.xrefs["DOID exactMatch"] == 1 and summary.xrefs["MONDO exactMatch"] == 2


def test_malformed_and_wrong_shaped_files_exit_2_and_write_nothing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    bad = small_tree()
    bad["TISSUE"]["children"]["LUNG"]["children"]["NSCLC"]["children"]["LUAD"]["level"] = "three"
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(bad))
    broken = tmp_path / "broken.json"
    broken.write_text('{"TISSUE": {"code": ')
    out = tmp_path / "out" / "oncotree.ttl"
    runner = CliRunner()
    for path, expected in ((wrong, "node TISSUE/LUNG/NSCLC/LUAD: field 'level'"), (broken, "not valid JSON")):
        result = runner.invoke(cli, ["import", "oncotree", str(path), "--out", str(out)])
        assert result.exit_code == 2 and expected in result.output and str(path) in result.output
    assert not out.parent.exists()


def test_revoked_code_resolves_to_replacement_or_lists_both(tree_file: Path, tmp_path: Path) -> None:
    import pyoxigraph as ox

    from oncograph.resolve import EntityIndex

    out = tmp_path / "oncotree.ttl"
    import_oncotree(tree_file, out)
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    index = EntityIndex.from_store(store)
    assert index.resolve("LUADX").endswith("oncotree-LUAD")          # history
    assert index.resolve("SQ").endswith("oncotree-LUSC")             # precursor
    assert index.resolve("ONCOTREE:luad").endswith("oncotree-LUAD")
    with pytest.raises(AmbiguousEntityError, match="Lung Other.*Lung Squamous"):
        index.resolve("OLDNSC")                                      # revoked, replaced by two nodes


def test_shipped_graph_has_the_oncotree_hierarchy(kg) -> None:
    rows = kg.query("metastasis-sites-of", cancer="LUAD").records()
    assert {r["siteLabel"] for r in rows} >= {"adrenal gland", "bone", "brain", "liver"}
    seed = [r for r in rows if r["sourceLabel"] == "CTCA: Stage 4 cancer"]
    assert {r["statedForLabel"] for r in seed} == {"lung cancer"} and {r["scope"] for r in seed} == {"broader type"}
    lineage = [r["ancestorLabel"] for r in kg.query("cancer-lineage", cancer="SKCM").records()]
    assert lineage[0] == "Melanoma" and "melanoma" in lineage and lineage[-1] == "cancer"
    assert kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?t og:oncotreeLevel ?l ; og:subtypeOf ogr:cancer }").records()[0]["n"] >= 800
    with pytest.raises(AmbiguousEntityError, match="Immature Teratoma"):
        kg.resolve("Immature Teratoma", "og:CancerType")
    assert kg.resolve("MM", "og:CancerType").endswith("oncotree-PCM")


def test_map_codes_keeps_every_row(kg, tmp_path: Path) -> None:
    from oncograph.map_codes import map_codes

    table = tmp_path / "cohort.tsv"
    table.write_text("SAMPLE\tONCOTREE_CODE\nS1\tLUAD\nS2\tNOPE\nS3\tALL\n")
    report = map_codes(table, kg.store, kg.index, "oncotree")
    lines = report.text.splitlines()
    assert len(lines) == 4 and lines[1].split("\t")[3] == "Lung Adenocarcinoma"
    assert lines[2].endswith("\t\t\t\t") and set(report.problems) == {"NOPE", "ALL"}


@pytest.mark.skipif(not os.environ.get("ONCOGRAPH_ONCOTREE_JSON"),
                    reason="set ONCOGRAPH_ONCOTREE_JSON to a local copy of trees/oncotree_2025_10_03.json to re-import it")
def test_release_file_rebuilds_the_shipped_module_byte_for_byte(tmp_path: Path) -> None:
    source = Path(os.environ["ONCOGRAPH_ONCOTREE_JSON"])
    summary = import_oncotree(source, tmp_path / "oncotree.ttl")
    for path in summary.files:
        assert path.read_bytes() == (ontology_dir() / "imports" / path.name).read_bytes(), path.name


def test_source_file_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "oncotree_x.json"
    path.write_text("[]")
    with pytest.raises(SourceFileError, match="exactly one root"):
        import_oncotree(path, tmp_path / "o.ttl")


def test_show_card_of_an_oncotree_code_gives_lineage_and_cross_references() -> None:
    from click.testing import CliRunner

    from oncograph.cli import cli

    result = CliRunner().invoke(cli, ["show", "SKCM"])
    assert result.exit_code == 0, result.output
    lineage = next(line for line in result.output.splitlines() if "lineage" in line)
    assert lineage.index("cancer of the skin (SKIN)") < lineage.index("Melanoma (MEL)")
    for xref in ("ONCOTREE:SKCM", "NCIT:C3510", "MONDO:0005012", "DOID:8923"):
        assert xref in result.output
