"""Mistakes in the environment end in one line on stderr and exit 2, never a traceback.

Each case runs the installed `ciip-tutor` script as a newcomer would, in an empty folder, and
checks that nothing was created there when the settings are wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# These runs choose their own (SQLite or unreachable) database, so the suite's PostgreSQL leg
# would only repeat them.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("CIIP_TEST_DATABASE_URL")), reason="database-independent: SQLite leg only"
)
SCRIPT = Path(sys.executable).with_name("ciip-tutor")
CLEAN = ("CIIP_", "SLACK_", "DISCORD_", "TEAMS_")
FAKE_TOKENS = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
    "SLACK_APP_TOKEN": "xapp-1-A1-2-abc",
    "DISCORD_TOKEN": "not-a-real-token",
}


def ciip(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(CLEAN)}
    base.pop("DATABASE_URL", None)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "adapters.cli"]
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        cwd=tmp_path,
        timeout=120,
    )


def assert_one_line(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("console",),
        ("slack",),
        ("discord",),
        ("teams",),
        ("db", "upgrade"),
        ("bank", "lint"),
        ("bank", "import", "team.csv"),
        ("bank", "export", "--out", "bank.csv"),
        ("bank", "item-stats"),
    ],
)
def test_a_bad_setting_stops_every_subcommand_before_anything_is_stored(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = ciip(tmp_path, *args, env={"CIIP_DESIRED_RETENTION": "2", **FAKE_TOKENS})
    assert_one_line(result, "CIIP_DESIRED_RETENTION=2", "less than 1")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("CIIP_REPEAT_GAP_DAYS", "abc", ("CIIP_REPEAT_GAP_DAYS=abc", "integer")),
        ("CIIP_DEFAULT_TIMEZONE", "Mars/X", ("CIIP_DEFAULT_TIMEZONE=Mars/X", "IANA")),
        ("DATABASE_URL", "foo://", ("DATABASE_URL=foo://", "not a database URL")),
        ("DATABASE_URL", "nonsense", ("DATABASE_URL=nonsense", "not a database URL")),
    ],
)
def test_bad_settings_name_the_variable(
    tmp_path: Path, name: str, value: str, words: tuple[str, ...]
) -> None:
    assert_one_line(ciip(tmp_path, "console", env={name: value}), *words)
    assert list(tmp_path.iterdir()) == []


def test_the_default_timezone_is_accepted_in_any_case(tmp_path: Path) -> None:
    result = ciip(
        tmp_path,
        "console",
        "--user",
        "ana",
        env={"CIIP_DEFAULT_TIMEZONE": "europe/berlin"},
        stdin="streak\n",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("args", [("console",), ("slack",), ("db", "upgrade")])
def test_an_uncreatable_sqlite_path_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    url = f"sqlite:///{tmp_path}/no/such/folder/x.db"
    result = ciip(tmp_path, *args, env={"DATABASE_URL": url, **FAKE_TOKENS})
    assert_one_line(result, "cannot open the database", "folder")


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(
    tmp_path: Path,
) -> None:
    url = "postgresql://ana:s3cret@127.0.0.1:1/ciip"
    line = assert_one_line(ciip(tmp_path, "console", env={"DATABASE_URL": url}), "127.0.0.1")
    assert "s3cret" not in line and "***" in line


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.csv", None, ("missing.csv", "no such file")),
        ("questions.txt", b"id,stem\n", ("questions.txt", ".csv, .yaml or .yml")),
        ("latin1.csv", "id,stem\nAB-001,Café\n".encode("latin-1"), ("not UTF-8", "0xe9")),
    ],
)
def test_bank_import_of_an_unreadable_file_is_one_line(
    tmp_path: Path, name: str, content: bytes | None, words: tuple[str, ...]
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    before = sorted(tmp_path.iterdir())
    assert_one_line(ciip(tmp_path, "bank", "import", name), *words)
    assert sorted(tmp_path.iterdir()) == before  # no database opened for a bad file


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--out", "no-folder/bank.csv"), ("no-folder", "does not exist")),
        (("--out", "bank.apkg"), ("*.csv",)),
        (("--missed", "--member", "console:local:ana", "--out", "m.csv"), ("*.apkg",)),
    ],
)
def test_bank_export_refuses_a_path_it_would_get_wrong(
    tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    assert_one_line(ciip(tmp_path, "bank", "export", *args), *words)
    assert list(tmp_path.iterdir()) == []


def test_bank_export_to_an_unwritable_path_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bank.csv").mkdir()  # writing a file where a folder is fails even as root
    assert_one_line(ciip(tmp_path, "bank", "export", "--out", "bank.csv"), "cannot write")


def test_member_export_to_an_unwritable_path_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "me.json").mkdir()  # writing a file where a folder is fails even as root
    played = ciip(tmp_path, "console", "--user", "ana", stdin="quiz\nA\n")
    assert played.returncode == 0, played.stderr[-2000:]
    exported = ciip(
        tmp_path,
        "member",
        "export",
        "--workspace",
        "console:local",
        "--member",
        "ana",
        "--out",
        "me.json",
    )
    assert_one_line(exported, "cannot write", "me.json")


@pytest.mark.parametrize("command", ["slack", "discord", "teams"])
def test_runners_check_their_tokens_before_touching_the_database(
    tmp_path: Path, command: str
) -> None:
    result = ciip(tmp_path, command)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and " INFO " not in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.strip().splitlines()), (
        result.stderr
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "name", "value", "words"),
    [
        ("slack", "SLACK_STATE_EXPIRATION_SECONDS", "5", ("greater than or equal to 60",)),
        ("discord", "DISCORD_BOARD_PAGE_SIZE", "abc", ("valid integer",)),
        ("teams", "TEAMS_ADMIN_CACHE_SECONDS", "-1", ("greater than or equal to 0",)),
    ],
)
def test_an_adapter_s_own_bad_setting_is_one_line(
    tmp_path: Path, command: str, name: str, value: str, words: tuple[str, ...]
) -> None:
    result = ciip(tmp_path, command, env={name: value})
    assert_one_line(result, f"bad setting {name}={value}", *words)
    assert list(tmp_path.iterdir()) == []


def test_item_stats_reads_the_default_database_when_no_url_is_set(tmp_path: Path) -> None:
    """Found in the fresh-clone trial: with DATABASE_URL unset it crashed on `None.connect`."""
    assert ciip(tmp_path, "db", "upgrade").returncode == 0
    result = ciip(tmp_path, "bank", "item-stats")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "item stats: 0 questions answered" in result.stdout
