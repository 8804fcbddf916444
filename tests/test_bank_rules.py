"""The item-writing rules of `question_bank/WRITING.md`: each one flags a constructed bad
question and passes a good one, so every rule is shown able to fail."""

from __future__ import annotations

import pytest

from question_bank.cues import (
    absolute_words,
    british_spelling,
    convergence,
    long_key,
    numeric_order,
    question_cues,
    word_echo,
)
from question_bank.findings import ERROR, WARNING, Finding
from question_bank.lint import format_findings, lint
from question_bank.loader import BankLoad
from question_bank.reference_precision import imprecise_references, reference_precision
from question_bank.schema import Question
from question_bank.similarity import near_duplicates_by_meaning, similar_pairs


def _q(**changes: object) -> Question:
    """A clean question: no rule of `cues.py` fires on it."""
    base = {
        "id": "TST-001",
        "domain": "medical_imaging_informatics",
        "subtopic": "dicom-model",
        "difficulty": 2,
        "stem": "A CT study reaches the archive twice under two different keys. Which "
        "attribute should identify it uniquely across systems?",
        "options": {
            "A": "Series Instance UID",
            "B": "Study Instance UID",
            "C": "Study ID",
            "D": "Accession Number",
        },
        "key": "B",
        "explanation": "`StudyInstanceUID` (0020,000D) is globally unique for the study.",
        "why_wrong": {
            "A": "Confuses the series with the study.",
            "C": "Study ID is assigned by the modality and is not unique.",
            "D": "Accession numbers are assigned by one RIS and may repeat elsewhere.",
        },
        "references": ["DICOM PS3.3 C.7.2.1 (General Study Module)"],
    }
    base.update(changes)
    return Question.model_validate(base)


def _levels(findings: list[Finding]) -> list[str]:
    return [f.level for f in findings]


def test_the_clean_question_raises_no_cue() -> None:
    assert question_cues(_q()) == []
    assert reference_precision(_q()) == []


# British spelling -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        (
            "stem",
            "The organisation must keep a copy. Which attribute identifies it?",
            "organisation",
        ),
        ("explanation", "The grey-scale display is calibrated for the study here.", "grey-scale"),
        ("explanation", "Radiologists analyse the colour images in the centre.", "analyse"),
        ("explanation", "A paediatric haematoma is seen; the licence is checked.", "paediatric"),
        ("explanation", "The vendor will optimise and prioritise the catalogue.", "optimise"),
        ("explanation", "The programme changed the behaviour of unauthorised users.", "programme"),
    ],
)
def test_british_spellings_are_errors(field: str, text: str, found: str) -> None:
    findings = british_spelling(_q(**{field: text}))
    assert findings and set(_levels(findings)) == {ERROR}
    assert any(repr(found) in f.message for f in findings), findings


def test_british_spelling_is_checked_in_options_and_why_wrong() -> None:
    q = _q(
        options={
            "A": "Series Instance UID",
            "B": "Study Instance UID",
            "C": "Study ID",
            "D": "Accession Number (organisation level)",
        },
        why_wrong={
            "A": "Confuses the series.",
            "C": "Not unique; favour the UID.",
            "D": "Repeats across the organisation.",
        },
    )
    messages = " ".join(f.message for f in british_spelling(q))
    assert "'organisation'" in messages and "'favour'" in messages


def test_us_spellings_and_lookalike_words_pass() -> None:
    text = (
        "The organization will analyze gray images at the center; advise, exercise, enterprise, "
        "premise, compromise, emphasis, analysis, noise and raise are all fine."
    )
    assert british_spelling(_q(explanation=text)) == []


# Absolutes ------------------------------------------------------------------------------


def test_absolute_only_in_distractors_is_an_error() -> None:
    q = _q(
        options={
            "A": "Series Instance UID, always",
            "B": "Study Instance UID",
            "C": "Study ID only",
            "D": "Accession Number",
        }
    )
    findings = absolute_words(q)
    assert _levels(findings) == [ERROR]
    assert "A (always)" in findings[0].message and "C (only)" in findings[0].message


def test_absolute_in_the_key_is_a_warning() -> None:
    q = _q(
        options={
            "A": "Series Instance UID",
            "B": "Study Instance UID, always",
            "C": "Study ID",
            "D": "Accession Number",
        }
    )
    assert _levels(absolute_words(q)) == [WARNING]
    assert absolute_words(_q()) == []


# Numeric order --------------------------------------------------------------------------


def test_numbers_out_of_order_are_an_error() -> None:
    q = _q(
        options={"A": "24 TB", "B": "12 TB", "C": "48 TB", "D": "96 TB"},
        key="A",
        why_wrong={"B": "b", "C": "c", "D": "d"},
    )
    assert _levels(numeric_order(q)) == [ERROR]


@pytest.mark.parametrize(
    "options",
    [
        {"A": "12 TB", "B": "24 TB", "C": "48 TB", "D": "96 TB"},
        {"A": "$960,000", "B": "$1,200,000", "C": "$1,440,000", "D": "$1,500,000"},
        {"A": "About 5 lux", "B": "About 12.5 lux", "C": "About 50 lux", "D": "About 125 lux"},
        {"A": "24 TB", "B": "12 months", "C": "48 TB", "D": "96 TB"},  # units differ: skipped
        {"A": "Port 104", "B": "Port 11112", "C": "2762", "D": "8443"},  # not all numbers
    ],
)
def test_ascending_or_non_numeric_options_pass(options: dict[str, str]) -> None:
    q = _q(options=options, key="A", why_wrong={"B": "b", "C": "c", "D": "d"})
    assert numeric_order(q) == []


def test_percentages_out_of_order_are_caught() -> None:
    q = _q(
        options={"A": "99.8%", "B": "99.0%", "C": "99.5%", "D": "99.95%"},
        key="D",
        why_wrong={"A": "a", "B": "b", "C": "c"},
    )
    assert _levels(numeric_order(q)) == [ERROR]


# Word echo, long key, convergence (warnings) --------------------------------------------


def test_word_echo_is_a_warning() -> None:
    q = _q(
        stem="Which attribute must the archive use to reconcile a study with its order?",
        options={
            "A": "Series Instance UID",
            "B": "Accession Number used to reconcile orders",
            "C": "Study ID",
            "D": "Patient Name",
        },
    )
    findings = word_echo(q)
    assert _levels(findings) == [WARNING] and "reconcile" in findings[0].message


def test_a_shared_word_in_a_distractor_is_no_echo() -> None:
    q = _q(
        stem="Which attribute must the archive use to reconcile a study with its order?",
        options={
            "A": "A reconcile flag in the series",
            "B": "Accession Number used to reconcile",
            "C": "Study ID",
            "D": "Patient Name",
        },
    )
    assert word_echo(q) == []


def test_a_much_longer_key_is_a_warning() -> None:
    q = _q(
        options={
            "A": "Series UID",
            "B": "The Study Instance UID, assigned once and kept "
            "by every system that stores the study",
            "C": "Study ID",
            "D": "Accession",
        }
    )
    assert _levels(long_key(q)) == [WARNING]
    assert long_key(_q()) == []


def test_convergence_is_a_warning() -> None:
    q = _q(
        options={
            "A": "Series Instance UID of the scanner",
            "B": "Study Instance UID",
            "C": "Study ID of the scanner",
            "D": "Accession Number of the scanner",
        }
    )
    findings = convergence(q)
    assert _levels(findings) == [WARNING] and "scanner" in findings[0].message
    assert convergence(_q()) == []


# Reference precision ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "PMI PMBOK Guide (Risk Management)",
        "ITIL Incident Management",
        "ISO 14971 (Risk management for medical devices)",
        "COBIT (Governance)",
        "ADDIE model",
        "Kotter's eight steps",
        "NIST SP 800-88 (Guidelines for Media Sanitization)",
        "AAPM Report TG-18 (Display performance)",
    ],
)
def test_imprecise_framework_references_are_errors(reference: str) -> None:
    findings = reference_precision(_q(references=[reference]))
    assert _levels(findings) == [ERROR], reference


@pytest.mark.parametrize(
    "reference",
    [
        "PMBOK Guide, 6th edition, 11.5 (Plan Risk Responses)",
        "PMI PMBOK Guide (2017), Risk Management",
        "ITIL 4 Change Enablement",
        "ISO 14971:2019 clause 7",
        "COBIT 2019 APO12",
        "Kotter, Leading Change (1996), chapter 2",
        "NIST SP 800-88 Rev. 1 (Guidelines for Media Sanitization)",
        "NIST SP 800-145 (2011)",
        "AAPM Report No. 270 (TG-270)",
        "DICOM PS3.4 Annex J",
    ],
)
def test_precise_references_pass(reference: str) -> None:
    assert imprecise_references(reference) == []


# Similarity by meaning ------------------------------------------------------------------

_UNRELATED = [
    _q(
        id="TST-010",
        stem="A hospital must choose between replacing its PACS and adding an AI "
        "triage tool. Which step of procurement should come first?",
    ),
    _q(
        id="TST-011",
        stem="The CT technologist reports that modality worklist queries return "
        "no patients since this morning's RIS upgrade. What should be checked first?",
    ),
    _q(
        id="TST-012",
        stem="Radiologists report that diagnostic monitors look dimmer than last "
        "year. Which quality control test measures the maximum luminance drift?",
    ),
    _q(
        id="TST-013",
        stem="A super-user program is planned for the go-live of a new reporting "
        "system. How should the super-users be chosen among the staff?",
    ),
]


def test_a_paraphrased_pair_is_flagged_by_meaning_but_unrelated_questions_are_not() -> None:
    original = _q(
        id="TST-020",
        stem="A cloud storage company will hold the hospital's encrypted image backups and "
        "says it never holds the decryption key, so it is not a business associate. Is it right?",
        options={
            "A": "Yes, encryption removes the duty",
            "B": "No, storing ePHI makes it a business associate",
            "C": "Yes, if it is outside the US",
            "D": "Only for backups older than six years",
        },
    )
    paraphrase = _q(
        id="TST-021",
        stem="A vendor keeping encrypted backups of images for the hospital claims it is not a "
        "business associate because the decryption key never leaves the hospital. Is the claim "
        "right?",
        options={
            "A": "Yes, encryption removes the duty",
            "B": "No, storing ePHI makes it a business associate",
            "C": "Yes, if it is outside the US",
            "D": "Only for backups older than six years",
        },
    )
    pairs = similar_pairs([original, paraphrase, *_UNRELATED], threshold=0.45)
    assert [(a.id, b.id) for a, b, _ in pairs] == [("TST-020", "TST-021")]
    findings = near_duplicates_by_meaning([original, paraphrase, *_UNRELATED])
    assert len(findings) == 1 and findings[0].question_id == "TST-020"
    assert "TST-021" in findings[0].message
    # The character rule would not see it: the wording differs too much.
    assert not any(
        "near-duplicate stems" in str(f)
        for f in lint(BankLoad([original, paraphrase]), whole_bank=False)
    )


def test_a_near_copy_is_an_error_by_meaning() -> None:
    a = _UNRELATED[1]
    b = _q(
        id="TST-030",
        stem="Since this morning's RIS upgrade the CT technologist reports that "
        "modality worklist queries return no patients. What should be checked first?",
    )
    findings = near_duplicates_by_meaning([a, b, _UNRELATED[0], _UNRELATED[2], _UNRELATED[3]])
    assert _levels(findings) == [ERROR]


# Subtopic size and the output ---------------------------------------------------------------


def test_small_subtopics_are_errors_for_the_whole_bank() -> None:
    qs = [_q(id=f"TST-{i:03d}") for i in range(1, 6)]
    findings = [f for f in lint(BankLoad(qs)) if f.rule == "subtopic-size"]
    small = [f for f in findings if "medical_imaging_informatics/dicom-model" in f.message]
    assert len(small) == 1 and small[0].level == ERROR and "has 5 questions" in small[0].message
    assert any("has no questions" in f.message for f in findings)
    six = [_q(id=f"TST-{i:03d}") for i in range(1, 7)]
    assert not any(
        "dicom-model" in f.message for f in lint(BankLoad(six)) if f.rule == "subtopic-size"
    )


def test_output_is_grouped_by_question() -> None:
    findings = [
        Finding(WARNING, "w1", "TST-002", "word-echo"),
        Finding(ERROR, "e1", "TST-002", "absolutes"),
        Finding(ERROR, "bank-wide", None, "key-balance"),
        Finding(ERROR, "e2", "TST-001", "british-spelling"),
    ]
    assert format_findings(findings) == [
        "bank",
        "  error: bank-wide",
        "TST-001",
        "  error: e2",
        "TST-002",
        "  error: e1",
        "  warning: w1",
    ]
    assert "  warning: w1" not in format_findings(findings, quiet=True)
