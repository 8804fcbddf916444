"""One test over every shipped data file, and tests that the checks themselves can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from question_bank.blueprint import DOMAINS
from question_bank.factcheck import check_question, check_questions
from question_bank.lint import lint
from question_bank.loader import BankLoad, load_bank, load_file, load_taxonomy
from question_bank.schema import Question
from question_bank.stats import BANK_TARGETS


def _q(**changes: object) -> Question:
    base = {
        "id": "TST-001",
        "domain": "medical_imaging_informatics",
        "subtopic": "dicom-model",
        "difficulty": 1,
        "stem": "Which attribute identifies a study uniquely across systems?",
        "options": {
            "A": "Series Instance UID",
            "B": "Study Instance UID",
            "C": "Study ID",
            "D": "Accession Number",
        },
        "key": "B",
        "explanation": "`StudyInstanceUID` (0020,000D) is globally unique for the study.",
        "why_wrong": {"A": "A series, not a study.", "C": "Not unique.", "D": "Site-assigned."},
        "references": ["DICOM PS3.3 C.7.2.1 (General Study Module)"],
    }
    base.update(changes)
    return Question.model_validate(base)


def test_shipped_bank_loads_and_lints_clean(bank_questions: list[Question]) -> None:
    bank = load_bank()
    errors = [f for f in lint(bank) if f.level == "error"]
    assert errors == []
    assert len(bank.questions) == len(bank_questions) >= 400


def test_every_domain_meets_its_target_and_every_subtopic_is_used(
    bank_questions: list[Question],
) -> None:
    taxonomy = load_taxonomy()
    for d in DOMAINS:
        mine = [q for q in bank_questions if q.domain == d.key]
        assert len(mine) >= BANK_TARGETS[d.key] >= 20, d.key
        assert {q.subtopic for q in mine} == set(taxonomy[d.key]), d.key


def test_keys_are_balanced_and_difficulties_spread(bank_questions: list[Question]) -> None:
    for d in DOMAINS:
        mine = [q for q in bank_questions if q.domain == d.key]
        for letter in "ABCD":
            share = sum(q.key == letter for q in mine) / len(mine)
            assert 0.15 <= share <= 0.35, (d.key, letter, share)
        assert {q.difficulty for q in mine} == {1, 2, 3}


def test_every_library_checkable_fact_is_right(bank_questions: list[Question]) -> None:
    problems = check_questions(bank_questions)
    assert problems == [], [str(p) for p in problems[:20]]


@pytest.mark.parametrize(
    ("field", "text", "fragment"),
    [
        ("explanation", "`PatientName` (0020,000D) identifies the study.", "not the keyword"),
        (
            "explanation",
            "The tag (0020,FFF0) identifies the study uniquely here.",
            "not in pydicom",
        ),
        (
            "explanation",
            "`StudyUniqueKey` identifies the study uniquely in DICOM.",
            "not a DICOM keyword",
        ),
        ("explanation", "Encoded with 1.2.840.10008.1.2.99999 as transfer syntax.", "UID"),
        ("explanation", "The system sends ADT^R01 when the patient moves wards.", "events start"),
        ("explanation", "The order is carried in an XYZ^O01 message to the RIS.", "table 0076"),
        ("explanation", "The identifier travels in PID-99 of the message.", "PID has"),
        ("explanation", "It is carried in the ZQQ segment of the message.", "not an HL7"),
        ("explanation", "The modality sends RAD-999 to the image manager.", "ihe_transactions"),
    ],
)
def test_factcheck_catches_wrong_facts(field: str, text: str, fragment: str) -> None:
    problems = check_question(_q(**{field: text}))
    assert any(fragment in str(p) for p in problems), problems


def test_factcheck_accepts_true_facts() -> None:
    q = _q(
        explanation=(
            "`StudyInstanceUID` (0020,000D); (0008,0060) `Modality`; ADT^A08 updates PID-3; "
            "the OBR segment; 1.2.840.10008.1.2.4.90; RAD-5 Query Modality Worklist; SHA-256 "
            "is unrelated."
        )
    )
    assert check_question(q) == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"options": {"A": "x", "B": "y", "C": "z"}}, "exactly A, B, C and D"),
        ({"options": {"A": "x", "B": "y", "C": "z", "D": "All of the above"}}, "all/none"),
        ({"why_wrong": {"A": "a", "C": "c"}}, "why_wrong must explain"),
        ({"difficulty": 5}, "less than or equal to 3"),
        ({"id": "bad id"}, "must look like"),
        ({"references": []}, "at least 1"),
    ],
)
def test_schema_rejects_malformed_questions(changes: dict, fragment: str) -> None:
    with pytest.raises(Exception) as info:
        _q(**changes)
    assert fragment in str(info.value)


def test_loader_collects_every_error_with_its_place(tmp_path: Path) -> None:
    good = _q().model_dump()
    bad_subtopic = {**_q(id="TST-002").model_dump(), "subtopic": "astrology"}
    no_key = {k: v for k, v in _q(id="TST-003").model_dump().items() if k != "key"}
    path = tmp_path / "mixed.yaml"
    path.write_text(
        yaml.safe_dump(
            {"domain": "medical_imaging_informatics", "questions": [good, bad_subtopic, no_key]}
        )
    )
    result = load_file(path)
    assert [q.id for q in result.questions] == ["TST-001"]
    assert len(result.errors) == 2
    assert "unknown subtopic 'astrology'" in result.errors[0]
    assert "#3" in result.errors[1] and "key" in result.errors[1]


def test_lint_catches_imbalance_bias_duplicates_and_bad_references() -> None:
    qs = [
        _q(
            id=f"TST-{i:03d}",
            stem=f"Scenario number {i} about a distinct archive migration topic "
            f"with detail {i * 7919 % 1000}",
            options={"A": "short", "B": "a much longer key option", "C": "tiny", "D": "mini"},
        )
        for i in range(1, 11)
    ]
    qs.append(_q(id="TST-011", stem=qs[0].stem + ".", references=["My own notes"]))
    findings = [str(f) for f in lint(BankLoad(qs), whole_bank=False)]
    assert any("key B is" in f for f in findings)
    assert any("longest option" in f for f in findings)
    assert any("TST-001 and TST-011 have near-duplicate stems" in f for f in findings)
    assert any("names no recognised public source" in f for f in findings)
