"""`ciip-tutor bank reports` on the server: the queue per workspace, from the real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli import app
from adapters.services import Services
from bot.reports import ReportReason
from tests.helpers import make_actor

runner = CliRunner()


@pytest.fixture
def reported(
    services: Services, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> str:
    """Two members of W1 report one question; one member of W2 reports it too."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    core = services.core
    qid = core.ctx.catalog.bank.ids_in("image_management", None)[0]
    q = core.ctx.catalog.get(qid)
    assert q is not None
    for user, workspace, reason in (
        ("U1", "W1", "wrong-key"),
        ("U2", "W1", "typo"),
        ("V1", "W2", "unclear"),
    ):
        who = make_actor(user, workspace=workspace)
        services.tutor.submit_answer(who, qid, q.key, idempotency_key=f"{workspace}-{user}")
        core.reports.report(who, qid, ReportReason(reason))
    return qid


def test_bank_reports_prints_every_workspace(reported: str) -> None:
    result = runner.invoke(app, ["bank", "reports"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("test:W1")
    assert f"  {reported}: 2 members (wrong key 1, typo 1) WITHHELD" in lines
    assert any(line.startswith("test:W2") for line in lines)
    assert f"  {reported}: 1 member (unclear 1)" in lines
    assert lines[-1] == "threshold: 2 members (CIIP_REPORT_THRESHOLD)"


def test_bank_reports_for_one_workspace(reported: str) -> None:
    result = runner.invoke(app, ["bank", "reports", "--workspace", "test:W2"])
    assert result.exit_code == 0, result.output
    assert "test:W1" not in result.output and f"{reported}: 1 member" in result.output
    nowhere = runner.invoke(app, ["bank", "reports", "--workspace", "test:nowhere"])
    assert nowhere.exit_code == 0 and "No open reports" in nowhere.output
    bad = runner.invoke(app, ["bank", "reports", "--workspace", "W2"])
    assert bad.exit_code == 2
