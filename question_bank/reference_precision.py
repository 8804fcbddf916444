"""References to frameworks must say which edition and where: "PMBOK Guide" alone is not a
reference a reader can check.

Frameworks are revised, and revisions move or drop what a question relies on (the PMBOK Guide's
7th edition replaced the process groups of the 6th; NIST SP 800-34 Rev. 1 reorganized Rev. 0;
ISO standards are reissued by year). A reference naming one of them must carry an edition, a
year, a revision or a section, as each framework is conventionally cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from question_bank.findings import ERROR, Finding
from question_bank.schema import Question

__all__ = ["FRAMEWORKS", "Framework", "imprecise_references", "reference_precision"]

_YEAR = r"\b(?:19|20)\d{2}\b"
_EDITION = r"\b\d+(?:st|nd|rd|th)\s+(?:ed\.|edition)|\bedition\b"
_SECTION = (
    r"§|\b(?:section|sec\.|clause|chapter|ch\.|annex|appendix|part|table|figure|page|p\.)"
    r"\s*[A-Z]?\d"
)
_GENERIC = f"{_YEAR}|{_EDITION}|{_SECTION}"


@dataclass(frozen=True)
class Framework:
    """A framework's name as it appears in a reference, and what makes a citation of it precise."""

    name: str
    named: re.Pattern[str]
    precise: re.Pattern[str]
    hint: str


def _fw(name: str, named: str, precise: str, hint: str) -> Framework:
    return Framework(name, re.compile(named, re.I), re.compile(precise, re.I), hint)


FRAMEWORKS: tuple[Framework, ...] = (
    _fw("PMBOK", r"\bPMBOK\b", _GENERIC, "an edition, e.g. 'PMBOK Guide, 6th edition, 11.5'"),
    _fw("ITIL", r"\bITIL\b", rf"\bITIL\s*(?:v?[234])\b|{_GENERIC}", "the version, e.g. 'ITIL 4'"),
    _fw(
        "ISO",
        r"\bISO(?:/IEC)?\s*\d{3,5}",
        rf"\bISO(?:/IEC)?\s*[\d-]+:\s*\d{{4}}|{_GENERIC}",
        "the year, e.g. 'ISO 14971:2019'",
    ),
    _fw("COBIT", r"\bCOBIT\b", rf"\bCOBIT\s*(?:5|2019)\b|{_GENERIC}", "e.g. 'COBIT 2019'"),
    _fw("ADDIE", r"\bADDIE\b", _GENERIC, "the source with its year, e.g. a textbook edition"),
    _fw("Kotter", r"\bKotter\b", _GENERIC, "the book and year, e.g. 'Leading Change (1996)'"),
    _fw(
        "NIST SP",
        r"\bNIST\s+(?:SP|Special Publication)\s*\d",
        rf"\bRev(?:\.|ision)?\s*\d|{_YEAR}",
        "the revision or year, e.g. 'NIST SP 800-34 Rev. 1'",
    ),
    _fw(
        "AAPM TG",
        r"\bAAPM\b.*\bTG-?\s*\d+",
        r"\bReport\s+(?:No\.?\s*)?\d+",
        "the report number, e.g. 'AAPM Report No. 270 (TG-270)'",
    ),
)


def imprecise_references(reference: str) -> list[Framework]:
    """The frameworks `reference` names without the edition, year, revision or section."""
    return [
        fw for fw in FRAMEWORKS if fw.named.search(reference) and not fw.precise.search(reference)
    ]


def reference_precision(q: Question) -> list[Finding]:
    """One error per reference that names a framework imprecisely."""
    return [
        Finding(
            ERROR,
            f"reference {ref!r} cites {fw.name} without {fw.hint}",
            q.id,
            "reference-precision",
        )
        for ref in q.references
        for fw in imprecise_references(ref)
    ]
