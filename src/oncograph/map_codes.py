"""``oncograph map-codes``: add our cancer type to every row of a cohort's clinical table.

A clinical file (CSV or TSV) has a column of OncoTree, NCIt, DOID or MONDO codes. Each row is written back
unchanged with four columns added: our IRI, label, main type and tissue. A code that names no type, or several,
is left blank and reported, never dropped, so the output lines up with the input row for row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import OncographError, SourceFileError
from .namespaces import OG, PREFIXES
from .rdf_terms import RDFS_LABEL

if TYPE_CHECKING:
    from .resolve import EntityIndex

VOCABULARIES = {"oncotree": "ONCOTREE", "ncit": "NCIT", "doid": "DOID", "mondo": "MONDO"}
ADDED_COLUMNS = ("oncograph_iri", "oncograph_label", "oncograph_main_type", "oncograph_tissue")
_DEFAULT_COLUMNS = ("ONCOTREE_CODE", "oncotree_code", "CANCER_TYPE_CODE", "code")


@dataclass
class MappingReport:
    """The mapped table and the codes that could not be mapped (code -> why)."""

    text: str
    rows: int
    mapped: int
    problems: dict[str, str] = field(default_factory=dict)


def _value(store: ox.Store, iri: str, predicate: ox.NamedNode) -> str:
    return next((q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), predicate, None)), "")


def lookup(index: EntityIndex, code: str, vocabulary: str) -> set[str]:
    """Our entities for ``code`` in ``vocabulary`` (a bare code or a CURIE of that vocabulary)."""
    prefix = VOCABULARIES[vocabulary]
    local = code.split(":", 1)[1] if ":" in code and code.split(":", 1)[0].casefold() == prefix.casefold() else code
    if prefix == "ONCOTREE":
        return index.oncotree_code(f"ONCOTREE:{local}") or index.oncotree_code(f"ONCOTREE:{local}", retired=True)
    return index.xref(PREFIXES[prefix] + local.strip())


def map_codes(path: Path, store: ox.Store, index: EntityIndex, vocabulary: str, column: str | None = None) -> MappingReport:
    """Read ``path`` (delimiter from the extension, else sniffed) and add our columns."""
    if vocabulary not in VOCABULARIES:
        raise OncographError(f"--from must be one of {', '.join(VOCABULARIES)}, not {vocabulary!r}")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc
    delimiter = "\t" if Path(path).suffix.lower() in (".tsv", ".txt") else ","
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise SourceFileError(path, "the table is empty: it needs a header row and a column of codes", line=1)
    wanted = column or next((c for c in _DEFAULT_COLUMNS if c in header), None)
    if wanted is None or wanted not in header:
        hint = f"column {column!r} is not in the header" if column else "no code column found; name it with --column"
        raise SourceFileError(path, f"{hint} (columns: {', '.join(header)})", line=1)
    at = header.index(wanted)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*header, *ADDED_COLUMNS])
    report = MappingReport("", 0, 0)
    main_type, tissue = ox.NamedNode(f"{OG}oncotreeMainType"), ox.NamedNode(f"{OG}oncotreeTissue")
    for row in reader:
        report.rows += 1
        code = row[at].strip() if at < len(row) else ""
        found = sorted(lookup(index, code, vocabulary)) if code else []
        if len(found) == 1:
            iri = found[0]
            added = [iri, _value(store, iri, RDFS_LABEL), _value(store, iri, main_type), _value(store, iri, tissue)]
            report.mapped += 1
        else:
            added = ["", "", "", ""]
            if code and not found:
                report.problems[code] = "unknown"
            elif code:
                report.problems[code] = "ambiguous: " + ", ".join(index.preferred.get(f, f) for f in found)
        writer.writerow([*row, *added])
    report.text = out.getvalue()
    return report


__all__ = ["ADDED_COLUMNS", "MappingReport", "VOCABULARIES", "lookup", "map_codes"]
