"""The console adapter end to end, as a newcomer runs it: a subprocess with piped input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def run_console(
    tmp_path: Path, database_url: str, script: str, *args: str
) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url)
    env.pop("CIIP_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console", *args],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_piped_session_quiz_answer_stats(tmp_path: Path, database_url: str) -> None:
    result = run_console(tmp_path, database_url, "/ciip quiz\nA\n/ciip stats\n", "--user", "ana")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # a question with its domain, id and four lettered choices
    header = re.search(r"^(.+) \(([A-J])\) · ([A-Z]+-\d{3}) · difficulty [123]/3$", out, re.M)
    assert header, out
    for letter in "ABCD":
        assert re.search(rf"^  {letter}\) .+", out, re.M)
    # then right/wrong with the correct answer, explanation and reference
    assert re.search(r"(✅ Correct!|❌ Not quite\.) The answer is [ABCD]\) .+", out)
    verdict = next(line for line in out.splitlines() if "The answer is" in line)
    assert "*" not in verdict and "`" not in out.split("Your CIIP domains")[1].split("\n")[1]
    assert "Why: " in out and "Reference: " in out
    # then stats
    assert "Your CIIP domains" in out and "Weakest" in out
    assert "Traceback" not in out + result.stderr


def test_state_survives_between_sessions_and_bad_input_is_friendly(
    tmp_path: Path, database_url: str
) -> None:
    first = run_console(tmp_path, database_url, "quiz\n", "--user", "bo")
    assert first.returncode == 0 and "A) " in first.stdout
    second = run_console(
        tmp_path, database_url, "B\nfoo bar\nquiz nowhere\nstreak\n", "--user", "bo"
    )
    assert second.returncode == 0, second.stderr
    assert "The answer is" in second.stdout  # the open question from the first run
    assert "I don't know the command foo" in second.stdout
    assert "I don't know the domain or topic nowhere" in second.stdout
    assert "1 day in a row" in second.stdout


def test_bad_timezone_option_exits_with_a_message(tmp_path: Path, database_url: str) -> None:
    result = run_console(tmp_path, database_url, "quiz\n", "--timezone", "Atlantis/Deep")
    assert result.returncode == 2
    assert "IANA" in result.stderr and "Traceback" not in result.stderr


def test_exam_plan_answer_and_readiness(tmp_path: Path, database_url: str) -> None:
    """Set an exam date six weeks out, see the plan, answer, ask `ready`, check eligibility."""
    from datetime import UTC, datetime, timedelta

    exam = (datetime.now(UTC).date() + timedelta(days=42)).isoformat()
    script = (
        f"/ciip plan {exam}\nplan 1999-01-01\nquiz\nA\nquiz\nB\nplan\nready\n"
        "eligibility experience 30\neligibility education=associate certifications=1 ce=40\n"
    )
    result = run_console(tmp_path, database_url, script, "--user", "ana")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Exam day {exam} is saved" in out
    assert re.search(r"Week 1 \(.+\): Image Management, Systems Management|Week 1 .+Image", out)
    assert "Week 6" in out and "timed practice" in out
    assert re.search(r"Daily target: \d+ questions a day", out)
    assert "1999-01-01 is in the past" in out
    assert re.search(r"Today: 2 of \d+ \(\d new\)", out)  # progress after two answers
    assert re.search(rf"About \d+% correct on {exam} \(80% band \d+-\d+%\)", out)
    assert "What would move it most" in out and "not a prediction that you will pass" in out
    assert "30 months -> 2 points" in out
    assert "you qualify" in out  # 2 + 2 + 1 + 2 = 7
    assert "Traceback" not in out + result.stderr


def test_report_a_question_by_typing(tmp_path: Path, database_url: str) -> None:
    """No buttons at the console: the verdict says how to report, and the typed form works;
    a second report by the same member counts once, a second member's withholds it."""
    first = run_console(tmp_path, database_url, "quiz\nA\n", "--user", "ana")
    assert first.returncode == 0, first.stderr
    found = re.search(r" · ([A-Z]+-\d{3}) · difficulty", first.stdout)
    assert found, first.stdout
    qid = found.group(1)
    assert f"Something wrong with this question? /ciip report {qid} <wrong-key|" in first.stdout

    script = f"report {qid} wrong-key\nreport {qid} typo\nreports\n"
    second = run_console(tmp_path, database_url, script, "--user", "ana")
    assert second.returncode == 0, second.stderr
    assert f"{qid} is reported as wrong key" in second.stdout
    assert f"You already reported {qid}; your first report counts." in second.stdout
    assert f"• {qid}: 1 member (wrong key 1)\n" in second.stdout

    # bo never had the question, so bo cannot report it
    third = run_console(tmp_path, database_url, f"report {qid} unclear\n", "--user", "bo")
    assert "once you've had it" in third.stdout
    assert "Traceback" not in first.stderr + second.stderr + third.stderr
