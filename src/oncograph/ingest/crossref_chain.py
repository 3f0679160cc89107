"""DOID and MONDO IDs for imported types, by chaining through the NCIt code the OncoTree file gives.

OncoTree gives NCIt codes; Mondo's SSSOM table ``mondo_exactmatch_ncit.sssom.tsv`` says which MONDO class is
an exact match of an NCIt code, and the Disease Ontology's report ``DOreports/NCIinDO.tsv`` lists the NCI
cross-references of each DOID. An ID is taken only when the chain is one-to-one; where a file offers several
IDs, or Mondo's own DOID for the MONDO class differs from DO's, the disagreement is recorded, not resolved.
An ID that its own file marks obsolete (DO's report and Mondo's tables label such a class "obsolete ...") is
never taken: OncoTree's MRLS reached DOID:5709, "obsolete mixed-type liposarcoma", and URCC reached
MONDO:0006475, "obsolete unclassified renal cell carcinoma", that way.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceFileError


@dataclass
class ChainTable:
    """``NCIT:C...`` -> the IDs of one vocabulary that a public file pairs with it, and how to cite that file."""

    vocabulary: str
    cited_as: str
    by_ncit: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: ``NCIT:C...`` -> the IDs the file pairs with it but marks obsolete (never taken; the import says so)
    obsolete: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _read_lines(path: Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFileError(path, f"cannot be read: {exc}") from exc


def _obsolete(label: str | None) -> bool:
    """Whether a file's label marks its class as retired, as DO's reports and Mondo's tables do ("obsolete ...")."""
    return (label or "").strip().strip('"').lower().startswith("obsolete")


def read_mondo_sssom(path: Path, object_prefix: str = "NCIT") -> ChainTable:
    """Mondo's exact-match SSSOM table (``MONDO:n skos:exactMatch NCIT:Cn`` or ``DOID:n``), keyed by the object; a
    row whose subject or object label starts with "obsolete" goes to ``obsolete`` (Mondo keeps retired classes'
    mappings)."""
    lines = _read_lines(path)
    header = [line for line in lines if line.startswith("#")]
    version = next((line.split(":", 1)[1].strip() for line in header if line.startswith("# mapping_set_version:")), None)
    cited = f"{version or 'monarch-initiative/mondo/src/ontology/mappings/' + Path(path).name} (sha256 {_digest(path)})"
    table = ChainTable("MONDO", cited)
    reader = csv.DictReader(io.StringIO("".join(lines[len(header):])), delimiter="\t")
    if not {"subject_id", "predicate_id", "object_id"} <= set(reader.fieldnames or []):
        raise SourceFileError(path, "not an SSSOM table: needs subject_id, predicate_id and object_id columns", line=len(header) + 1)
    for row in reader:
        subject, predicate, obj = row["subject_id"].strip(), row["predicate_id"].strip(), row["object_id"].strip()
        if predicate == "skos:exactMatch" and subject.startswith("MONDO:") and obj.startswith(f"{object_prefix}:"):
            retired = any(_obsolete(row.get(label)) for label in ("subject_label", "object_label"))
            (table.obsolete if retired else table.by_ncit)[obj].add(subject)
    return table


def read_do_ncit_report(path: Path) -> ChainTable:
    """The Disease Ontology's ``NCIinDO.tsv`` report (id, label, xrefs "NCI:C1, NCI:C2"), keyed by NCIT code; the
    DOIDs whose label starts with "obsolete" go to ``obsolete``, as DO keeps a retired term's cross-references."""
    lines = _read_lines(path)
    table = ChainTable("DOID", f"DiseaseOntology/HumanDiseaseOntology/DOreports/{Path(path).name} (sha256 {_digest(path)})")
    reader = csv.DictReader(io.StringIO("".join(lines)), delimiter="\t")
    if not {"id", "xrefs"} <= set(reader.fieldnames or []):
        raise SourceFileError(path, "not DO's NCIinDO report: needs the columns id and xrefs", line=1)
    for number, row in enumerate(reader, start=2):
        doid = (row["id"] or "").strip().strip('"')
        if not doid.startswith("DOID:"):
            raise SourceFileError(path, f"id {doid!r} is not a DOID", line=number)
        retired = _obsolete(row.get("label"))
        for xref in (row["xrefs"] or "").strip('"').split(","):
            xref = xref.strip()
            if xref.startswith("NCI:C"):
                (table.obsolete if retired else table.by_ncit)[f"NCIT:{xref[4:]}"].add(doid)
    return table


__all__ = ["ChainTable", "read_do_ncit_report", "read_mondo_sssom"]
