"""The issue's "done when": `ciip-tutor slack --http` as a real process, against the stand-in.

The server is started exactly as an admin would start it (environment variables only), on an
ephemeral loopback port read back from its log line. Then a signed `/ciip quiz` is answered
in its acknowledgement with a question and buttons, a click is answered with the explanation, and an
admin's `/ciip daily now` posts the channel question with chat.postMessage.
"""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN, SECRET
from tests.slack.process import Server, clean_env, command_line, post_signed, serving, start_http
from tests.slack.stand_in import Call, SlackStandIn


@pytest.fixture
async def server(
    stand_in: SlackStandIn, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Server, str]]:
    env = clean_env(
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=stand_in.api_url,
    )
    async with serving(env, tmp_path) as running:
        yield running


async def test_done_when(server: tuple[Server, str], stand_in: SlackStandIn) -> None:
    running, url = server
    async with aiohttp.ClientSession() as http:
        async with http.get(url + "/healthz") as r:
            assert r.status == 200

        quiz = payloads.form(
            payloads.slash_command("quiz", response_url=stand_in.response_url("q"))
        )
        status, body = await post_signed(http, url, quiz)
        assert status == 200
        question = Call("response_url", json.loads(body))  # the answer rides in the ack
        buttons = question.action_ids()
        assert [b.rsplit(":", 1)[1] for b in buttons] == ["A", "B", "C", "D"]

        click = payloads.block_action(buttons[1], response_url=stand_in.response_url("a"))
        status, _ = await post_signed(http, url, click)
        assert status == 200
        [answer] = await stand_in.wait_for(
            lambda c: c.method == "response_url" and c.headers["key"] == "a", timeout=3.0
        )
        assert answer.params["replace_original"] is True
        text = answer.block_text()
        assert "The answer is" in text and "Why" in text and "Reference" in text

        daily = payloads.form(
            payloads.slash_command(
                "daily now", user="UADMIN", response_url=stand_in.response_url("d")
            )
        )
        status, dbody = await post_signed(http, url, daily)
        assert status == 200
        [post] = await stand_in.wait_method("chat.postMessage", timeout=10.0)
        assert post.params["channel"] == "C1"
        assert all(b.startswith("ciip:d:") for b in post.action_ids())
        assert "Posted today's question here." in json.loads(dbody)["text"]

    running.proc.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(running.proc.wait(), timeout=30) == 0
    await running.reader
    log = "".join(running.lines)
    assert "stopping" in log
    assert BOT_TOKEN not in log and SECRET not in log


async def test_missing_settings_exit_with_a_clear_message(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        *command_line(),
        "slack",
        "--http",
        cwd=tmp_path,
        env=clean_env(),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 2
    assert "SLACK_SIGNING_SECRET is required" in err.decode()


async def test_refused_bot_token_exits_with_a_clear_message(
    stand_in: SlackStandIn, database_url: str, tmp_path: Path
) -> None:
    env = clean_env(
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN="xoxb-revoked-token-000",
        SLACK_API_URL=stand_in.api_url,
    )
    proc = await start_http(env, tmp_path, asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=90)
    assert proc.returncode == 2
    text = err.decode()
    assert "Slack refused SLACK_BOT_TOKEN" in text
    assert "xoxb-revoked-token-000" not in text
    [check] = stand_in.calls_to("auth.test")
    assert check.token == "xoxb-revoked-token-000"
