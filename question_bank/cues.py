"""Cue rules: flaws in one question that let a test-wise candidate find the key without the
knowledge (Haladyna, Downing & Rodriguez 2002, rules on options; NBME item-writing guide,
"technical item flaws" that help test-wise examinees).

Each rule takes one `Question` and returns `Finding`s. Levels follow how reliable the signal is:
a word list or an ordering is checked exactly (error); a word echo or a long key can be
legitimate, so those are warnings for the author to judge.
"""

from __future__ import annotations

import re

from question_bank.findings import ERROR, WARNING, Finding
from question_bank.schema import Question
from question_bank.spelling import british_spellings
from question_bank.words import content_forms, content_words, tokens

__all__ = [
    "ABSOLUTE_WORDS",
    "absolute_words",
    "british_spelling",
    "convergence",
    "long_key",
    "numeric_order",
    "question_cues",
    "word_echo",
]

ABSOLUTE_WORDS: frozenset[str] = frozenset(
    {"always", "never", "only", "all", "none", "every", "completely"}
)
LONG_KEY_RATIO = 1.5

_NUMBER = r"[-+]?\$?\d[\d,]*(?:\.\d+)?"
_QUANTITY_RE = re.compile(
    rf"^(?:about |approximately |~)?(?P<num>{_NUMBER})\s*"
    r"(?P<unit>%|[A-Za-z/²³µ°]+(?:[ -][A-Za-z/]+)?)?$",
    re.IGNORECASE,
)


def british_spelling(q: Question) -> list[Finding]:
    """US English throughout: every British form in the text a candidate reads."""
    texts = [q.stem, *q.options.values(), q.explanation, *q.why_wrong.values()]
    return [
        Finding(ERROR, f"British spelling {found!r}: write {us!r}", q.id, "british-spelling")
        for found, us in british_spellings(texts)
    ]


def absolute_words(q: Question) -> list[Finding]:
    """Absolutes ("always", "never", "only"...) mark distractors to test-wise candidates.

    Only in distractors: an error (the cue points away from them). In the key as well (or only
    there): a warning, since an absolute that is true can be fair but still reads as a cue.
    """
    in_key = ABSOLUTE_WORDS & set(tokens(q.options[q.key]))
    in_distractors = {
        letter: sorted(ABSOLUTE_WORDS & set(tokens(text)))
        for letter, text in q.options.items()
        if letter != q.key and ABSOLUTE_WORDS & set(tokens(text))
    }
    if not in_key and not in_distractors:
        return []
    where = ", ".join(f"{letter} ({'/'.join(w)})" for letter, w in in_distractors.items())
    if not in_key:
        return [Finding(ERROR, f"absolute words only in distractors: {where}", q.id, "absolutes")]
    message = f"absolute word in the key ({'/'.join(sorted(in_key))})"
    if where:
        message += f" and in distractors: {where}"
    return [Finding(WARNING, message, q.id, "absolutes")]


def _quantity(text: str) -> tuple[float, str] | None:
    match = _QUANTITY_RE.match(text.strip().rstrip("."))
    if not match:
        return None
    number = match.group("num").replace("$", "").replace(",", "")
    unit = (match.group("unit") or "").lower()
    if "$" in match.group("num"):
        unit = "$" + unit
    return float(number), unit


def numeric_order(q: Question) -> list[Finding]:
    """Options that are all numbers (or quantities in one unit) go in ascending order, so their
    position says nothing about which is right."""
    parsed = [_quantity(q.options[letter]) for letter in sorted(q.options)]
    if any(p is None for p in parsed):
        return []
    values = [p[0] for p in parsed if p is not None]
    units = {p[1] for p in parsed if p is not None}
    if len(units) != 1 or values == sorted(values):
        return []
    shown = ", ".join(q.options[letter] for letter in sorted(q.options))
    return [
        Finding(ERROR, f"numeric options not in ascending order ({shown})", q.id, "numeric-order")
    ]


def word_echo(q: Question) -> list[Finding]:
    """A content word of the stem repeated in the key and in no distractor ("clang" cue)."""
    stem = content_words(q.stem)
    distractors = set().union(
        *(content_words(t) for letter, t in q.options.items() if letter != q.key)
    )
    key = content_forms(q.options[q.key])
    echoed = sorted(key[w] for w in (stem & set(key)) - distractors)
    if not echoed:
        return []
    return [
        Finding(
            WARNING,
            f"stem and key share {', '.join(echoed)!s} and no distractor does",
            q.id,
            "word-echo",
        )
    ]


def long_key(q: Question) -> list[Finding]:
    """A key much longer than every distractor: the most qualified option is usually right."""
    key_len = len(q.options[q.key])
    longest = max(len(t) for letter, t in q.options.items() if letter != q.key)
    if key_len <= LONG_KEY_RATIO * longest:
        return []
    return [
        Finding(
            WARNING, f"the key is {key_len / longest:.1f}x the longest distractor", q.id, "long-key"
        )
    ]


def convergence(q: Question) -> list[Finding]:
    """Three options sharing a content term the key lacks: the odd one out stands out."""
    distractor_words = [
        content_words(t, min_length=4) for letter, t in q.options.items() if letter != q.key
    ]
    shared_stems = set.intersection(*distractor_words) - content_words(
        q.options[q.key], min_length=4
    )
    if not shared_stems:
        return []
    first = next(t for letter, t in sorted(q.options.items()) if letter != q.key)
    forms = content_forms(first, min_length=4)
    shared = {forms.get(w, w) for w in shared_stems}
    return [
        Finding(
            WARNING,
            f"the three distractors share {', '.join(sorted(shared))} and the key does not",
            q.id,
            "convergence",
        )
    ]


def question_cues(q: Question) -> list[Finding]:
    """Every per-question cue rule, in a stable order."""
    findings: list[Finding] = []
    for rule in (british_spelling, absolute_words, numeric_order, word_echo, long_key, convergence):
        findings += rule(q)
    return findings
