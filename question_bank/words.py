"""Word-level helpers shared by the cue rules and the similarity check: tokens, stop words and
a light stemmer.

Kept deliberately small and dependency-free: the rules compare words between a stem and its
options, so "images" and "image" must match, but a full stemmer (and its downloads) is not worth
it for four short options.
"""

from __future__ import annotations

import re

__all__ = ["STOP_WORDS", "content_forms", "content_words", "normalise", "tokens"]

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")

# Function words and the stock words of a question stem; none of them carries content.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above across after again against all along already also although always among
    an and another any are around as at be because been before being below between both but
    by can cannot could did do does doing done down during each either else enough even every
    few first following for from further had has have having he her here hers him his how
    however if in instead into is it its itself just least less like likely many may might more
    most much must near neither never next no none nor not now of off often on once one only
    or other others otherwise our out over own per perhaps rather same second several shall
    she should since so some still such than that the their them themselves then there
    therefore these they third this those though three through thus to too toward towards
    two under unless until up upon us use used using very was we well were what whatever
    when where whereas whether which while who whom whose why will with within without would
    yet you your best correct describe describes explain explains statement statements true
    false option options answer answers question following most least first action step
    """.split()  # noqa: SIM905
)


_INVARIANT = frozenset({"series", "species", "status", "analysis", "access", "process"})


def content_forms(text: str, min_length: int = 5) -> dict[str, str]:
    """Like `content_words`, but mapping each normalized word to its first form in `text`,
    so a message can show "images" rather than the stem "imag"."""
    forms: dict[str, str] = {}
    for t in tokens(text):
        if len(t) >= min_length and t not in STOP_WORDS and not t.isdigit():
            forms.setdefault(normalise(t), t)
    return forms


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits, hyphenated words kept whole)."""
    return [t.lower().removesuffix("'s") for t in _TOKEN_RE.findall(text)]


def normalise(word: str) -> str:
    """A light stemmer so echoes across forms match: images/image, archived/archives."""
    if word in _INVARIANT:
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_words(text: str, min_length: int = 5) -> set[str]:
    """Normalized words of at least `min_length` letters that are not stop words."""
    return {
        normalise(t)
        for t in tokens(text)
        if len(t) >= min_length and t not in STOP_WORDS and not t.isdigit()
    }
