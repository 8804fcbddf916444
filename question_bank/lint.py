"""Quality rules for the bank beyond the schema: what makes a question exam-like and fair.

Each rule returns findings; errors fail `ciip-tutor bank lint`, warnings are printed only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from question_bank.blueprint import DOMAINS
from question_bank.loader import BankLoad, load_taxonomy
from question_bank.schema import LETTERS, Question

__all__ = ["Finding", "LintRules", "lint"]

_REFERENCE_RE = re.compile(
    r"(DICOM PS3\.\d+|HL7|IHE|FHIR|45 CFR|21 CFR|AAPM|NIST|ACR|HHS|RFC \d+|IEC|ISO|NEMA|"
    r"SMPTE|PMBOK|PMI|ITIL|SIIM|HIMSS|ONC|CMS|FDA|IEEE|Joint Commission|AAMI|NCRP|OWASP)"
)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


@dataclass(frozen=True)
class LintRules:
    key_share_min: float = 0.15
    key_share_max: float = 0.35
    min_domain_size_for_balance: int = 8
    near_duplicate_ratio: float = 90.0
    longest_key_max_share: float = 0.40


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
                        "error",
                        f"{domain}: key {letter} is {share:.0%} of {len(qs)} questions "
                        f"(allowed {rules.key_share_min:.0%}-{rules.key_share_max:.0%})",
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
                    "error",
                    f"{domain}: the key is the longest option in {share:.0%} of questions "
                    f"(at most {rules.longest_key_max_share:.0%})",
                )
            )
    return findings


def _near_duplicates(questions: list[Question], rules: LintRules) -> list[Finding]:
    normalised = [(q.id, " ".join(q.stem.lower().split())) for q in questions]
    findings = []
    for (id_a, a), (id_b, b) in combinations(normalised, 2):
        if fuzz.token_set_ratio(a, b) >= rules.near_duplicate_ratio and fuzz.ratio(a, b) >= 80:
            findings.append(Finding("error", f"{id_a} and {id_b} have near-duplicate stems"))
    return findings


def _references(questions: list[Question]) -> list[Finding]:
    return [
        Finding("error", f"{q.id}: reference {ref!r} names no recognised public source")
        for q in questions
        for ref in q.references
        if not _REFERENCE_RE.search(ref)
    ]


def _subtopic_coverage(questions: list[Question]) -> list[Finding]:
    taxonomy = load_taxonomy()
    used = {(q.domain, q.subtopic) for q in questions}
    return [
        Finding("warning", f"{domain}/{sub}: subtopic has no questions")
        for domain, subs in taxonomy.items()
        for sub in subs
        if (domain, sub) not in used
    ]


def lint(
    bank: BankLoad, rules: LintRules | None = None, *, whole_bank: bool = True
) -> list[Finding]:
    """All findings for a loaded bank: load errors first, then the quality rules.

    Coverage checks (every domain and subtopic has questions) only make sense for the whole
    bank, so linting a single file skips them.
    """
    rules = rules or LintRules()
    findings = [Finding("error", e) for e in bank.errors]
    qs = bank.questions
    findings += _key_balance(qs, rules)
    findings += _longest_option_bias(qs, rules)
    findings += _near_duplicates(qs, rules)
    findings += _references(qs)
    if whole_bank:
        findings += _subtopic_coverage(qs)
        present = {q.domain for q in qs}
        findings += [
            Finding("error", f"domain {d.key} has no questions")
            for d in DOMAINS
            if d.key not in present
        ]
    return findings


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
    for f in findings:
        if f.level == "error" or not quiet:
            print(f)
    errors = sum(1 for f in findings if f.level == "error")
    warnings = len(findings) - errors
    print(f"bank lint: {len(bank.questions)} questions, {errors} errors, {warnings} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    import sys

    raise SystemExit(run_lint(sys.argv[1:]))
