"""Malformed activities and invoke payloads (seeded, a few hundred) never produce a 500 or a
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
    for i in range(320):
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
