"""A console session runs a short mock exam to the end and writes the chart PNGs; the admin CLI
exports and deletes a member. Real subprocesses, as an operator runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path


def _run(
    tmp_path: Path, database_url: str, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url, CIIP_CHART_DIR=str(tmp_path / "charts"))
    env.pop("CIIP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_short_exam_to_the_end_with_charts(tmp_path: Path, database_url: str) -> None:
    script = "exam start short\n" + "A\n" * 20 + "exam history\nchart mastery\nchart progress\n"
    result = _run(tmp_path, database_url, "console", "--user", "ana", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^Mock exam · Question 1 of 20 · \d+ min left$", out, re.M), out
    assert "Question 20 of 20" in out
    assert "The answer is" not in out  # no feedback during the exam
    score = re.search(r"Score: (\d+) of 20 \((\d+)%\)", out)
    assert score, out
    assert "Review of your misses" in out or score.group(1) == "20"
    charts = tmp_path / "charts"
    saved = sorted(p.name for p in charts.iterdir())
    assert saved == ["ciip-exam-1.png", "ciip-mastery.png", "ciip-progress.png"]
    for name in saved:
        assert (charts / name).read_bytes().startswith(b"\x89PNG")
        assert f"Saved {charts / name}" in out
    assert "Mock exam history" in out and "short" in out
    assert "Traceback" not in out + result.stderr


def test_admin_cli_exports_then_deletes_a_member(tmp_path: Path, database_url: str) -> None:
    _run(tmp_path, database_url, "console", "--user", "bo", stdin="quiz\nA\n")
    exported = _run(
        tmp_path, database_url, "member", "export", "--workspace", "console:local", "--member", "bo"
    )
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["member"]["external_id"] == "bo" and len(data["tables"]["answers"]) == 1
    deleted = _run(
        tmp_path,
        database_url,
        "member",
        "delete",
        "--workspace",
        "console:local",
        "--member",
        "bo",
        "--yes",
    )
    assert deleted.returncode == 0 and "deleted" in deleted.stdout
    again = _run(
        tmp_path, database_url, "member", "export", "--workspace", "console:local", "--member", "bo"
    )
    assert again.returncode == 1 and "Nothing is stored" in again.stderr
