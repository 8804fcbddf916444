"""Checks the facts a library can check: DICOM tags, keywords and UIDs against pydicom's data
dictionary, HL7 v2 message types, events, segments and fields against hl7apy's v2.5 tables, and
IHE RAD transaction numbers against our cited table (`ihe_transactions.yaml`).

Conventions the bank follows so facts are machine-readable: tags as `(gggg,eeee)`, keywords in
backticks, HL7 message types as `TYPE^EVENT`, fields as `SEG-N`, IHE transactions as `RAD-N`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from question_bank.schema import Question

__all__ = ["Problem", "check_question", "check_questions"]

IHE_TABLE = Path(__file__).resolve().parent / "ihe_transactions.yaml"

TAG_RE = re.compile(r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)")
KEYWORD_TAG_RE = re.compile(r"`([A-Za-z][A-Za-z0-9]+)`\s*\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)")
TAG_KEYWORD_RE = re.compile(r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)\s*`([A-Za-z][A-Za-z0-9]+)`")
BACKTICK_RE = re.compile(r"`([A-Z][A-Za-z0-9]+)`")
UID_RE = re.compile(r"\b1\.2\.840\.10008(?:\.\d+)+\b")
HL7_TYPE_RE = re.compile(r"\b([A-Z]{3})\^([A-Z]\d{2})\b")
HL7_FIELD_RE = re.compile(r"\b([A-Z][A-Z0-9]{2})-(\d{1,3})\b")
HL7_SEGMENT_RE = re.compile(r"\b([A-Z][A-Z0-9]{2}) segments?\b")
IHE_RE = re.compile(r"\bRAD-(\d+)\b")

# Backticked names that are not DICOM keywords but are legitimate in the bank (FHIR resources).
NON_DICOM_NAMES = frozenset(
    {
        "ImagingStudy",
        "ImagingSelection",
        "DiagnosticReport",
        "ServiceRequest",
        "Patient",
        "Endpoint",
        "Observation",
        "Encounter",
        "Procedure",
        "Practitioner",
        "Organization",
        "Media",
        "DocumentReference",
        "Binary",
        "Bundle",
        "Task",
        "Device",
        "Specimen",
        "Subscription",
        "AuditEvent",
        "Provenance",
        "Consent",
        "Condition",
        "Appointment",
    }
)
# Event letters per message family, where the family is strict about them.
EVENT_FAMILY = {"ADT": "A", "ORM": "O", "OMI": "O", "ORU": "R", "SIU": "S", "MDM": "T", "ORR": "O"}


@dataclass(frozen=True)
class Problem:
    question_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.question_id}: {self.message}"


@cache
def _dicom():  # type: ignore[no-untyped-def]
    from pydicom.datadict import DicomDictionary, keyword_dict
    from pydicom.uid import UID_dictionary

    return DicomDictionary, keyword_dict, UID_dictionary


@cache
def _hl7():  # type: ignore[no-untyped-def]
    from hl7apy import load_library, load_reference

    lib = load_library("2.5")
    types = set(lib.TABLES["HL70076"][1])
    events = set(lib.TABLES["HL70003"][1])
    segments = set(lib.SEGMENTS)

    def field_count(segment: str) -> int:
        return len(load_reference(segment, "Segment", "2.5")[1])

    return types, events, segments, cache(field_count)


@cache
def ihe_table() -> dict[str, str]:
    return {str(k): str(v) for k, v in yaml.safe_load(IHE_TABLE.read_text()).items()}


def _texts(q: Question) -> Iterable[str]:
    yield q.stem
    yield from q.options.values()
    yield q.explanation
    yield from q.why_wrong.values()


def check_question(q: Question) -> list[Problem]:
    dictionary, keywords, uids = _dicom()
    types, events, segments, field_count = _hl7()
    problems: list[str] = []
    for text in _texts(q):
        for g, e in TAG_RE.findall(text):
            tag = int(g + e, 16)
            if tag not in dictionary and not (g.upper().startswith("0002") or int(g, 16) % 2):
                problems.append(f"DICOM tag ({g},{e}) is not in pydicom's dictionary")
        pairs = [(kw, g, e) for kw, g, e in KEYWORD_TAG_RE.findall(text)]
        pairs += [(kw, g, e) for g, e, kw in TAG_KEYWORD_RE.findall(text)]
        for kw, g, e in pairs:
            entry = dictionary.get(int(g + e, 16))
            if entry is not None and entry[4] != kw:
                problems.append(f"`{kw}` is not the keyword of ({g},{e}); pydicom says {entry[4]}")
        for name in BACKTICK_RE.findall(text):
            if name not in keywords and name not in NON_DICOM_NAMES:
                problems.append(f"`{name}` is not a DICOM keyword in pydicom's dictionary")
        for uid in UID_RE.findall(text):
            if uid not in uids:
                problems.append(f"UID {uid} is not in pydicom's UID dictionary")
        for mtype, event in HL7_TYPE_RE.findall(text):
            if mtype not in types:
                problems.append(f"HL7 message type {mtype} is not in HL7 table 0076")
            if event not in events:
                problems.append(f"HL7 event {event} is not in HL7 table 0003")
            family = EVENT_FAMILY.get(mtype)
            if family and not event.startswith(family):
                problems.append(f"{mtype}^{event}: {mtype} events start with {family}")
        for seg, num in HL7_FIELD_RE.findall(text):
            if seg in segments and not 1 <= int(num) <= field_count(seg):
                problems.append(f"{seg}-{num}: {seg} has {field_count(seg)} fields in v2.5")
        for seg in HL7_SEGMENT_RE.findall(text):
            if seg not in segments and seg not in ("RAD",):
                problems.append(f"{seg} is not an HL7 v2.5 segment")
        for number in IHE_RE.findall(text):
            if f"RAD-{number}" not in ihe_table():
                problems.append(f"RAD-{number} is not in question_bank/ihe_transactions.yaml")
    return [Problem(q.id, p) for p in dict.fromkeys(problems)]


def check_questions(questions: Iterable[Question]) -> list[Problem]:
    return [p for q in questions for p in check_question(q)]


if __name__ == "__main__":
    import sys

    from question_bank.loader import load_bank, load_file

    qs = (
        [q for name in sys.argv[1:] for q in load_file(Path(name)).questions]
        if sys.argv[1:]
        else load_bank().questions
    )
    found = check_questions(qs)
    for problem in found:
        print(problem)
    print(f"factcheck: {len(qs)} questions, {len(found)} problems")
    raise SystemExit(1 if found else 0)
