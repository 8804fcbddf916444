"""Every inbound request's JWT is checked by the SDK against the stand-in's JWKS: a missing,
malformed, expired, wrongly addressed or foreign-signed token gets 401 and changes nothing."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from bot.storage.models import ConversationRef, Member
from tests.teams import activities as A
from tests.teams.conftest import SECRET, TeamsHarness


def _rows(h: TeamsHarness) -> tuple[int, int]:
    with h.services.core.ctx.db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Member)) or 0,
            s.scalar(select(func.count()).select_from(ConversationRef)) or 0,
        )


@pytest.mark.parametrize(
    "token",
    [
        None,  # no Authorization header
        "not-a-jwt",
        "expired",
        "wrong-audience",
        "foreign-key",
        "wrong-issuer",
        "wrong-serviceurl",
    ],
)
async def test_bad_tokens_get_401_and_change_nothing(
    teams: TeamsHarness, token: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    h = teams
    caplog.set_level(logging.DEBUG)
    raw = {
        None: None,
        "not-a-jwt": "not-a-jwt",
        "expired": h.standin.sign(issued_ago=3600, lifetime=60),
        "wrong-audience": h.standin.sign(audience="00000000-0000-0000-0000-000000000000"),
        "foreign-key": h.standin.sign(foreign_key=True),
        "wrong-issuer": h.standin.sign(issuer="https://evil.example"),
        "wrong-serviceurl": h.standin.sign(service_url="https://evil.example/connector"),
    }[token]
    before = _rows(h)
    mark = h.standin.mark()
    response = await h.send(A.message(h.service_url, "ciip quiz"), token=raw)
    assert response.status_code == 401
    assert _rows(h) == before
    assert [c for c in h.standin.since(mark) if "/connector/" in c.path] == []
    assert SECRET not in caplog.text
    if raw:
        assert raw not in caplog.text


async def test_a_signed_request_passes_and_secrets_stay_out_of_logs(
    teams: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = teams.standin.sign()
    response = await teams.send(A.message(teams.service_url, "ciip streak"), token=token)
    assert response.status_code == 200
    assert teams.standin.sends()
    outgoing = teams.standin.sends()[-1].token
    assert outgoing and outgoing not in caplog.text
    assert SECRET not in caplog.text and token not in caplog.text
