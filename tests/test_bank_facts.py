"""Facts the bank states in prose, checked against pydicom's and hl7apy's dictionaries.

`factcheck.py` (run by test_question_bank.py) checks that every tag, backticked keyword, UID,
HL7 message type, segment and field number exists. These tests check the names the bank gives
them, which a writer can get wrong while the number is real:

- every DICOM tag `(gggg,eeee)` is introduced by its own name ("SOP Instance UID (0008,0018)")
  or its backticked keyword, as pydicom's data dictionary spells them;
- a VR the bank states for an attribute, in a DICOM JSON snippet ('"0020000D": {"vr": "UI"') or
  in prose ("Patient ID is a string (LO) attribute"), is the VR pydicom's dictionary gives;
- every DICOM UID sits next to its own name in pydicom's UID registry ("Implicit VR Little
  Endian (1.2.840.10008.1.2)", "JPEG 2000 Image Compression (Lossless Only), 1.2.840...90");
- every HL7 v2 field label ("MRG-1 (prior patient identifier list)", "OBX-2 Value Type") is the
  field's name in hl7apy's v2.5 reference;
- options that are bare HL7 codes of a coded field the stem names (ORC-1 order control codes,
  OBX-2 value types, MSA-1 acknowledgment codes) are all codes of that field's HL7 table;
- two citation facts issue 15 found wrong: AAPM TG-18 is On-line Report No. 03 (2005) and is cited
  with its 2019 update, AAPM Report No. 270; IHE Consistent Time (ITI-1) uses NTP as RFC 1305 and
  SNTP as RFC 4330, so an item on it does not cite the later RFC 5905.

Each check is also run on a planted wrong statement, so each can fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest

from question_bank.schema import Question

TAG_RE = re.compile(r"\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)")
UID_RE = re.compile(r"\b1\.2\.840\.10008(?:\.\d+)+\b")
FIELD_RE = re.compile(
    r"\b([A-Z][A-Z0-9]{2})-(\d{1,3})\b"
    r"(?:\s*\((?P<paren>[^)]*)\)|\s+(?P<title>(?:[A-Z][a-z/]+\s?){1,6}))?"
)
CODE_OPTION_RE = re.compile(r"^([A-Z]{2,3})(?![\w-])")
# Words shared by many registry names, or added around one ("... SOP Class (uid)", "... objects
# (uid)"): skipped next to a UID, and never enough on their own to name it.
UID_GENERIC = frozenset(
    {"sop", "class", "object", "objects", "document", "storage", "syntax", "transfer", "image"}
    | {"compression", "information", "model", "uid", "a", "an", "the", "of", "with", "and"}
)
# Parentheses after a field that are asides, not the field's name.
ASIDE_START = frozenset({"and", "or", "the", "a", "an", "e", "eg", "for", "such", "which", "see"})


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _texts(q: Question) -> Iterator[str]:
    for text in (q.stem, *q.options.values(), q.explanation, *q.why_wrong.values()):
        yield " ".join(text.split())


@cache
def _hl7():  # type: ignore[no-untyped-def]
    from hl7apy import load_library, load_reference

    lib = load_library("2.5")

    @cache
    def field(seg: str, num: int) -> tuple[str, str | None]:
        """The field's long name and the HL7 table its value is drawn from (None if free)."""
        ref = load_reference(f"{seg}_{num}", "Field", "2.5")
        return ref[3], ref[4] if len(ref) > 4 else None

    return set(lib.SEGMENTS), lib.TABLES, field


# --- DICOM tags ------------------------------------------------------------------------------


def tag_name_problems(q: Question) -> list[str]:
    """A tag not preceded by its dictionary name or backticked keyword."""
    from pydicom.datadict import DicomDictionary

    problems = []
    for text in _texts(q):
        for m in TAG_RE.finditer(text):
            entry = DicomDictionary.get(int(m.group(1) + m.group(2), 16))
            if entry is None:
                continue  # factcheck.py reports unknown tags
            name, keyword = entry[2], entry[4]
            before = text[: m.start()].rstrip()
            if _norm(before).endswith(_norm(name)) or before.endswith(f"`{keyword}`"):
                continue
            problems.append(
                f"{m.group(0)} is {name} (`{keyword}`), but the text says {before[-40:]!r}"
            )
    return problems


JSON_VR_RE = re.compile(r'"([0-9A-Fa-f]{8})"\s*:\s*\{\s*"vr"\s*:\s*"([A-Z]{2})"')
PROSE_VR_RE = re.compile(r"((?:[A-Z][\w']*\s){1,5})is an? [\w\s-]*?\(([A-Z]{2})\) attribute")


@cache
def _vr_by_name() -> dict[str, str]:
    from pydicom.datadict import DicomDictionary

    return {_norm(entry[2]): entry[0] for entry in DicomDictionary.values()}


def vr_problems(q: Question) -> list[str]:
    """A VR stated for an attribute that differs from pydicom's dictionary."""
    from pydicom.datadict import DicomDictionary

    problems = []
    for text in _texts(q):
        for tag, vr in JSON_VR_RE.findall(text):
            entry = DicomDictionary.get(int(tag, 16))
            if entry is not None and entry[0] != vr:
                problems.append(f"{tag} has VR {entry[0]}, but the text says {vr}")
        for name, vr in PROSE_VR_RE.findall(text):
            known = _vr_by_name().get(_norm(name))
            if known is not None and known != vr:
                problems.append(f"{name.strip()} has VR {known}, but the text says {vr}")
    return problems


# --- DICOM UIDs ------------------------------------------------------------------------------


def _uid_label_score(name: str, words: list[str]) -> int:
    """How many of a registry name's distinctive words the run of words next to a UID holds.

    The run (nearest word first) goes on while words belong to the name; generic words such as
    "Image Storage" or "SOP Class" are skipped without counting."""
    name_words = set(_words(name)) - UID_GENERIC
    found: set[str] = set()
    for word in words:
        if word in name_words:
            found.add(word)
        elif word not in UID_GENERIC:
            break
    return len(found)


def _uid_label_matches(uid: str, words: list[str]) -> bool:
    """True if the words next to a UID name it: two of its name's distinctive words (or its
    only one), and no other registry name fits those words better ("Implicit VR Little Endian"
    next to the Explicit VR UID fits Implicit better)."""
    from pydicom.uid import UID_dictionary

    name = UID_dictionary[uid][0]
    own = _uid_label_score(name, words)
    if own < min(2, len(set(_words(name)) - UID_GENERIC)):
        return False
    return all(_uid_label_score(entry[0], words) <= own for entry in UID_dictionary.values())


def uid_name_problems(q: Question) -> list[str]:
    """A UID whose neighboring words are not its name in pydicom's UID registry."""
    from pydicom.uid import UID_dictionary

    problems = []
    for text in _texts(q):
        for m in UID_RE.finditer(text):
            uid = m.group(0)
            if uid not in UID_dictionary:
                continue  # factcheck.py reports unknown UIDs
            before = list(reversed(_words(text[: m.start()])))
            after = _words(text[m.end() :])
            if _uid_label_matches(uid, before) or _uid_label_matches(uid, after):
                continue
            name = UID_dictionary[uid][0]
            problems.append(f"{uid} is {name!r}, but the text around it does not say so")
    return problems


# --- HL7 v2 fields ---------------------------------------------------------------------------


def _abbreviates(short: str, full: str) -> bool:
    """hl7apy abbreviates some words (SERV, SECT, RPT, CHNG): letters in order, same first."""
    if not short or not full or short[0] != full[0]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def field_label_problems(q: Question) -> list[str]:
    """A field label ("OBR-4 (universal service identifier)") that is not the field's name."""
    segments, _, field = _hl7()
    problems = []
    for text in _texts(q):
        for m in FIELD_RE.finditer(text):
            seg, num = m.group(1), int(m.group(2))
            if seg not in segments:
                continue
            try:
                long_name, _ = field(seg, num)
            except Exception:  # factcheck.py reports field numbers out of range
                continue
            official = _words(long_name.replace("_", " "))
            if m.group("paren") is not None:
                label = _words(m.group("paren"))
                if not label or label[0] in ASIDE_START:
                    continue
                complete = True
            elif m.group("title"):
                label = _words(m.group("title"))
                complete = False  # a title-case run may stop early ("Study Instance UID")
            else:
                continue
            if complete and len(label) != len(official):
                ok = False
            else:
                ok = len(label) <= len(official) and all(
                    _abbreviates(o, w) for o, w in zip(official, label, strict=False)
                )
            if not ok:
                problems.append(
                    f"{seg}-{num} is {long_name}, but the text calls it {' '.join(label)!r}"
                )
    return problems


def _coded_fields(q: Question) -> list[tuple[str, str]]:
    """The table-bound fields the stem names, when every option is a bare code."""
    segments, tables, field = _hl7()
    if not all(CODE_OPTION_RE.match(o) for o in q.options.values()):
        return []
    found = []
    for m in FIELD_RE.finditer(" ".join(q.stem.split())):
        seg, num = m.group(1), int(m.group(2))
        if seg in segments:
            table = field(seg, num)[1]
            if table and table in tables:
                found.append((f"{seg}-{num}", table))
    return found


def coded_option_problems(q: Question) -> list[str]:
    """Options that are bare codes of a coded field the stem names, but not in its table."""
    _, tables, _ = _hl7()
    codes = [CODE_OPTION_RE.match(o) for o in q.options.values()]
    problems = []
    for name, table in _coded_fields(q):
        allowed = set(tables[table][1])
        for letter, code in zip(q.options, codes, strict=True):
            assert code is not None
            if code.group(1) not in allowed:
                problems.append(
                    f"option {letter} {code.group(1)} is not in HL7 table {table} ({name})"
                )
    return problems


# --- Citations -------------------------------------------------------------------------------

TG18_RE = re.compile(r"\bTG-?18\b|On-line Report No\. 03")
CONSISTENT_TIME_RE = re.compile(r"Consistent Time|\bITI-1\b")


def citation_problems(q: Question) -> list[str]:
    """TG-18 without its report number, year or 2019 update; RFC 5905 for IHE Consistent Time."""
    problems = []
    refs = " | ".join(q.references)
    for ref in q.references:
        if "Report No. 270" in ref:
            continue  # the update, which may name TG-18 as what it updates
        if TG18_RE.search(ref) and not ("On-line Report No. 03" in ref and "2005" in ref):
            problems.append(f"TG-18 is cited as AAPM On-line Report No. 03 (2005): {ref!r}")
    if TG18_RE.search(refs) and "Report No. 270" not in refs:
        problems.append("TG-18 is cited without its 2019 update, AAPM Report No. 270")
    if CONSISTENT_TIME_RE.search(refs) and "RFC 5905" in refs:
        problems.append(
            "IHE Consistent Time (ITI-1) cites NTP RFC 1305 / SNTP RFC 4330, not RFC 5905"
        )
    return problems


CHECKS = (
    tag_name_problems,
    vr_problems,
    uid_name_problems,
    field_label_problems,
    coded_option_problems,
    citation_problems,
)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_shipped_bank_states_library_facts_correctly(
    bank_questions: list[Question], check: object
) -> None:
    assert callable(check)
    problems = [f"{q.id}: {p}" for q in bank_questions for p in check(q)]
    assert not problems, "\n".join(problems)


def test_the_checks_see_the_bank_facts(bank_questions: list[Question]) -> None:
    """Guard against a check that passes because its pattern matches nothing."""
    texts = [t for q in bank_questions for t in _texts(q)]
    assert sum(len(TAG_RE.findall(t)) for t in texts) >= 150
    assert sum(len(UID_RE.findall(t)) for t in texts) >= 50
    assert sum(len(FIELD_RE.findall(t)) for t in texts) >= 40
    assert sum(len(JSON_VR_RE.findall(t)) + len(PROSE_VR_RE.findall(t)) for t in texts) >= 2
    assert sum(bool(_coded_fields(q)) for q in bank_questions) >= 2


def _q(
    stem: str,
    options: dict[str, str] | None = None,
    explanation: str = "An explanation long enough for the schema.",
    references: list[str] | None = None,
) -> Question:
    return Question.model_validate(
        {
            "id": "TST-001",
            "domain": "medical_imaging_informatics",
            "subtopic": "dicom-model",
            "difficulty": 1,
            "stem": stem,
            "options": options or {"A": "one", "B": "two", "C": "three", "D": "four"},
            "key": "A",
            "explanation": explanation,
            "why_wrong": {"B": "b", "C": "c", "D": "d"},
            "references": references or ["DICOM PS3.3 C.7.2.1 (General Study Module)"],
        }
    )


WRONG = [
    # a real tag under a neighbor's name
    (
        tag_name_problems,
        _q("Which value is in Series Instance UID (0020,000D)?"),
        "StudyInstanceUID",
    ),
    (tag_name_problems, _q("Is `AccessionNumber` (0008,0018) unique?"), "SOPInstanceUID"),
    # the lossy JPEG 2000 syntax labeled lossless-only, and a SOP class under another's name
    (
        uid_name_problems,
        _q("Is JPEG 2000 Image Compression (Lossless Only) (1.2.840.10008.1.2.4.91) lossless?"),
        "1.2.840.10008.1.2.4.91",
    ),
    (
        uid_name_problems,
        _q("Is Implicit VR Little Endian (1.2.840.10008.1.2.1) the default?"),
        "Explicit VR Little Endian",
    ),
    (
        uid_name_problems,
        _q("Does CT Image Storage (1.2.840.10008.5.1.4.1.1.4) hold CT?"),
        "MR Image",
    ),
    # a real field under a neighbor's name
    (field_label_problems, _q("What is in PID-3 (patient account number)?"), "PID-3"),
    (field_label_problems, _q("What does MSH-10 Message Type hold?"), "MSH-10"),
    # an order control code that does not exist
    (
        coded_option_problems,
        _q("Which ORC-1 value cancels the order?", {"A": "CA", "B": "NW", "C": "ZZ", "D": "XO"}),
        "ZZ",
    ),
]


WRONG += [
    (vr_problems, _q('Is "0020000D": {"vr": "UL"} a valid entry here?'), "has VR UI"),
    (vr_problems, _q("Why does Patient ID is a string (PN) attribute matter?"), "has VR LO"),
    (
        citation_problems,
        _q(
            "Which display QA tolerance applies?",
            references=["AAPM TG-18 (2005)", "AAPM Report No. 270 (TG-270, 2019), Section 2"],
        ),
        "No. 03",
    ),
    (
        citation_problems,
        _q(
            "Which display QA tolerance applies?",
            references=["AAPM On-line Report No. 03 (TG-18, 2005), Section 4.3 Luminance Response"],
        ),
        "Report No. 270",
    ),
    (
        citation_problems,
        _q(
            "Which protocol keeps clocks in step?",
            references=["IHE ITI TF-1, Consistent Time (CT) Profile", "RFC 5905"],
        ),
        "RFC 5905",
    ),
]


@pytest.mark.parametrize(("check", "question", "fragment"), WRONG)
def test_each_check_catches_a_wrong_statement(check, question: Question, fragment: str) -> None:  # type: ignore[no-untyped-def]
    problems = check(question)
    assert problems and fragment in " ".join(problems), problems


RIGHT = [
    (tag_name_problems, _q("Which value is in Study Instance UID (0020,000D)?")),
    (tag_name_problems, _q("Is `SOPInstanceUID` (0008,0018) unique?")),
    (
        uid_name_problems,
        _q("Is JPEG 2000 Image Compression (Lossless Only) (1.2.840.10008.1.2.4.90) lossless?"),
    ),
    (uid_name_problems, _q("Does it use the Verification SOP Class (1.2.840.10008.1.1)?")),
    (uid_name_problems, _q("Is JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91) lossy?")),
    (field_label_problems, _q("What is in PID-3 (patient identifier list)?")),
    (field_label_problems, _q("What does OBR-24 (diagnostic service section ID) hold?")),
    (
        coded_option_problems,
        _q("Which ORC-1 value cancels the order?", {"A": "CA", "B": "NW", "C": "OC", "D": "XO"}),
    ),
]


RIGHT += [
    (vr_problems, _q('Is "0020000D": {"vr": "UI"} a valid entry here?')),
    (vr_problems, _q("Why does Patient ID is a string (LO) attribute matter?")),
    (
        citation_problems,
        _q(
            "Which display QA tolerance applies?",
            references=[
                "AAPM On-line Report No. 03 (TG-18, 2005), Section 4.3 Luminance Response",
                "AAPM Report No. 270 (TG-270, 2019), Section 2",
            ],
        ),
    ),
    (
        citation_problems,
        _q(
            "Which protocol keeps clocks in step?",
            references=["IHE ITI TF-2, Section 3.1 Maintain Time [ITI-1]", "RFC 1305"],
        ),
    ),
]


@pytest.mark.parametrize(("check", "question"), RIGHT)
def test_each_check_accepts_a_right_statement(check, question: Question) -> None:  # type: ignore[no-untyped-def]
    assert check(question) == []
