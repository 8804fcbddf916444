"""Exports: the bank as CSV (the import format, so a round trip is lossless) and Anki decks."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from pathlib import Path

import genanki

from question_bank.importer import CSV_COLUMNS, question_to_row
from question_bank.schema import LETTERS, Question

__all__ = ["write_anki", "write_csv"]


def write_csv(questions: Iterable[Question], path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for q in questions:
            writer.writerow(question_to_row(q))
            count += 1
    return count


def _stable_id(text: str) -> int:
    """genanki wants 31-bit-ish ids that stay the same across exports of the same deck."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % (1 << 30) + (1 << 30)


_MODEL = genanki.Model(
    _stable_id("ciip-tutor question model v1"),
    "ciip-tutor question",
    fields=[{"name": "QuestionId"}, {"name": "Front"}, {"name": "Back"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}",
        }
    ],
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_anki(questions: Iterable[Question], path: Path, deck_name: str) -> int:
    deck = genanki.Deck(_stable_id(deck_name), deck_name)
    count = 0
    for q in questions:
        front = (
            _escape(q.stem)
            + "<br><br>"
            + "<br>".join(f"{x}) {_escape(q.options[x])}" for x in LETTERS)
        )
        back = (
            f"<b>{q.key}) {_escape(q.options[q.key])}</b><br><br>{_escape(q.explanation)}"
            f"<br><br><i>{_escape('; '.join(q.references))}</i>"
        )
        deck.add_note(
            genanki.Note(
                model=_MODEL,
                fields=[q.id, front, back],
                guid=genanki.guid_for(q.id),
                tags=[q.domain, *q.tags],
            )
        )
        count += 1
    genanki.Package(deck).write_to_file(str(path))
    return count
