"""`oncograph serve` answers real clients over HTTP (issue 14, items 1 and 2): SPARQLWrapper and httpx against a
real uvicorn server on a free loopback port (the `oncograph_server` fixture, one per module)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

OGR = "https://w3id.org/oncograph/resource/"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def base(oncograph_server) -> str:
    return oncograph_server[0]


def _wrapper(base: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


def test_sparqlwrapper_select_ask_construct(base: str) -> None:
    select = "SELECT ?label WHERE { ogr:breast-cancer rdfs:label ?label }"
    answer = _wrapper(base, select, JSON).queryAndConvert()
    assert [b["label"]["value"] for b in answer["results"]["bindings"]] == ["breast cancer"]
    posted = _wrapper(base, select, XML, "POST").queryAndConvert()  # POST form, SPARQL XML parsed to a DOM
    assert "breast cancer" in posted.toxml()
    direct = _wrapper(base, select, CSV, "POST")
    direct.setRequestMethod(POSTDIRECTLY)  # POST application/sparql-query
    assert direct.queryAndConvert().decode().splitlines() == ["label", "breast cancer"]
    assert _wrapper(base, "ASK { ogr:breast-cancer a/rdfs:subClassOf* og:CancerType }", JSON).queryAndConvert()["boolean"] is True
    turtle = _wrapper(base, "CONSTRUCT { ogr:breast-cancer rdfs:label ?l } WHERE { ogr:breast-cancer rdfs:label ?l }",
                      TURTLE).queryAndConvert()
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert [t.object.value for t in triples] == ["breast cancer"]


def test_results_formats_by_accept_header(base: str, kg) -> None:
    query = "SELECT ?s ?label WHERE { ?s og:gradedRatherThanStaged true ; rdfs:label ?label } ORDER BY ?label"
    local = kg.sparql(query)
    for media, fmt in [("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
                       ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml")]:
        response = httpx.get(f"{base}/sparql", params={"query": query}, headers={"Accept": media})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        assert response.text == local.serialize(fmt)
    describe = httpx.post(f"{base}/sparql", data={"query": "DESCRIBE ogr:breast-cancer"},
                          headers={"Accept": "application/ld+json"})
    assert describe.headers["content-type"].startswith("application/ld+json")
    assert any(t.object == ox.Literal("breast cancer", language="en")
               for t in ox.parse(describe.content, format=ox.RdfFormat.JSON_LD))
    assert httpx.get(f"{base}/sparql", params={"query": query}, headers={"Accept": "image/png"}).status_code == 406


def test_service_description_without_a_query(base: str, kg) -> None:
    response = httpx.get(f"{base}/sparql", headers={"Accept": "text/turtle"})
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert ox.NamedNode(sd + "SPARQL11Query") in {t.object for t in triples}
    assert ox.Literal(str(len(kg.store)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")) in {
        t.object for t in triples}


@pytest.mark.parametrize(("request_args", "status", "message"), [
    ({"data": {"update": "DROP ALL"}}, 403, "read-only"),
    ({"content": b"INSERT DATA { <a:a> <a:b> <a:c> }", "headers": {"Content-Type": "application/sparql-update"}}, 403,
     "read-only"),
    ({"data": {"query": "INSERT DATA { <a:a> <a:b> <a:c> }"}}, 403, "SPARQL update"),
    ({"data": {"query": "LOAD <http://example.org/data.ttl>"}}, 403, "LOAD"),
    ({"data": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}}, 403, "SERVICE"),
    ({"data": {"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"}}, 403, "FROM <http://example.org/g>"),
    ({"data": {"query": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }"}}, 403, "FROM NAMED"),
    ({"data": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"}}, 403, "FROM"),
    ({"data": {"query": "SELECT * WHERE {\n  ?s ?p \n"}}, 400, "SPARQL syntax error at 2:"),
    ({"data": {"query": "SELECT * WHERE { ?s a ogx:Thing }"}}, 400, "unknown prefix 'ogx:'"),
    ({"data": {"query": "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000}}, 413, "larger than 4096 bytes"),
    ({"content": b"x" * 10_000, "headers": {"Content-Type": "application/sparql-query"}}, 413, "larger than 4096"),
    ({"content": b"{}", "headers": {"Content-Type": "application/json"}}, 400, "unsupported content type"),
])
def test_refused_and_malformed_requests(base: str, request_args: dict, status: int, message: str) -> None:
    response = httpx.post(f"{base}/sparql", **request_args)
    assert response.status_code == status, response.text
    assert response.text.startswith("error: ") and message in response.text


def test_runaway_query_is_stopped_while_others_are_answered(oncograph_server) -> None:
    base, process, _ = oncograph_server
    runaway: dict[str, httpx.Response] = {}
    thread = threading.Thread(target=lambda: runaway.update(
        r=httpx.post(f"{base}/sparql", data={"query": CARTESIAN}, timeout=60)))
    thread.start()
    time.sleep(0.3)  # the runaway's worker is running now
    during = httpx.get(f"{base}/queries/graded-not-staged", headers={"Accept": "text/csv"})
    assert during.status_code == 200 and "brain cancer" in during.text
    assert thread.is_alive(), "the runaway query must still be running while the saved query is answered"
    thread.join(60)
    assert runaway["r"].status_code == 503 and "stopped after 2 s (the time limit)" in runaway["r"].text
    after = httpx.post(f"{base}/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a og:MetastasisPattern }"},
                       headers={"Accept": "text/csv"})
    assert after.status_code == 200 and after.text.splitlines()[0] == "n"
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        assert children.read_text().split() == [], "the killed worker must not be left behind"


def test_row_cap_is_announced(base: str) -> None:
    response = httpx.get(f"{base}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert response.headers["oncograph-truncated"] == "true"
    assert len(response.text.splitlines()) == 500 + 1  # the fixture serves with --max-rows 500


def test_saved_queries_as_in_the_cli(base: str, kg) -> None:
    catalogue = httpx.get(f"{base}/queries").json()
    assert {"name": "site", "kind": "og:AnatomicalSite", "required": True, "default": None,
            "example": "adrenal glands", "variable": "askedSite"} in next(q for q in catalogue if q["name"] == "cancers-metastasizing-to")["parameters"]
    response = httpx.get(f"{base}/queries/cancers-metastasizing-to", params={"site": "adrenal glands"},
                         headers={"Accept": "text/csv"})
    assert response.text == kg.query("cancers-metastasizing-to", site="adrenal glands").to_csv()
    as_json = httpx.get(f"{base}/queries/metastasis-sites-of?cancer=UBERON:0002369".replace("UBERON:0002369", "LUAD"))
    served = {b["siteLabel"]["value"] for b in as_json.json()["results"]["bindings"]}
    assert served == {r["siteLabel"] for r in kg.query("metastasis-sites-of", cancer="LUAD").records()}
    assert {"adrenal gland", "bone", "brain", "liver"} <= served  # lung cancer's seed sites, inherited
    unknown = httpx.get(f"{base}/queries/metastasis-site-of")
    assert unknown.status_code == 404 and "Did you mean: metastasis-sites-of" in unknown.text
    bad_param = httpx.get(f"{base}/queries/metastasis-sites-of", params={"cancr": "lung cancer"})
    assert bad_param.status_code == 400 and "has no parameter 'cancr' (accepted: cancer)" in bad_param.text
    bad_name = httpx.get(f"{base}/queries/metastasis-sites-of", params={"cancer": "lung cancr"})
    assert bad_name.status_code == 400 and "Did you mean: 'lung cancer'" in bad_name.text
    missing = httpx.get(f"{base}/queries/metastasis-sites-of")
    assert missing.status_code == 400 and "needs parameter 'cancer'" in missing.text


def test_name_completion(base: str) -> None:
    found = httpx.get(f"{base}/labels", params={"query": "cancers-metastasizing-to", "param": "site", "q": "adren"}).json()
    assert {"label": "adrenal gland", "iri": OGR + "site-adrenal-gland"} in found
    cancers = httpx.get(f"{base}/labels", params={"kind": "og:CancerType", "q": "lung canc"}).json()
    assert cancers[0]["label"] == "lung cancer"
    assert all("site-" not in c["iri"] for c in cancers)


def test_entity_pages_negotiate_html_turtle_and_json_ld(base: str) -> None:
    html = httpx.get(f"{base}/resource/site-adrenal-gland", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.headers["content-type"].startswith("text/html")
    assert "<h2>adrenal gland</h2>" in html.text
    assert 'href="http://purl.obolibrary.org/obo/UBERON_0002369"' in html.text  # the cross-reference's registry
    assert 'href="/resource/source-' in html.text  # its source, as a page of this server
    turtle = httpx.get(f"{base}/resource/site-adrenal-gland", headers={"Accept": "text/turtle"})
    triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert any(t.subject == ox.NamedNode(OGR + "site-adrenal-gland") and t.predicate == label for t in triples)
    jsonld = httpx.get(f"{base}/resource/site-adrenal-gland", headers={"Accept": "application/ld+json"})
    assert len(list(ox.parse(jsonld.content, format=ox.RdfFormat.JSON_LD))) == len(triples)
    missing = httpx.get(f"{base}/resource/breast-cancr")
    assert missing.status_code == 404 and "/resource/breast-cancer" in missing.text
    ontology = httpx.get(f"{base}/ontology", headers={"Accept": "text/html"})
    assert 'id="CancerType"' in ontology.text and 'href="/ontology#MetastasisPattern"' in ontology.text
    terms = list(ox.parse(httpx.get(f"{base}/ontology?format=turtle").content, format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode("https://w3id.org/oncograph/ontology#CancerType") in {t.subject for t in terms}


def test_cors_and_the_page_is_self_contained(base: str) -> None:
    response = httpx.get(f"{base}/queries", headers={"Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(f"{base}/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    page = httpx.get(f"{base}/")
    assert page.headers["content-type"].startswith("text/html")
    for asset in ("/static/app.js", "/static/style.css"):
        assert f'"{asset}"' in page.text and httpx.get(base + asset).status_code == 200
    assert "://" not in "".join(line for line in page.text.splitlines() if "src=" in line or "<link" in line)


def test_one_access_log_line_per_request(oncograph_server) -> None:
    base, _, log = oncograph_server
    marker = f"marker{time.monotonic_ns()}"
    statuses = [httpx.get(f"{base}/queries/{marker}").status_code for _ in range(3)]
    assert statuses == [404, 404, 404]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [line for line in log.read_text().splitlines() if marker in line]
        if len(lines) >= 3:
            break
        time.sleep(0.05)
    assert len(lines) == 3
    assert all(f'"GET /queries/{marker} HTTP/1.1" 404 ' in line and line.startswith("127.0.0.1:") for line in lines)
    assert json.dumps(lines)  # plain text lines
