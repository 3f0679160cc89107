"""The catalogue of saved SPARQL queries and how they are run.

Each ``queries/*.rq`` file starts with a YAML header in ``#`` comments giving its
title, description, parameters (name, kind of entity, required or default,
example) and an example command. Parameter values are resolved to entities by
name and passed to the engine as RDF terms (SPARQL substitutions), never
pasted into query text, so no input can change the query.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import OncographError, SourceFileError, clip, require_text
from .namespaces import PREFIXES
from .results import QueryResult
from .query_limits import QueryLimits, QueryRunError, run_bounded
from .sparql_safety import CheckedQuery, SparqlSyntaxError, check_read_only, line_column
from .sparql_values import with_values

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .resolve import EntityIndex


#: Parameter kind for a code (``LUAD``, ``ONCOTREE:LUAD``, ``NCIT:C3512``, ``DOID:3910``): bound as the code's IRI.
CODE_KIND = "code"


class UnknownQueryError(OncographError):
    """No saved query has that name."""


class ParameterError(OncographError):
    """A parameter is missing, unknown or has no value."""


#: How a saved query receives its parameters (the header's ``bind:`` key). The engine plans the two forms
#: differently and neither is faster for every query: on a 1M-triple graph, a VALUES block made
#: cancers-metastasizing-to 3x faster but subtypes-of 2500x slower than substitutions (docs/design.md).
BIND_FORMS = ("substitutions", "values")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query."""

    name: str
    kind: str
    required: bool
    default: str | None = None
    example: str | None = None
    #: The SPARQL variable the value is bound to, when it is not the parameter's name (a query whose answer
    #: has a ``site`` column binds its ``site`` parameter to ``?askedSite``).
    variable: str | None = None

    @property
    def binds(self) -> str:
        """The SPARQL variable this parameter is bound to."""
        return self.variable or self.name


@dataclass(frozen=True)
class SavedQuery:
    """A saved query file: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    example: str
    text: str
    path: Path = field(compare=False)
    #: ``substitutions`` (the default: the engine pre-binds the variables) or ``values`` (a VALUES block opens
    #: the WHERE group). The answer is the same either way; a test runs every query both ways.
    bind: str = "substitutions"

    @property
    def bound_variables(self) -> list[str]:
        """The variables its parameters bind, which an answer leaves out (they repeat what was asked)."""
        return [p.binds for p in self.parameters]

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def solutions(self, store: Any, substitutions: Mapping[ox.Variable, ox.NamedNode]) -> ox.QuerySolutions:
        """Its solutions on ``store`` (a pyoxigraph store or the remote client's) with the parameters bound in the
        query's own form."""
        if self.bind == "values":
            return store.query(with_values(self.text, substitutions))
        return store.query(self.text, substitutions=dict(substitutions))


def parse_query_file(path: Path) -> SavedQuery:
    """Read one ``.rq`` file; a bad header names the file and line."""
    import yaml  # here: `oncograph sparql` and the API's ad-hoc queries never read a header
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header_lines = []
    for line in lines:
        if not line.startswith("#"):
            break
        header_lines.append(line[2:] if line.startswith("# ") else line[1:])
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceFileError(path, f"query header is not valid YAML: {exc}", line=mark.line + 1 if mark else None) from exc
    for key in ("title", "description", "example"):
        if not header.get(key):
            raise SourceFileError(path, f"query header lacks '{key}'", line=1)
    params = tuple(
        Parameter(
            name=name,
            kind=str(spec.get("kind", "owl:Thing")),
            required=bool(spec.get("required", False)),
            default=spec.get("default"),
            example=spec.get("example"),
            variable=spec.get("variable"),
        )
        for name, spec in (header.get("params") or {}).items()
    )
    bind = str(header.get("bind", "substitutions"))
    if bind not in BIND_FORMS:
        line = next((n for n, h in enumerate(header_lines, 1) if h.startswith("bind:")), 1)
        raise SourceFileError(path, f"query header's 'bind' is {bind!r}; it must be one of {', '.join(BIND_FORMS)}", line=line)
    return SavedQuery(path.stem, header["title"], " ".join(str(header["description"]).split()), params,
                      header["example"], text, path, bind)


def load_catalogue(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query of ``folder``, by name (the file name without ``.rq``)."""
    return {path.stem: parse_query_file(path) for path in sorted(folder.glob("*.rq"))}


def run_saved_query(kg: KnowledgeGraph, name: str, params: dict[str, str]) -> QueryResult:
    """Resolve the parameters by name and run the saved query ``name``."""
    require_text(name, "a saved query's name")
    one = _saved_query(kg, name)  # a cold process parses only this query's header
    saved, substitutions = bind_parameters({name: one} if one is not None else kg.catalogue, kg.index, name, params)
    return QueryResult.from_solutions(saved.solutions(kg.store, substitutions), hidden=saved.bound_variables)


def bind_parameters(catalogue: Mapping[str, SavedQuery], index: EntityIndex, name: str,
                    params: Mapping[str, str]) -> tuple[SavedQuery, dict[ox.Variable, ox.NamedNode]]:
    """The saved query ``name`` and its parameters resolved to entities, as SPARQL substitutions.

    Takes only the catalogue and a name index, so the HTTP server and the remote client (whose index is built
    from the remote graph) use it as the hub does.
    """
    require_text(name, "a saved query's name")
    saved = catalogue.get(name)
    if saved is None:
        close = difflib.get_close_matches(name, list(catalogue), n=3) if len(name) < 200 else []
        hint = f" Did you mean: {', '.join(close)}?" if close else " `oncograph queries` lists them."
        raise UnknownQueryError(f"no saved query called {clip(name)!r}.{hint}")
    unknown = sorted(set(params) - {p.name for p in saved.parameters})
    if unknown:
        accepted = ", ".join(p.name for p in saved.parameters) or "none"
        raise ParameterError(f"query {name!r} has no parameter {', '.join(repr(clip(u)) for u in unknown)} (accepted: {accepted})")
    substitutions: dict[ox.Variable, ox.NamedNode] = {}
    for parameter in saved.parameters:
        value = params.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise ParameterError(
                    f"query {name!r} needs parameter {parameter.name!r} "
                    f"(e.g. --param {parameter.name}={parameter.example!r})"
                )
            continue
        if not str(value).strip():
            raise ParameterError(f"parameter {parameter.name!r} of query {name!r} is empty")
        if parameter.kind == CODE_KIND:  # a code in any vocabulary, matched by the query itself (it may name several types)
            from .resolve import code_iri

            iri = code_iri(str(value))
        else:
            iri = index.resolve(str(value), parameter.kind)
        substitutions[ox.Variable(parameter.binds)] = ox.NamedNode(iri)
    return saved, substitutions


_QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _saved_query(kg: KnowledgeGraph, name: str) -> SavedQuery | None:
    """The saved query ``name``, parsing only its own file unless the catalogue is loaded already.

    A cold ``oncograph query`` asks for one query: parsing all twenty YAML headers cost more than running it.
    An unknown name loads the catalogue (for "did you mean").
    """
    if "catalogue" not in vars(kg) and _QUERY_NAME.fullmatch(name):
        from .resources import queries_dir

        path = queries_dir() / f"{name}.rq"
        if path.is_file():
            return parse_query_file(path)
    return kg.catalogue.get(name)


def run_sparql(kg: KnowledgeGraph, text: str, limits: QueryLimits | None = None) -> QueryResult:
    """Run ad-hoc SPARQL within ``limits`` after refusing SERVICE, LOAD and updates; our prefixes are predeclared."""
    checked = prepare_sparql(text)
    try:
        answer = run_bounded(kg.store, checked.text, limits or QueryLimits(), prefixes=PREFIXES)
    except QueryRunError as error:
        raise engine_error(error) from None
    rows = [dict(zip(answer.variables, row, strict=True)) for row in answer.rows]
    return QueryResult(answer.variables, rows, truncated=answer.truncated, max_rows=(limits or QueryLimits()).max_rows)


def prepare_sparql(text: str, forms: tuple[str, ...] = ("SELECT",)) -> CheckedQuery:
    """The checked query (SERVICE, LOAD and updates refused), of one of ``forms``, using only known prefixes."""
    checked = check_read_only(text)
    if checked.form not in forms:
        raise SparqlSyntaxError(f"only {'/'.join(forms)} queries are supported here; {checked.form} is not")
    unknown = sorted(checked.undeclared_prefixes - set(PREFIXES))
    if unknown:
        raise SparqlSyntaxError(_unknown_prefix_message(checked.text, unknown[0]))
    return checked


def engine_error(error: QueryRunError) -> OncographError:
    """The error to show for an engine failure: a syntax error pyoxigraph found gets its line:column, shortly."""
    if error.syntax:
        return SparqlSyntaxError(f"SPARQL syntax error {_short_engine_message(str(error))}")
    return error


def _unknown_prefix_message(text: str, prefix: str) -> str:
    """Where an undeclared prefix is first used, and the predeclared ones it may be a typo of."""
    match = re.search(rf"(?<![\w.:-]){re.escape(prefix)}:", text)
    where = " at {}:{}".format(*line_column(text, match.start())) if match else ""
    close = difflib.get_close_matches(prefix, list(PREFIXES), n=3)
    hint = f" Did you mean: {', '.join(f'{c}:' for c in close)}?" if close else f" Predeclared: {', '.join(f'{p}:' for p in PREFIXES)}."
    return f"SPARQL syntax error{where}: unknown prefix {clip(prefix, 40) + ':'!r} (declare it with PREFIX).{hint}"


def _short_engine_message(message: str) -> str:
    """pyoxigraph's message as 'at L:C: reason', without its list of expected tokens and Unicode ranges.

    >>> _short_engine_message("error at 1:62: expected one of The SELECT contains a variable that is unbound, [_]")
    'at 1:62: the SELECT contains a variable that is unbound'
    """
    match = re.match(r"error at (\d+:\d+): (?:expected (?:one of )?)?(.*)", message, re.DOTALL)
    if not match:
        return clip(message, 200)
    reasons = [r for r in re.findall(r"(?:^|, )([A-Z][a-z][^,\[\]'\n]*)", match.group(2))]
    reason = "; ".join(r[0].lower() + r[1:] for r in reasons) if reasons else "unexpected input here"
    return f"at {match.group(1)}: {reason}"


__all__ = [
    "Parameter",
    "ParameterError",
    "SavedQuery",
    "SparqlSyntaxError",
    "UnknownQueryError",
    "bind_parameters",
    "engine_error",
    "prepare_sparql",
    "load_catalogue",
    "parse_query_file",
    "run_saved_query",
    "run_sparql",
]
