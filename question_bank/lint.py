"""Quality rules for the bank beyond the schema: what makes a question exam-like and fair.

Each rule returns findings; errors fail `ciip-tutor bank lint`, warnings are printed only.
The bank-wide rules live here; the per-question cue rules are in `cues.py`, reference precision
in `reference_precision.py` and similarity by meaning in `similarity.py`. `WRITING.md` is the
standard these rules enforce.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from bot.abii_rules import DOMAINS
from question_bank.cues import question_cues
from question_bank.findings import ERROR, WARNING, Finding
from question_bank.loader import BankLoad, load_taxonomy
from question_bank.reference_precision import reference_precision
from question_bank.schema import LETTERS, Question
from question_bank.similarity import SimilarityRules, near_duplicates_by_meaning

__all__ = ["Finding", "LintRules", "format_findings", "lint"]

_REFERENCE_RE = re.compile(
    r"(DICOM PS3\.\d+|HL7|IHE|FHIR|45 CFR|21 CFR|AAPM|NIST|ACR|HHS|RFC \d+|IEC|ISO|NEMA|"
    r"SMPTE|PMBOK|PMI|ITIL|SIIM|HIMSS|ONC|CMS|FDA|IEEE|Joint Commission|AAMI|NCRP|OWASP)"
)


@dataclass(frozen=True)
class LintRules:
    key_share_min: float = 0.15
    key_share_max: float = 0.35
    min_domain_size_for_balance: int = 8
    near_duplicate_ratio: float = 90.0
    longest_key_max_share: float = 0.40
    min_questions_per_subtopic: int = 6
    similarity: SimilarityRules = field(default_factory=SimilarityRules)


def _key_balance(questions: list[Question], rules: LintRules) -> list[Finding]:
    findings = []
    by_domain: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_domain[q.domain].append(q)
    for domain, qs in sorted(by_domain.items()):
        if len(qs) < rules.min_domain_size_for_balance:
            continue
        counts = Counter(q.key for q in qs)
        for letter in LETTERS:
            share = counts[letter] / len(qs)
            if not rules.key_share_min <= share <= rules.key_share_max:
                findings.append(
                    Finding(
                        ERROR,
                        f"{domain}: key {letter} is {share:.0%} of {len(qs)} questions "
                        f"(allowed {rules.key_share_min:.0%}-{rules.key_share_max:.0%})",
                        rule="key-balance",
                    )
                )
    return findings


def _longest_option_bias(questions: list[Question], rules: LintRules) -> list[Finding]:
    by_domain: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_domain[q.domain].append(q)
    findings = []
    for domain, qs in sorted(by_domain.items()):
        if len(qs) < rules.min_domain_size_for_balance:
            continue
        longest = sum(1 for q in qs if max(q.options, key=lambda k: len(q.options[k])) == q.key)
        share = longest / len(qs)
        if share > rules.longest_key_max_share:
            findings.append(
                Finding(
                    ERROR,
                    f"{domain}: the key is the longest option in {share:.0%} of questions "
                    f"(at most {rules.longest_key_max_share:.0%})",
                    rule="longest-key-share",
                )
            )
    return findings


def _near_duplicates(questions: list[Question], rules: LintRules) -> list[Finding]:
    """Copies and light edits, by characters (similar wording in other words: `similarity.py`)."""
    normalised = [(q.id, " ".join(q.stem.lower().split())) for q in questions]
    findings = []
    for (id_a, a), (id_b, b) in combinations(normalised, 2):
        if fuzz.token_set_ratio(a, b) >= rules.near_duplicate_ratio and fuzz.ratio(a, b) >= 80:
            findings.append(
                Finding(
                    ERROR,
                    f"{id_a} and {id_b} have near-duplicate stems",
                    id_a,
                    "near-duplicate-text",
                )
            )
    return findings


def _references(questions: list[Question]) -> list[Finding]:
    return [
        Finding(
            ERROR, f"reference {ref!r} names no recognised public source", q.id, "reference-source"
        )
        for q in questions
        for ref in q.references
        if not _REFERENCE_RE.search(ref)
    ]


def _subtopic_coverage(questions: list[Question], rules: LintRules) -> list[Finding]:
    """Every subtopic needs enough questions for spaced repetition to vary them (6 by default)."""
    taxonomy = load_taxonomy()
    used = Counter((q.domain, q.subtopic) for q in questions)
    wanted = rules.min_questions_per_subtopic
    return [
        Finding(
            ERROR,
            f"{domain}/{sub}: subtopic has {used[(domain, sub)] or 'no'} questions "
            f"(at least {wanted})",
            rule="subtopic-size",
        )
        for domain, subs in taxonomy.items()
        for sub in subs
        if used[(domain, sub)] < wanted
    ]


def _text_pairs(findings: list[Finding]) -> set[frozenset[str]]:
    pairs = set()
    for f in findings:
        match = re.match(r"(\S+) and (\S+) have near-duplicate stems", f.message)
        if match:
            pairs.add(frozenset(match.groups()))
    return pairs


def lint(
    bank: BankLoad, rules: LintRules | None = None, *, whole_bank: bool = True
) -> list[Finding]:
    """All findings for a loaded bank: load errors first, then the quality rules.

    Coverage checks (every domain and subtopic has questions) only make sense for the whole
    bank, so linting a single file skips them.
    """
    rules = rules or LintRules()
    findings = [Finding(ERROR, e, rule="schema") for e in bank.errors]
    qs = bank.questions
    findings += _key_balance(qs, rules)
    findings += _longest_option_bias(qs, rules)
    text_duplicates = _near_duplicates(qs, rules)
    findings += text_duplicates
    seen_pairs = _text_pairs(text_duplicates)
    findings += [
        f
        for f in near_duplicates_by_meaning(qs, rules.similarity)
        if frozenset((f.question_id, f.message.split()[4])) not in seen_pairs
    ]
    findings += _references(qs)
    for q in qs:
        findings += reference_precision(q)
        findings += question_cues(q)
    if whole_bank:
        findings += _subtopic_coverage(qs, rules)
        present = {q.domain for q in qs}
        findings += [
            Finding(ERROR, f"domain {d.key} has no questions", rule="domain-coverage")
            for d in DOMAINS
            if d.key not in present
        ]
    return findings


def format_findings(findings: list[Finding], quiet: bool = False) -> list[str]:
    """Readable output: bank-wide findings first, then one block per question id, errors first."""
    shown = [f for f in findings if f.level == ERROR or not quiet]
    order = {ERROR: 0, WARNING: 1}
    lines = [f"  {f}" for f in shown if f.question_id is None]
    if lines:
        lines.insert(0, "bank")
    by_question: dict[str, list[Finding]] = defaultdict(list)
    for f in shown:
        if f.question_id is not None:
            by_question[f.question_id].append(f)
    for qid in sorted(by_question):
        lines.append(qid)
        for f in sorted(by_question[qid], key=lambda f: order.get(f.level, 2)):
            lines.append(f"  {f.level}: {f.message}")
    return lines


def run_lint(files: list, quiet: bool = False) -> int:
    """Lint the whole bank (no files) or some files; prints findings and returns an exit code."""
    from pathlib import Path

    from question_bank.loader import load_bank, load_file

    if files:
        bank = BankLoad()
        for name in files:
            part = load_file(Path(name))
            bank.questions += part.questions
            bank.errors += part.errors
    else:
        bank = load_bank()
    findings = lint(bank, whole_bank=not files)
    for line in format_findings(findings, quiet):
        print(line)
    errors = sum(1 for f in findings if f.level == ERROR)
    warnings = len(findings) - errors
    print(f"bank lint: {len(bank.questions)} questions, {errors} errors, {warnings} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(run_lint(sys.argv[1:]))
