"""Query results in the forms people and programs read: table, SPARQL JSON, CSV, TSV.

Rows are kept as pyoxigraph terms so each writer can follow its own standard
(SPARQL 1.1 Query Results JSON / CSV / TSV) without losing datatypes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

FORMATS = ("table", "json", "csv", "tsv")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {f"{_XSD}integer", f"{_XSD}decimal", f"{_XSD}positiveInteger", f"{_XSD}nonNegativeInteger", f"{_XSD}int", f"{_XSD}long"}


def python_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """A plain Python value: IRIs and strings as ``str``, integers as ``int``, booleans as ``bool``."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _NUMERIC:
            return int(term.value)
        if datatype == f"{_XSD}boolean":
            return term.value == "true"
        return term.value
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != f"{_XSD}string":
        out["datatype"] = term.datatype.value
    return out


@dataclass
class QueryResult:
    """The answer of a SELECT query: its variables and rows of RDF terms (``None`` where unbound)."""

    variables: list[str]
    rows: list[dict[str, object]]
    hidden: set[str] = field(default_factory=set)

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions, hidden: Sequence[str] = ()) -> QueryResult:
        variables = [v.value for v in solutions.variables]
        rows = [{name: solution[name] for name in variables} for solution in solutions]
        return cls(variables, rows, set(hidden))

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, object]]:
        """Rows as plain Python dicts (unbound variables left out)."""
        return [{k: python_value(v) for k, v in row.items() if v is not None} for row in self.rows]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        bindings = [{k: _json_term(v) for k, v in row.items() if v is not None} for row in self.rows]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}}, indent=2, ensure_ascii=False)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, empty for unbound."""
        return self._delimited(",", lambda t: "" if t is None else str(python_value(t)))

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: terms in their N-Triples/Turtle form."""
        buffer = io.StringIO()
        buffer.write("\t".join(f"?{v}" for v in self.variables) + "\n")
        for row in self.rows:
            buffer.write("\t".join("" if row[v] is None else str(row[v]) for v in self.variables) + "\n")
        return buffer.getvalue()

    def _delimited(self, delimiter: str, render) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow([render(row[v]) for v in self.variables])
        return buffer.getvalue()

    def display_columns(self) -> list[str]:
        """Columns a person wants: labels instead of the IRIs they name, no echoed parameters."""
        shown = []
        for v in self.variables:
            if v in self.hidden or f"{v}Label" in self.variables:
                continue
            shown.append(v)
        return shown

    def to_table(self, max_width: int = 60) -> str:
        """A fixed-width text table for people."""
        columns = self.display_columns()
        if not self.rows:
            return "(no results)"
        cells = [[_clip(str(python_value(row[c])) if row[c] is not None else "", max_width) for c in columns] for row in self.rows]
        headers = [c[:-5] if c.endswith("Label") else c for c in columns]
        widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
        line = "  ".join("-" * w for w in widths)
        out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(), line]
        out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
        out.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(out)

    def render(self, fmt: str) -> str:
        """The result in one of :data:`FORMATS`."""
        return {"table": self.to_table, "json": self.to_json, "csv": self.to_csv, "tsv": self.to_tsv}[fmt]()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = ["FORMATS", "QueryResult", "python_value"]
