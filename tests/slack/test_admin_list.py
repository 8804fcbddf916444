"""CIIP_ADMIN_IDS: people who are not Slack admins may run the admin subcommands."""

from __future__ import annotations

import pytest

from bot.settings import CoreSettings
from tests.slack.conftest import SlackHarness


@pytest.fixture
def settings() -> CoreSettings:
    return CoreSettings(_env_file=None, database_url=None, admin_ids=" ULEAD , UOTHER")


async def test_configured_admin_needs_no_slack_admin_rights(slack_http: SlackHarness) -> None:
    h = slack_http
    h.stand_in.add_user("ULEAD")  # a plain member in Slack's eyes
    _, key = await h.command("daily now", user="ULEAD")
    [reply] = await h.response(key)
    assert "Posted today's question here." in reply.params["text"]
    assert h.stand_in.calls_to("users.info") == []  # the list answers without asking Slack
    assert len(h.stand_in.calls_to("chat.postMessage")) == 1


async def test_others_are_still_refused(slack_http: SlackHarness) -> None:
    h = slack_http
    _, key = await h.command("daily now", user="U1")
    [reply] = await h.response(key)
    assert "for workspace admins" in reply.params["text"]
    assert h.stand_in.calls_to("chat.postMessage") == []


async def test_failed_lookup_means_not_admin(slack_http: SlackHarness) -> None:
    h = slack_http
    _, key = await h.command("daily now", user="UNKNOWN")  # users.info: user_not_found
    [reply] = await h.response(key)
    assert "for workspace admins" in reply.params["text"]
    assert len(h.stand_in.calls_to("users.info")) == 1
