"""The multi-workspace install flow: slack_sdk's async SQLAlchemy stores in our database."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from sqlalchemy import func, select

from adapters.services import Services
from adapters.slack.app import SlackTutor
from adapters.slack.redact import install_redaction
from adapters.slack.settings import BOT_SCOPES, SlackSettings
from bot.storage.models import Member
from scheduler.service import DailyScheduler
from tests.slack import payloads
from tests.slack.conftest import SECRET, SlackHarness, start_server
from tests.slack.stand_in import SlackStandIn

CLIENT_SECRET = "oauth-client-secret-8d1e"
TEAM2_TOKEN = "xoxb-2222-3333-second-workspace"


@pytest.fixture
async def slack_oauth(services: Services, stand_in: SlackStandIn) -> AsyncIterator[SlackHarness]:
    settings = SlackSettings(
        _env_file=None,
        signing_secret=SECRET,
        bot_token=None,
        client_id="111.222",
        client_secret=CLIENT_SECRET,
        api_url=stand_in.api_url,
    )
    slack = await SlackTutor.create(services, settings)
    services.core.attach(messenger=slack.messenger)
    scheduler = DailyScheduler(services.core, platform="slack")
    task, stop, url = await start_server(slack)
    stand_in.add_bot(TEAM2_TOKEN, "T2", bot_user="UB2", bot_id="BB2")
    stand_in.oauth_grants["code-1"] = {
        "ok": True,
        "app_id": "A1",
        "authed_user": {"id": "UINSTALLER"},
        "scope": ",".join(BOT_SCOPES),
        "token_type": "bot",
        "access_token": TEAM2_TOKEN,
        "bot_user_id": "UB2",
        "team": {"id": "T2", "name": "Second Hospital"},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    async with aiohttp.ClientSession() as http:
        yield SlackHarness(services, stand_in, slack, scheduler, url, http)
    stop.set()
    await task
    await slack.close()


async def _begin_install(h: SlackHarness) -> str:
    async with h.http.get(h.url + "/slack/install") as r:
        assert r.status == 200
        page = await r.text()
        cookie = r.cookies["slack-app-oauth-state"].value
    link = re.search(r'<a href="([^"]+)"', page)
    assert link is not None
    authorize = urlparse(html.unescape(link.group(1)))
    assert authorize.netloc == "slack.com"  # the member's browser goes to Slack itself
    query = parse_qs(authorize.query)
    assert query["client_id"] == ["111.222"]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    assert query["state"] == [cookie]
    return cookie


async def _callback(h: SlackHarness, state: str, code: str = "code-1") -> int:
    async with h.http.get(
        h.url + f"/slack/oauth_redirect?code={code}&state={state}",
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    ) as r:
        await r.read()
        return r.status


async def test_oauth_callback_stores_the_installation(slack_oauth: SlackHarness, caplog) -> None:  # type: ignore[no-untyped-def]
    h = slack_oauth
    install_redaction([CLIENT_SECRET], handlers=[caplog.handler])
    state = await _begin_install(h)
    with caplog.at_level(logging.DEBUG):
        assert await _callback(h, state) == 200
    [access] = h.stand_in.calls_to("oauth.v2.access")
    assert access.params["code"] == "code-1"
    store = h.slack.installation_store
    assert store is not None
    installation = await store.async_find_installation(enterprise_id=None, team_id="T2")
    assert installation is not None
    assert installation.bot_token == TEAM2_TOKEN
    assert installation.team_name == "Second Hospital"
    assert installation.bot_id == "BB2"
    assert TEAM2_TOKEN not in caplog.text  # the token was in a DEBUG response body
    assert CLIENT_SECRET not in caplog.text
    # The state is single-use: replaying the callback fails and stores nothing new.
    assert await _callback(h, state) in (400, 401)
    assert len(h.stand_in.calls_to("oauth.v2.access")) == 1


async def test_installed_workspace_is_served_with_its_own_token(slack_oauth: SlackHarness) -> None:
    h = slack_oauth
    await _callback(h, await _begin_install(h))
    h.stand_in.add_user("UA2", admin=True)
    _, key = await h.command("quiz", team="T2", user="U9")
    [reply] = await h.response(key)
    assert len(reply.action_ids()) == 4
    _, key = await h.command("daily now", team="T2", user="UA2", channel="C2")
    [reply] = await h.response(key)
    assert "Posted today's question here." in reply.params["text"]
    [info] = h.stand_in.calls_to("users.info")
    assert info.token == TEAM2_TOKEN
    [post] = h.stand_in.calls_to("chat.postMessage")
    assert post.token == TEAM2_TOKEN and post.params["channel"] == "C2"


async def test_forged_state_is_rejected(slack_oauth: SlackHarness) -> None:
    h = slack_oauth
    await _begin_install(h)
    assert await _callback(h, "forged-state") in (400, 401)
    assert h.stand_in.calls_to("oauth.v2.access") == []
    store = h.slack.installation_store
    assert store is not None
    assert await store.async_find_installation(enterprise_id=None, team_id="T2") is None


async def test_unknown_workspace_gets_no_service(slack_oauth: SlackHarness) -> None:
    h = slack_oauth
    body = payloads.form(
        payloads.slash_command("quiz", response_url=h.new_response_url(), team="T404")
    )
    sent = await h.post(body)
    assert sent.status == 200
    [reply] = await h.stand_in.wait_method("response_url")
    assert "not installed in this workspace" in reply.params["text"]
    await h.slack.drain()
    assert h.stand_in.calls_to("auth.test") == []
    with h.services.tutor.db.session() as s:
        assert s.scalar(select(func.count(Member.id))) == 0  # nothing was asked or stored
    with pytest.raises(LookupError):
        await h.slack.client_for_team("T404")
