"""The HTTP service: a read-only SPARQL 1.1 Protocol endpoint, saved queries, linked-data pages and a web page.

It takes what it serves (a pyoxigraph store, a name index, the saved-query catalogue), not the hub.
Requests are answered on the event loop thread, which is the only thread that touches the store; ad-hoc
SPARQL is checked on its parse tree (:mod:`oncograph.sparql_safety`) and run in a worker process
(:mod:`oncograph.query_limits`) that is forked on that thread and awaited in a pool thread, so a runaway
query is killed at its time limit while every other request keeps being answered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from urllib.parse import parse_qs, quote

import anyio.to_thread
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..cards import entity_card
from ..errors import ArgumentError, OncographError, clip
from ..namespaces import OG, OGR, ONTOLOGY_IRI, PREFIXES
from ..queries import ParameterError, SavedQuery, UnknownQueryError, bind_parameters, engine_error, prepare_sparql
from ..query_limits import (
    BoundedBoolean,
    BoundedRun,
    BoundedSolutions,
    BoundedTriples,
    QueryLimitError,
    QueryLimits,
    QueryRunError,
)
from ..resolve import EntityIndex, normalise
from ..results import QueryResult
from ..sparql_safety import CheckedQuery, UnsafeQueryError
from .negotiation import GRAPH_TYPES, RESULTS_TYPES, SHORT_NAMES, choose
from .pages import card_section, page

_PARSER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="oncograph-sparql-parser")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
ACCESS_LOG = logging.getLogger("oncograph.http.access")
STATIC = files("oncograph.http") / "static"
DEFAULT_MAX_BODY = 64 * 1024
DEFAULT_WORKERS = 4
ANSWER_CACHE = 2048  # saved-query answers kept (least recently used dropped first)
_RESULT_OFFERS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values", "application/json", "application/xml"]
_GRAPH_OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/plain"]
_PAGE_OFFERS = ["text/html", *_GRAPH_OFFERS]
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


class RequestTooLarge(OncographError):
    """The request body (or query string) is larger than the server accepts (413)."""


class NotAcceptable(OncographError):
    """None of the formats the client accepts is on offer (406)."""


class NotFound(OncographError):
    """No such page (404)."""


def status_of(error: OncographError) -> int:
    """The HTTP status an error is answered with."""
    if isinstance(error, UnsafeQueryError):
        return 403
    if isinstance(error, UnknownQueryError | NotFound):
        return 404
    if isinstance(error, RequestTooLarge):
        return 413
    if isinstance(error, NotAcceptable):
        return 406
    if isinstance(error, QueryLimitError):
        return 503
    if isinstance(error, QueryRunError):
        return 500
    return 400  # syntax, parameters, unknown or ambiguous entities, bad arguments


@dataclass(frozen=True)
class ServiceSettings:
    """The limits of one server: per-query time and rows, request size, concurrent query workers."""

    limits: QueryLimits = QueryLimits()
    max_body: int = DEFAULT_MAX_BODY
    workers: int = DEFAULT_WORKERS
    #: graphs a FROM / FROM NAMED / default-graph-uri may name: none, the data is in the default graph
    dataset_graphs: frozenset[str] = frozenset()


class GraphService:
    """The request handlers over one store, name index and catalogue."""

    def __init__(self, store: ox.Store, index: EntityIndex, catalogue: Mapping[str, SavedQuery],
                 settings: ServiceSettings = ServiceSettings()) -> None:
        self.store = store
        self.index = index
        self.catalogue = catalogue
        self.settings = settings
        self._workers: asyncio.Semaphore | None = None
        #: saved-query answers by (query, resolved parameters), each with its serialisations by format
        self._answers: OrderedDict[tuple, tuple[QueryResult, dict[str, str]]] = OrderedDict()
        self._ontology_cache: dict[str, tuple[bytes, str]] = {}

    # ------------------------------------------------------------------ SPARQL protocol
    async def sparql(self, request: Request) -> Response:
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        if request.method == "POST":
            body = await _read_body(request, self.settings.max_body)
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(_utf8(body, "the form"), keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                params.setdefault("query", []).append(_utf8(body, "the query"))
            elif content_type == "application/sparql-update":
                raise UnsafeQueryError("refused: this endpoint is read-only; SPARQL updates are not accepted")
            else:
                raise ArgumentError(f"unsupported content type {clip(content_type, 60)!r}: send a form "
                                    "(application/x-www-form-urlencoded) or application/sparql-query")
        if params.get("update"):
            raise UnsafeQueryError("refused: this endpoint is read-only; SPARQL updates are not accepted")
        queries = params.get("query", [])
        if not queries:
            return self._service_description(request)
        if len(queries) > 1:
            raise ArgumentError("give exactly one 'query' parameter")
        text = queries[0]
        if len(text.encode("utf-8")) > self.settings.max_body:
            raise RequestTooLarge(f"the query is larger than {self.settings.max_body} bytes")
        # rdflib's parser takes ~10-20 ms of pure Python and pyparsing is not thread-safe: one parser thread, so
        # the loop keeps answering between its time slices and no two parses overlap
        checked = await asyncio.get_running_loop().run_in_executor(_PARSER, _checked, text)
        checked = replace(checked, from_graphs=checked.from_graphs | set(params.get("default-graph-uri", [])),
                          from_named_graphs=checked.from_named_graphs | set(params.get("named-graph-uri", [])))
        checked.refuse_graphs_outside(self.settings.dataset_graphs)
        graph_form = checked.form in ("CONSTRUCT", "DESCRIBE")
        media = _negotiate(request, _GRAPH_OFFERS if graph_form else _RESULT_OFFERS)
        answer = await self._bounded(checked.text)
        headers = {"Vary": "Accept"}
        if isinstance(answer, BoundedTriples):
            headers["Oncograph-Truncated"] = str(answer.truncated).lower()
            return Response(_graph_bytes(answer.triples, GRAPH_TYPES[media]), media_type=media, headers=headers)
        if isinstance(answer, BoundedBoolean):
            return Response(_boolean_bytes(answer.value, RESULTS_TYPES[media]), media_type=media, headers=headers)
        assert isinstance(answer, BoundedSolutions)
        rows = [dict(zip(answer.variables, row, strict=True)) for row in answer.rows]
        result = QueryResult(answer.variables, rows, truncated=answer.truncated, max_rows=self.settings.limits.max_rows)
        headers["Oncograph-Truncated"] = str(answer.truncated).lower()
        return Response(result.serialize(RESULTS_TYPES[media]), media_type=media, headers=headers)

    async def _bounded(self, text: str) -> BoundedSolutions | BoundedBoolean | BoundedTriples:
        if self._workers is None:
            self._workers = asyncio.Semaphore(self.settings.workers)
        async with self._workers:
            # forked here, on the loop thread: no other thread is inside pyoxigraph while the worker is made
            run = BoundedRun(self.store, text, self.settings.limits, prefixes=PREFIXES, any_form=True)
            try:
                return await anyio.to_thread.run_sync(run.wait, abandon_on_cancel=True)
            except QueryRunError as error:
                raise engine_error(error) from None
            finally:
                run.cancel()

    def _service_description(self, request: Request) -> Response:
        endpoint = str(request.url.replace(query=""))
        formats = ", ".join(f"<{_FORMATS}{name}>" for name in (
            "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
            "N-Triples", "JSON-LD", "RDF_XML"))
        turtle = (f"@prefix sd: <{_SD}> .\n@prefix void: <http://rdfs.org/ns/void#> .\n"
                  f"<{endpoint}> a sd:Service ; sd:endpoint <{endpoint}> ; sd:supportedLanguage sd:SPARQL11Query ;\n"
                  f"  sd:resultFormat {formats} ;\n"
                  f"  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ; void:triples {len(self.store)} ] ] .\n")
        media = _negotiate(request, _GRAPH_OFFERS)
        triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
        prefixes = {"sd": _SD, "void": "http://rdfs.org/ns/void#", "formats": _FORMATS}
        return Response(_graph_bytes([q.triple for q in triples], GRAPH_TYPES[media], prefixes), media_type=media,
                        headers={"Vary": "Accept"})

    # ------------------------------------------------------------------ saved queries and names
    async def list_queries(self, request: Request) -> Response:
        return JSONResponse([
            {"name": q.name, "title": q.title, "description": q.description, "example": q.example,
             "parameters": [vars(p) for p in q.parameters], "url": f"/queries/{q.name}"}
            for q in self.catalogue.values()])

    async def saved_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        params: dict[str, str] = {}
        for key in request.query_params:
            if key == "format":
                continue
            values = request.query_params.getlist(key)
            if len(values) > 1:
                raise ParameterError(f"parameter {clip(key)!r} is given {len(values)} times; give each parameter once")
            params[key] = values[0]
        saved, substitutions = bind_parameters(self.catalogue, self.index, name, params)
        media = _negotiate(request, _RESULT_OFFERS)
        return Response(self._saved_answer(saved, substitutions, RESULTS_TYPES[media]), media_type=media,
                        headers={"Vary": "Accept"})

    def _saved_answer(self, saved: SavedQuery, substitutions: dict[ox.Variable, ox.NamedNode], fmt: str) -> str:
        """A saved query's answer in ``fmt``, cached by query and resolved parameters: the served graph never changes."""
        key = (saved.name, tuple(sorted((v.value, t.value) for v, t in substitutions.items())))
        cached = self._answers.get(key)
        if cached is None:
            result = QueryResult.from_solutions(saved.solutions(self.store, substitutions),
                                                hidden=saved.bound_variables)
            cached = self._answers[key] = (result, {})
            if len(self._answers) > ANSWER_CACHE:
                self._answers.popitem(last=False)
        else:
            self._answers.move_to_end(key)
        result, texts = cached
        if fmt not in texts:
            texts[fmt] = result.serialize(fmt)
        return texts[fmt]

    async def labels(self, request: Request) -> Response:
        """Name completion for a form: ``/labels?q=adre&kind=og:AnatomicalSite`` (or ``query=NAME&param=P``)."""
        kind = request.query_params.get("kind", "owl:Thing")
        if "query" in request.query_params:
            saved = self.catalogue.get(request.query_params["query"])
            parameter = saved.parameter(request.query_params.get("param", "")) if saved else None
            if parameter is None:
                raise ParameterError("unknown query or parameter for completion")
            kind = parameter.kind
        text = request.query_params.get("q", "")
        limit = min(int(request.query_params.get("limit", "20") or 20), 100)
        return JSONResponse([{"label": label, "iri": iri} for label, iri in self.index.complete(text, kind, limit)])

    # ------------------------------------------------------------------ linked data
    async def resource(self, request: Request) -> Response:
        iri = OGR + request.path_params["id"]
        node = ox.NamedNode(iri)
        outgoing = [q.triple for q in self.store.quads_for_pattern(node, None, None)]
        if not outgoing and next(iter(self.store.quads_for_pattern(None, None, node)), None) is None:
            wanted = request.path_params["id"].replace("-", " ")
            hint = self.index.suggest(wanted, None)
            close = [iri for label in hint for iri in self.index.by_name.get(normalise(label), ())]
            listed = f" Did you mean: {', '.join('/resource/' + c[len(OGR):] for c in close if c.startswith(OGR))}?" if close else ""
            raise NotFound(f"no entity <{clip(iri, 120)}> in the graph.{listed}")
        media = _negotiate(request, _PAGE_OFFERS)
        if media == "text/html":
            card = entity_card(self.store, iri)
            path = request.url.path
            return _html(page(card.label or iri, card_section(card), _alternates(path)))
        inbound = [q.triple for q in self.store.quads_for_pattern(None, None, node) if isinstance(q.subject, ox.NamedNode)]
        return Response(_graph_bytes(outgoing + inbound, GRAPH_TYPES[media]), media_type=media, headers={"Vary": "Accept"})

    async def ontology(self, request: Request) -> Response:
        media = _negotiate(request, _PAGE_OFFERS)
        if media not in self._ontology_cache:
            self._ontology_cache[media] = (self._ontology_bytes(media), media)
        data, media = self._ontology_cache[media]
        return Response(data, media_type=media, headers={"Vary": "Accept"})

    def _ontology_bytes(self, media: str) -> bytes:
        terms = sorted({q.subject.value for q in self.store.quads_for_pattern(None, None, None)
                        if isinstance(q.subject, ox.NamedNode) and (q.subject.value.startswith(OG) or q.subject.value == ONTOLOGY_IRI)})
        if media != "text/html":
            triples = [q.triple for term in terms for q in self.store.quads_for_pattern(ox.NamedNode(term), None, None)]
            return _graph_bytes(triples, GRAPH_TYPES[media])
        header = card_section(entity_card(self.store, ONTOLOGY_IRI)) if ONTOLOGY_IRI in terms else ""
        sections = [card_section(entity_card(self.store, term), anchor=term[len(OG):]) for term in terms if term != ONTOLOGY_IRI]
        return page("ontology", header + "\n".join(sections), _alternates("/ontology")).encode("utf-8")

    # ------------------------------------------------------------------ the web page
    async def home(self, request: Request) -> Response:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")


@lru_cache(maxsize=1024)
def _checked(text: str) -> CheckedQuery:
    """The parse-tree check of a query text, remembered: it is a pure function of the text (errors are not kept)."""
    return prepare_sparql(text, _FORMS)


def _alternates(path: str) -> list[tuple[str, str]]:
    return [("text/turtle", f"{path}?format=turtle"), ("application/ld+json", f"{path}?format=jsonld")]


def _html(text: str) -> Response:
    return Response(text, media_type="text/html", headers={"Vary": "Accept"})


def _negotiate(request: Request, offers: list[str]) -> str:
    """The media type to answer with: ``?format=`` if given, else the Accept header; 406 if nothing fits."""
    short = request.query_params.get("format")
    if short:
        media = SHORT_NAMES.get(short.lower(), short)
        if media in offers:
            return media
        raise NotAcceptable(f"format {clip(short, 40)!r} is not offered here; offered: {', '.join(offers)}")
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        raise NotAcceptable(f"none of the accepted types is offered here; offered: {', '.join(offers)}")
    return chosen


def _graph_bytes(triples: list[ox.Triple], fmt: ox.RdfFormat, prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Triples in ``fmt`` by pyoxigraph's writers; formats with prefixes get ours (or the given ones)."""
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD):
        return ox.serialize(triples, format=fmt, prefixes=dict(prefixes))
    return ox.serialize(triples, format=fmt)


def _boolean_bytes(value: bool, fmt: str) -> bytes:
    answer = ox.parse_query_results(json.dumps({"head": {}, "boolean": value}), ox.QueryResultsFormat.JSON)
    formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    return answer.serialize(format=formats[fmt])


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArgumentError(f"{what} is not UTF-8 (byte offset {error.start})") from None


async def _read_body(request: Request, cap: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``cap`` bytes (never read whole)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise RequestTooLarge(f"the request body ({declared} bytes) is larger than {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise RequestTooLarge(f"the request body is larger than {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class AccessLog:
    """ASGI middleware writing one line per request: client, request line, status, bytes sent, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, sent = 500, 0

        async def counting_send(message: Message) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            client = "{}:{}".format(*scope["client"]) if scope.get("client") else "-"
            target = quote(scope["path"]) + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
            ACCESS_LOG.info('%s "%s %s HTTP/%s" %d %d %.1fms', client, scope["method"], clip(target, 200),
                            scope.get("http_version", "1.1"), status, sent, (time.perf_counter() - started) * 1000)


def _error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, OncographError)
    return Response(f"error: {error}\n", status_code=status_of(error), media_type="text/plain; charset=utf-8")


def create_app(store: ox.Store, index: EntityIndex, catalogue: Mapping[str, SavedQuery],
               settings: ServiceSettings = ServiceSettings()) -> Starlette:
    """The ASGI application serving ``store`` (any ASGI server runs it; ``serve`` uses uvicorn)."""
    service = GraphService(store, index, catalogue, settings)
    routes = [
        Route("/", service.home, methods=["GET"]),
        Route("/sparql", service.sparql, methods=["GET", "POST"]),
        Route("/queries", service.list_queries, methods=["GET"]),
        Route("/queries/{name}", service.saved_query, methods=["GET"]),
        Route("/labels", service.labels, methods=["GET"]),
        Route("/resource/{id:path}", service.resource, methods=["GET"]),
        Route("/ontology", service.ontology, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    middleware = [Middleware(AccessLog),
                  Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"],
                             expose_headers=["Oncograph-Truncated"])]
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={OncographError: _error_handler})


def serve(store: ox.Store, index: EntityIndex, catalogue: Mapping[str, SavedQuery], *, host: str = "127.0.0.1",
          port: int = 8000, settings: ServiceSettings = ServiceSettings(), on_ready: str | None = None) -> None:
    """Run the service with uvicorn until interrupted; access lines go to stderr."""
    import sys

    import uvicorn

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    ACCESS_LOG.addHandler(handler)
    ACCESS_LOG.setLevel(logging.INFO)
    ACCESS_LOG.propagate = False
    prepare_sparql("SELECT * WHERE { ?s ?p ?o }")  # loads rdflib's SPARQL grammar now, not on the first request
    if on_ready:
        print(on_ready, file=sys.stderr, flush=True)
    uvicorn.run(create_app(store, index, catalogue, settings), host=host, port=port, access_log=False,
                log_level="warning", lifespan="off")


__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_WORKERS", "GraphService", "ServiceSettings", "create_app", "serve", "status_of"]
