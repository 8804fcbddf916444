"""Malformed activities and invoke payloads (seeded, five hundred) never produce a 500 or a
traceback: the front door answers 400, the SDK's models reject what does not validate, and the
handlers answer what does."""

from __future__ import annotations

import copy
import json
import logging
import random
from typing import Any

import pytest

from tests.teams import activities as A
from tests.teams.conftest import TeamsHarness

JUNK: list[Any] = [
    None,
    "",
    0,
    -1,
    2**70,
    3.5,
    True,
    [],
    {},
    "x" * 5000,
    ["a"],
    {"a": 1},
    "<at>x</at>",
    "ciip:a:999999:A",
    "ciip:d:1:Z",
    "\u0000",
    'ciip quiz "unclosed',
]


def _walk(node: Any, paths: list[tuple[dict[str, Any], str]]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            paths.append((node, key))
            _walk(value, paths)


def _mutate(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    activity = copy.deepcopy(base)
    for _ in range(rng.randint(1, 3)):
        paths: list[tuple[dict[str, Any], str]] = []

        _walk(activity, paths)
        parent, key = rng.choice(paths)
        if rng.random() < 0.3:
            del parent[key]
        else:
            parent[key] = copy.deepcopy(rng.choice(JUNK))
    return activity


async def test_seeded_fuzz_never_500_nor_traceback(
    teams: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    rng = random.Random(20260302)
    svc = teams.service_url
    bases = [
        A.message(svc, "ciip quiz"),
        A.message(svc, "ciip help", where="channel"),
        A.message(svc, "ciip stats", where="group"),
        A.card_action(svc, "ciip:next"),
        A.card_action(svc, "ciip:d:1:A", where="channel", reply_to="1772000000001"),
        A.submit(svc, "ciip:a:1:B", "1772000000002"),
        A.bot_added_to_team(svc),
        A.installed_personally(svc, "ben"),
    ]
    statuses: dict[int, int] = {}
    for i in range(500):
        base = bases[i % len(bases)]
        if i % 10 == 9:
            raw = rng.choice([b"", b"{", b"[]", b"null", b"\xff\xfe", json.dumps([base]).encode()])
            response = await teams.send(None, raw=raw)
        else:
            activity = _mutate(rng, base)
            response = await teams.send(
                activity,
                token=teams.standin.sign(
                    activity.get("serviceUrl")
                    if isinstance(activity.get("serviceUrl"), str)
                    else None
                ),
            )
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (i, response.text)
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
    assert statuses.get(200, 0) > 50 and statuses.get(400, 0) > 10, statuses


def _rows(h: TeamsHarness) -> tuple[int, int]:
    from sqlalchemy import func, select

    from bot.storage.models import ConversationRef, Member

    with h.services.core.ctx.db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Member)) or 0,
            s.scalar(select(func.count()).select_from(ConversationRef)) or 0,
        )


async def test_hostile_authorization_is_always_401_and_changes_nothing(
    teams: TeamsHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Seeded activities and invokes, each with a bad, expired, forged, missing or non-ASCII
    Authorization header, sent byte for byte (the raw client): every well-formed one gets 401,
    a malformed one 401 or the front door's 400 (it cannot even be read, so the token's
    serviceUrl claim cannot be checked against it); nothing stored or sent, no traceback; a
    normal `ciip quiz` is answered afterwards."""
    from tests.raw_http import raw_post

    h = teams
    caplog.set_level(logging.WARNING)
    rng = random.Random(20261201)
    svc = h.service_url
    bases = [
        A.message(svc, "ciip quiz"),
        A.card_action(svc, "ciip:next"),
        A.submit(svc, "ciip:a:1:B", "1772000000002"),
        A.installed_personally(svc, "ben"),
    ]
    forged = [
        h.standin.sign(issued_ago=3600, lifetime=60),
        h.standin.sign(audience="00000000-0000-0000-0000-000000000000"),
        h.standin.sign(foreign_key=True),
        h.standin.sign(issuer="https://evil.example"),
        h.standin.sign(service_url="https://evil.example/connector"),
    ]
    junk_headers: list[bytes | None] = [
        None,
        b"",
        b"Bearer",
        b"Bearer ",
        b"Basic dXNlcjpwYXNz",
        b"Bearer not.a.jwt",
        b"Bearer " + b"A" * 9000,
        "Bearer é€".encode(),
        b"Bearer \xff\xfe",
        b"bearer  x y z",
    ]
    before, mark = _rows(h), h.standin.mark()
    statuses: dict[tuple[bool, int], int] = {}
    for i in range(600):
        mutated = i % 2 == 1
        activity = _mutate(rng, rng.choice(bases)) if mutated else rng.choice(bases)
        roll = rng.random()
        if roll < 0.5:
            auth: bytes | None = b"Bearer " + rng.choice(forged).encode()
        elif roll < 0.7:
            token = h.standin.sign()  # a good token, then spoiled in transit
            cut = rng.randrange(1, len(token))
            auth = b"Bearer " + (token[:cut] + token[cut + 1 :]).encode()
        else:
            auth = rng.choice(junk_headers)
        headers = [(b"Content-Type", b"application/json")]
        if auth is not None:
            headers.append((b"Authorization", auth))
        response = await raw_post(
            h.url, json.dumps(activity).encode(), headers, path="/api/messages"
        )
        seen = (mutated, response.status)
        statuses[seen] = statuses.get(seen, 0) + 1
    await h.teams.drain()
    assert statuses[(False, 401)] == 300
    assert set(statuses) <= {(False, 401), (True, 401), (True, 400)}, statuses
    assert statuses[(True, 401)] > 200, statuses
    assert _rows(h) == before
    assert [c for c in h.standin.since(mark) if "/connector/" in c.path] == []
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]

    response = await h.send(A.message(svc, "ciip quiz"))
    assert response.status_code == 200
    assert h.standin.sends()
