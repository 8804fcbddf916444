"""`ciip-tutor bank item-stats` end to end: answers go in through the Tutor API, into a real
database file, and come out through `bot.answer_export` as item statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli import app
from adapters.services import Services
from bot.answer_export import answer_records
from bot.identity import Actor
from question_bank.schema import Question

runner = CliRunner()
MEMBERS = 30


def _wrong(q: Question) -> str:
    return next(letter for letter in "ABCD" if letter != q.key)


@pytest.fixture
def answered(
    services: Services, bank_questions: list[Question], database_url: str, monkeypatch, tmp_path
) -> list[Question]:
    """30 members of W1 with ability rising with their number, and 4 members of W2.

    Items 0-4 are answered right by the stronger members (member i right when i >= 6 * j // 2 +
    5); item 5 behaves as if miskeyed: only the weakest members get it "right"."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    items = bank_questions[:6]
    tutor = services.tutor
    for i in range(MEMBERS):
        me = Actor(platform="test", workspace="W1", user=f"U{i:02d}", display_name=f"M{i}")
        for j, q in enumerate(items):
            right = i < 10 if j == 5 else i >= 3 * j + 5
            choice = q.key if right else "ABCD"[(i + j) % 4]
            if not right and choice == q.key:
                choice = _wrong(q)
            tutor.submit_answer(me, q.id, choice, idempotency_key=f"w1-{i}-{j}")
        if i == 0:  # a later review of item 0 must not count twice
            tutor.submit_answer(me, items[0].id, items[0].key, idempotency_key="w1-0-again")
    for i in range(4):
        other = Actor(platform="test", workspace="W2", user=f"V{i}", display_name=f"V{i}")
        tutor.submit_answer(other, items[0].id, items[0].key, idempotency_key=f"w2-{i}")
    return items


def test_answer_records_reads_every_answer_and_filters_by_workspace(
    answered: list[Question], database_url: str
) -> None:
    everything = answer_records(database_url)
    assert len(everything) == MEMBERS * 6 + 1 + 4
    assert len(answer_records(database_url, "test:W2")) == 4
    assert len(answer_records(database_url, "W1")) == MEMBERS * 6 + 1
    assert answer_records(database_url, "test:nowhere") == []


def test_item_stats_command_flags_the_miskeyed_item(answered: list[Question]) -> None:
    result = runner.invoke(app, ["bank", "item-stats", "--workspace", "test:W1"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    miskeyed = lines[answered[5].id]
    assert "negative discrimination" in miskeyed
    assert f"{MEMBERS:>6}" in lines[answered[0].id]  # first answers only: 30, not 31
    for q in answered[1:5]:
        assert "discrimination" not in lines[q.id], lines[q.id]
    # Item 0 is also flagged: with 30 answerers its two rarest distractors got one answer each.
    assert "distractor chosen by under 5%" in lines[answered[0].id]
    assert result.output.strip().endswith(
        "item stats: 6 questions answered, 6 with at least 20 answers, 2 flagged"
    )


def test_min_answers_and_workspace_options(answered: list[Question]) -> None:
    result = runner.invoke(app, ["bank", "item-stats", "--workspace", "test:W2"])
    assert result.exit_code == 0, result.output
    assert "1 questions answered, 0 with at least 20 answers, 0 flagged" in result.output
    result = runner.invoke(
        app, ["bank", "item-stats", "--workspace", "test:W2", "--min-answers", "3"]
    )
    assert answered[0].id in result.output and "too easy" in result.output


def test_item_stats_on_an_empty_database_says_so(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["bank", "item-stats"])
    assert result.exit_code == 2
    assert "db upgrade" in result.output
