"""Figures: the heatmap reads its rows correctly, the images are valid and reproducible, and `oncograph plot` works."""

from __future__ import annotations

import io
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from oncograph.cli import cli
from oncograph.figures.heatmap import cell_text, highest_percentages, metastasis_heatmap
from oncograph.figures.hierarchy import cancer_hierarchy
from oncograph.figures.per_cancer import drugs_timeline, metastasis_sites_bars
from oncograph.figures.plots import NoFigureDataError, plot_cancer, release_figures
from oncograph.figures.render import figure_bytes, figure_style
from oncograph.graph import KnowledgeGraph

ROWS = [  # (cancer, site, percent) as a study table would give them; two studies for breast -> bone
    ("breast cancer", "bone", 45), ("breast cancer", "bone", 70.5), ("breast cancer", "liver", 30),
    ("lung cancer", "brain", 40), ("lung cancer", "bone", 35), ("prostate cancer", "bone", 90),
    ("colorectal cancer", "liver", 60), ("colorectal cancer", "lung", 20), ("colorectal cancer", "lung", 12.25),
]


def _cells(axes) -> dict[tuple[str, str], str]:
    """The annotation of each heatmap cell, read back from the drawn Axes: (row label, column label) -> text."""
    rows = [t.get_text() for t in axes.get_yticklabels()]
    columns = [t.get_text() for t in axes.get_xticklabels()]
    return {(rows[round(t.get_position()[1])], columns[round(t.get_position()[0])]): t.get_text() for t in axes.texts}


def test_heatmap_cells_are_the_highest_published_percentages() -> None:
    with figure_style():
        figure = metastasis_heatmap(ROWS)
    cells = _cells(figure.axes[0])
    expected: dict[tuple[str, str], float] = {}
    for cancer, site, percent in ROWS:
        expected[(cancer, site)] = max(percent, expected.get((cancer, site), percent))
    assert cells == {pair: cell_text(value) for pair, value in expected.items()}
    assert cells[("breast cancer", "bone")] == "70.5" and cells[("colorectal cancer", "lung")] == "20"
    assert ("prostate cancer", "liver") not in cells  # no number published: the cell stays empty


def test_heatmap_order_depends_on_the_numbers_not_the_row_order() -> None:
    shuffled = ROWS[:]
    random.Random(4).shuffle(shuffled)
    first, second = highest_percentages(ROWS), highest_percentages(shuffled)
    assert first == second
    # clustering: the two cancers that spread mostly to bone sit next to each other, as do liver and lung
    assert abs(first.rows.index("prostate cancer") - first.rows.index("breast cancer")) == 1
    assert abs(first.columns.index("liver") - first.columns.index("lung")) == 1


def test_a_large_graph_heatmap_shows_the_most_reported_cancers_and_sites_and_says_so() -> None:
    """A graph merged with a cohort has thousands of cancer types with numbers: the heatmap keeps the MAX_ROWS
    with numbers for the most sites (ties by label) and the MAX_COLUMNS sites most reported among them."""
    from oncograph.figures.heatmap import MAX_COLUMNS, MAX_ROWS

    rows = [(f"cancer {i:03d}", f"site {j:02d}", 10.0) for i in range(120) for j in range(i % 50 + 1)]
    matrix = highest_percentages(rows)
    assert len(matrix.rows) == MAX_ROWS and len(matrix.columns) == MAX_COLUMNS
    # cancer i has numbers for i % 50 + 1 sites: 50 for i = 49 and 99, 49 for 48 and 98 ... 31 for 30 and 80
    assert set(matrix.rows) == {f"cancer {i:03d}" for i in range(120) if i % 50 >= 30}
    assert set(matrix.columns) == {f"site {j:02d}" for j in range(MAX_COLUMNS)}
    with figure_style():
        title = metastasis_heatmap(rows).axes[0].get_title()
    assert f"({MAX_ROWS} of 120 cancer types and {MAX_COLUMNS} of 50 sites: those with the most numbers)" in title
    with figure_style():
        assert "of" not in metastasis_heatmap(ROWS).axes[0].get_title().splitlines()[-1]  # nothing left out: no note


def test_heatmap_refuses_impossible_percentages() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        highest_percentages([("breast cancer", "bone", 170)])


def _check_png(data: bytes, min_width: int, min_height: int) -> None:
    from PIL import Image

    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.size[0] >= min_width and image.size[1] >= min_height
    assert b"Software" not in data and b"matplotlib" not in data.lower()  # no version stamp


def _check_svg(data: bytes) -> None:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("width") and root.get("height")
    assert b"<dc:date>" not in data and b"Matplotlib v" not in data


def test_figures_are_valid_images_without_dates_and_identical_when_redrawn() -> None:
    sites = [("bone", "Study A 2020", 70), ("liver", "Study A 2020", 30), ("bone", "Study B 2019", 55)]
    approvals = [("drug X", "2015-03-01", "FDA"), ("drug X", "2016-01-20", "EMA"), ("drug Y", "2019-11-02", None)]
    drawings = {"heatmap": lambda: metastasis_heatmap(ROWS),
                "sites": lambda: metastasis_sites_bars("breast cancer", sites),
                "timeline": lambda: drugs_timeline("breast cancer", approvals)}
    for name, draw in drawings.items():
        with figure_style():
            figure = draw()
            png, svg = figure_bytes(figure, "png"), figure_bytes(figure, "svg")
            if name == "heatmap":  # a new drawing of the same rows (a second build in another process: test_release)
                again = draw()
                assert (figure_bytes(again, "png"), figure_bytes(again, "svg")) == (png, svg)
        _check_png(png, 400, 200)
        _check_svg(svg)


def test_bars_show_one_colour_per_study_and_the_published_values() -> None:
    with figure_style():
        figure = metastasis_sites_bars("breast cancer", [("bone", "A", 70), ("liver", "A", 30), ("bone", "B", 55)])
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["bone", "liver"]  # highest first
    assert sorted(t.get_text() for t in axes.texts) == ["30", "55", "70"]
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["A", "B"]
    colours = {tuple(patch.get_facecolor()) for patch in axes.patches}
    assert len(colours) == 2


def test_hierarchy_boxes_are_sized_by_types(kg) -> None:
    rows = [(r["tissue"], r["mainType"], r["types"]) for r in kg.query("oncotree-main-types").records()]
    assert sum(n for *_, n in rows) >= 800
    with figure_style():
        figure = cancer_hierarchy(rows)
    labels = {t.get_text() for t in figure.axes[0].texts}
    lung = sum(n for tissue, _, n in rows if tissue == "Lung")
    assert f"Lung ({lung})" in labels and f"all types ({sum(n for *_, n in rows)})" in labels


# A tiny graph in the shape the evidence and drug tables give (og:percent on observations, og:approvalDate on
# indications): the saved queries and figures run on it end to end.
_OG, _R = "https://w3id.org/oncograph/ontology#", "https://w3id.org/oncograph/resource/"
_LABEL, _TYPE = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _tiny_graph() -> KnowledgeGraph:
    triples = []

    def add(s: str, p: str, o: str) -> None:
        triples.append(f"<{s}> <{p}> {o} .")

    for name, label, kind in [("c1", "breast cancer", "CancerType"), ("c2", "lung cancer", "CancerType"),
                              ("s1", "bone", "AnatomicalSite"), ("s2", "liver", "AnatomicalSite"),
                              ("st1", "Study A 2020", "Source"), ("st2", "Study B 2019", "Source")]:
        add(_R + name, _TYPE, f"<{_OG}{kind}>")
        add(_R + name, _LABEL, f'"{label}"@en')
    for n, (cancer, site, study, percent) in enumerate([("c1", "s1", "st1", "70"), ("c1", "s1", "st2", "55.5"),
                                                         ("c1", "s2", "st1", "30"), ("c2", "s1", "st1", "35")]):
        obs = f"{_R}obs{n}"
        add(obs, _OG + "forCancer", f"<{_R}{cancer}>")
        add(obs, _OG + "metastasisSite", f"<{_R}{site}>")
        add(obs, "http://purl.org/dc/terms/source", f"<{_R}{study}>")
        add(obs, _OG + "percent", f'"{percent}"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    add(_R + "ind1", _OG + "forCancer", f"<{_R}c1>")
    add(_R + "ind1", _OG + "approvalDate", '"2019-05-24"^^<http://www.w3.org/2001/XMLSchema#date>')
    add(_R + "ind1", _OG + "regimen", f"<{_R}reg1>")
    add(_R + "reg1", _LABEL, '"drug X"@en')
    add(_R + "c3", _TYPE, f"<{_OG}CancerType>")
    add(_R + "c3", _LABEL, '"lobular breast cancer"@en')
    add(_R + "c3", _OG + "subtypeOf", f"<{_R}c1>")
    add(_R + "ind2", _OG + "forCancer", f"<{_R}c3>")
    add(_R + "ind2", _OG + "approvalDate", '"2021-01-02"^^<http://www.w3.org/2001/XMLSchema#date>')
    add(_R + "ind2", _OG + "regimen", f"<{_R}reg2>")
    add(_R + "reg2", _LABEL, '"drug Z"@en')
    return KnowledgeGraph("\n".join(triples).encode() + b"\n")


def test_figures_from_the_graph_through_the_saved_queries() -> None:
    tiny = _tiny_graph()
    figures = release_figures(tiny.query)
    assert set(figures.files) == {"figures/metastasis-heatmap.png", "figures/metastasis-heatmap.svg"}
    assert any(notice.startswith("cancer-hierarchy:") for notice in figures.skipped)
    _check_png(tiny.plot("metastasis-sites", "breast cancer"), 400, 200)
    _check_svg(tiny.plot("drugs-timeline", "breast cancer", "svg"))
    approvals = [(r["therapyLabel"], r["date"]) for r in tiny.query("drug-approvals", cancer="breast cancer").records()]
    assert approvals == [("drug X", "2019-05-24"), ("drug Z (lobular breast cancer)", "2021-01-02")]  # subtypes too
    with pytest.raises(NoFigureDataError, match="no approvals in the graph for 'lung cancer'"):
        tiny.plot("drugs-timeline", "lung cancer")
    rows = [(r["cancerLabel"], r["siteLabel"], r["percent"]) for r in tiny.query("metastasis-percentages").records()]
    with figure_style():
        cells = _cells(metastasis_heatmap(rows).axes[0])
    assert cells == {("breast cancer", "bone"): "70", ("breast cancer", "liver"): "30", ("lung cancer", "bone"): "35"}


def _table_maximum(cancer: str, site: str) -> float:
    """The highest percent the evidence table itself gives for one pair, read with csv (not through the graph)."""
    import csv

    from oncograph.ingest.evidence_tables import OBSERVATIONS_FILE
    from oncograph.resources import ontology_dir

    lines = (ontology_dir() / "evidence" / OBSERVATIONS_FILE).read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t")
    return max(float(r["percent"]) for r in rows if r["cancer"] == cancer and r["site"] == site and r["percent"])


@pytest.mark.parametrize(("cancer", "site", "row", "column"), [
    ("ogr:melanoma", "ogr:site-adrenal-gland", "melanoma", "adrenal gland"),  # Patel 1978 alone
    ("ogr:breast-cancer", "ogr:site-bone", "breast cancer", "bone"),  # several studies: the highest is drawn
    ("ogr:gastric-cancer", "ogr:site-liver", "gastric cancer", "liver"),
    ("ONCOTREE:PLMESO", "ogr:site-liver", "Pleural Mesothelioma", "liver"),
])
def test_shipped_heatmap_cells_match_the_evidence_table(kg, cancer: str, site: str, row: str, column: str) -> None:
    rows = [(r["cancerLabel"], r["siteLabel"], r["percent"]) for r in kg.query("metastasis-percentages").records()]
    with figure_style():
        cells = _cells(metastasis_heatmap(rows).axes[0])
    assert cells[(row, column)] == cell_text(_table_maximum(cancer, site))


def test_a_cancer_without_numbers_has_no_sites_plot(kg) -> None:
    with pytest.raises(NoFigureDataError, match="no published percentages .* for 'leukemia'"):
        kg.plot("metastasis-sites", "leukemia")
    assert plot_cancer  # the CLI below goes through the same function


@pytest.mark.parametrize(("args", "message"), [
    (["plot", "metastasis-sites", "breast canser", "-o", "{out}/a.png"], "Did you mean: 'breast cancer'"),
    (["plot", "drugs-timeline", "breast cancer", "-o", "{out}/a.png"], "no approvals in the graph for 'breast cancer'"),
    (["plot", "metastasis-sites", "breast cancer", "-o", "{out}/a.jpg"], "a.jpg: cannot tell the image format"),
])
def test_plot_command_errors_name_the_problem_and_write_nothing(args: list[str], message: str, tmp_path: Path, kg) -> None:
    if "drugs-timeline" in args and kg.query("drug-approvals", cancer="breast cancer").records():
        pytest.skip("the graph has approvals for breast cancer now")
    result = CliRunner().invoke(cli, [a.format(out=tmp_path) for a in args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert list(tmp_path.iterdir()) == []


def test_plot_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["plot", "--help"])
    assert result.exit_code == 0 and "oncograph plot metastasis-sites" in result.output and "drugs-timeline" in result.output


def test_rows_that_cannot_be_drawn_stop_the_release_figures() -> None:
    from types import SimpleNamespace

    from oncograph.figures.plots import FigureDataError

    def query(name: str, **_params: str) -> SimpleNamespace:  # stands in for kg.query: only .records() is used
        rows = [{"cancerLabel": "breast cancer", "siteLabel": "bone", "percent": 170}] if name == "metastasis-percentages" else []
        return SimpleNamespace(records=lambda: rows)

    with pytest.raises(FigureDataError, match="cannot draw metastasis-heatmap: percent 170 .* not between 0 and 100"):
        release_figures(query)
