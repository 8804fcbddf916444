"""Team-authored questions: import (all-or-nothing, or --skip-invalid), scoping, and exports."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from adapters.cli import app
from adapters.services import Services
from bot.identity import Actor
from bot.storage.models import QuestionRow
from question_bank.importer import CSV_COLUMNS, parse_file, question_to_row
from question_bank.schema import Question

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def team_rows(bank_questions: list[Question], n: int = 3) -> list[dict[str, str]]:
    rows = []
    for i, q in enumerate(bank_questions[:n], start=1):
        row = question_to_row(q)
        row["id"] = f"GH-{i:03d}"
        row["stem"] = f"At General Hospital's downtime drill number {i}, " + q.stem
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def count_team_questions(database_url: str) -> int:
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return (
                conn.scalar(
                    select(func.count())
                    .select_from(QuestionRow)
                    .where(QuestionRow.workspace_id.is_not(None))
                )
                or 0
            )
    finally:
        engine.dispose()


def test_bad_file_gets_a_per_row_report_and_changes_nothing(
    cli_env: Path, bank_questions: list[Question], database_url: str
) -> None:
    rows = team_rows(bank_questions)
    rows.append({**rows[0], "id": "GH-004", "key": "E"})
    rows.append({**rows[1], "id": "GH-005", "subtopic": "astrology"})
    rows.append({**rows[2], "id": "GH-006", "references": ""})
    rows.append({**rows[2], "id": bank_questions[5].id})
    path = write_csv(cli_env / "team.csv", rows)
    result = runner.invoke(app, ["bank", "import", str(path), "--workspace", "slack:T1"])
    assert result.exit_code == 1
    out = result.output
    assert "row 5 (GH-004): key" in out
    assert "row 6 (GH-005): unknown subtopic 'astrology'" in out
    assert "row 7 (GH-006): references" in out
    assert f"row 8 ({bank_questions[5].id}): id already used" in out
    assert "nothing imported: 4 bad row(s)" in out
    assert count_team_questions(database_url) == 0

    skipped = runner.invoke(
        app, ["bank", "import", str(path), "--workspace", "slack:T1", "--skip-invalid"]
    )
    assert skipped.exit_code == 0, skipped.output
    assert "3 new" in skipped.output and "skipped row 5, row 6, row 7, row 8" in skipped.output
    assert count_team_questions(database_url) == 3


def test_missing_columns_and_unknown_format_are_explained(
    cli_env: Path, bank_questions: list[Question]
) -> None:
    path = cli_env / "partial.csv"
    path.write_text("id,domain,stem\nX-1,operations,Something happened\n")
    report = parse_file(path)
    assert report.good == [] and "missing columns" in str(report.errors[0])
    other = cli_env / "team.txt"
    other.write_text("hello")
    assert "use a .csv, .yaml or .yml file" in str(parse_file(other).errors[0])


def test_yaml_import_mixes_into_that_workspace_only(
    services: Services, cli_env: Path, bank_questions: list[Question]
) -> None:
    source = bank_questions[0]
    own = source.model_copy(update={"id": "GH-100", "stem": "At our site, " + source.stem})
    path = cli_env / "team.yaml"
    path.write_text(
        yaml.safe_dump({"domain": own.domain, "questions": [own.model_dump(exclude={"domain"})]})
    )
    report = parse_file(path)
    assert [q.id for q in report.good] == ["GH-100"] and report.errors == []
    tutor = services.tutor
    tutor.import_questions("test", "W1", report.good)
    assert "GH-100" in tutor.bank.ids_in(own.domain, tutor.workspace_id("test", "W1"))
    assert "GH-100" not in tutor.bank.ids_in(own.domain, tutor.workspace_id("test", "W2"))
    member = Actor("test", "W1", "U1", "Ana")
    stranger = Actor("test", "W2", "U2", "Bo")
    with pytest.raises(Exception, match="no question"):
        tutor.submit_answer(stranger, "GH-100", "A", "k1")
    assert tutor.submit_answer(member, "GH-100", own.key, "k2").correct


def test_csv_export_round_trips_and_anki_export_of_missed(
    services: Services, cli_env: Path, bank_questions: list[Question]
) -> None:
    exported = cli_env / "bank.csv"
    result = runner.invoke(app, ["bank", "export", "--out", str(exported)])
    assert result.exit_code == 0, result.output
    report = parse_file(exported)
    assert report.errors == [] and len(report.good) == len(bank_questions)
    by_id = {q.id: q for q in bank_questions}
    assert all(q == by_id[q.id] for q in report.good)

    ana = Actor("console", "local", "ana", "Ana")
    tutor = services.tutor
    missed_ids = []
    for _ in range(3):
        item = tutor.next_question(ana)
        assert item is not None
        wrong = next(x for x in "ABCD" if x != item.question.key)
        tutor.answer_issued(ana, item.issued_id, wrong)
        missed_ids.append(item.question.id)
    assert {q.id for q in tutor.missed_questions(ana)} == set(missed_ids)
    deck = cli_env / "missed.apkg"
    result = runner.invoke(
        app, ["bank", "export", "--missed", "--member", "console:local:ana", "--out", str(deck)]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 3 questions" in result.output
    with zipfile.ZipFile(deck) as archive:
        assert "collection.anki2" in archive.namelist()
    bad = runner.invoke(app, ["bank", "export", "--missed", "--member", "ana", "--out", "x.apkg"])
    assert bad.exit_code == 2 and "PLATFORM:WORKSPACE_ID:USER_ID" in bad.output


def test_a_why_wrong_cell_on_the_key_is_refused_not_dropped(
    cli_env: Path, bank_questions: list[Question]
) -> None:
    rows = team_rows(bank_questions, 2)
    key = rows[1]["key"]
    rows[1][f"why_wrong_{key.lower()}"] = "This is actually right."
    report = parse_file(write_csv(cli_env / "team.csv", rows))
    assert [q.id for q in report.good] == ["GH-001"]
    assert [str(e) for e in report.errors] == [
        f"row 3 (GH-002): why_wrong_{key.lower()} must be empty because {key} is the key; "
        "put that text in explanation"
    ]
    assert report.bad_rows == ["row 3"]


def test_a_file_level_error_sorts_before_rows(cli_env: Path) -> None:
    missing = parse_file(cli_env / "gone.csv")
    assert missing.bad_rows == ["file"]
