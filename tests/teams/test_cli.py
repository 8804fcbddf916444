"""`ciip-tutor teams` as a real process: bad settings are one line each and exit 2 before the
database is touched; with good settings it answers a signed activity through the stand-in."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import httpx

from tests.teams import activities as A
from tests.teams.conftest import SECRET
from tests.teams.standin import BotFrameworkStandIn

LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


def _command() -> list[str]:
    script = Path(sys.executable).with_name("ciip-tutor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli"]


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "CIIP_"))}
    env.update(settings)
    return env


async def test_missing_settings_exit_2_before_the_database(tmp_path: Path) -> None:
    db = tmp_path / "never-created.db"
    proc = await asyncio.create_subprocess_exec(
        *_command(),
        "teams",
        "--port",
        "0",
        cwd=tmp_path,
        env=_env(
            DATABASE_URL=f"sqlite:///{db}",
            TEAMS_APP_ID="not-a-guid",
            TEAMS_APP_PASSWORD="hunter2-secret",
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 2
    errors = [line for line in err.decode().splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and "TEAMS_APP_ID" in errors[0] and "TEAMS_TENANT_ID" in errors[1]
    assert "hunter2-secret" not in err.decode()
    assert not db.exists()


async def test_process_answers_a_signed_activity(
    standin: BotFrameworkStandIn, database_url: str, tmp_path: Path
) -> None:
    env = _env(
        DATABASE_URL=database_url,
        TEAMS_APP_ID=A.APP_ID,
        TEAMS_APP_PASSWORD=SECRET,
        TEAMS_TENANT_ID=A.TENANT,
        TEAMS_OPENID_METADATA_URL=standin.openid_url,
        TEAMS_LOGIN_ENDPOINT=standin.base_url,
        TEAMS_SERVICE_URL=standin.service_url,
    )
    proc = await asyncio.create_subprocess_exec(
        *_command(),
        "teams",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        port = None
        while port is None:
            raw = await asyncio.wait_for(proc.stderr.readline(), timeout=120)
            assert raw, "server exited:\n" + "".join(lines)
            lines.append(raw.decode(errors="replace"))
            match = LISTENING.search(lines[-1])
            port = int(match.group(1)) if match else None
        mark = standin.mark()
        async with httpx.AsyncClient(timeout=30) as http:
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert health.status_code == 200
            response = await http.post(
                f"http://127.0.0.1:{port}/api/messages",
                json=A.message(standin.service_url, "ciip quiz", user="ben"),
                headers={"Authorization": f"Bearer {standin.sign()}"},
            )
        assert response.status_code == 200
        sent = [c for c in standin.since(mark) if c.path.endswith("/activities")]
        assert sent and len(sent[-1].action_ids()) == 4
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), timeout=30)
        rest = await proc.stderr.read() if proc.stderr else b""
    log = "".join(lines) + rest.decode(errors="replace")
    assert SECRET not in log and "Traceback" not in log
    assert proc.returncode == 0
