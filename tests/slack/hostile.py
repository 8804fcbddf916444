"""A seeded generator of hostile Slack requests: well-formed payloads mutated at the JSON level
(junk values, missing keys) and at the byte level (cut short, bytes flipped, invalid UTF-8),
with headers that are right, wrong, stale, missing or not ASCII."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from tests.fuzzing import mutate
from tests.slack import payloads

__all__ = ["Hostile", "hostile_requests"]

CONTENT_TYPES = [
    b"application/x-www-form-urlencoded",
    b"application/json",
    b"application/json; charset=bogus",
    b"text/plain",
    b"multipart/form-data; boundary=x",
    "application/jsön".encode(),
]


@dataclass(frozen=True)
class Hostile:
    body: bytes
    headers: list[tuple[bytes, bytes]]
    forged: bool
    """True when the signature cannot verify: the answer must be 401."""


def _base(rng: random.Random, response_url: str) -> tuple[bytes, bytes]:
    """A payload of one kind Slack sends, mutated; returns (body, content type)."""
    pick = rng.randrange(5)
    if pick == 0:
        fields = payloads.slash_command(
            rng.choice(["quiz", "stats", "streak", "ce list", "help"]), response_url=response_url
        )
        mutated = mutate(rng, fields)
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in mutated.items()}
        return urlencode(form).encode(), CONTENT_TYPES[0]
    if pick in (1, 2):
        action = rng.choice(["ciip:next", "ciip:a:1:A", "ciip:d:1:B", "ciip:lb:w:2"])
        click = payloads.block_action_payload(
            action, response_url=response_url, from_view=rng.random() < 0.2
        )
        return urlencode({"payload": json.dumps(mutate(rng, click))}).encode(), CONTENT_TYPES[0]
    if pick == 3:
        event = {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"}
        body = json.loads(payloads.event_callback(event, event_id=f"Ev{rng.randrange(10**6)}"))
        return json.dumps(mutate(rng, body)).encode(), CONTENT_TYPES[1]
    verification = {"type": "url_verification", "challenge": "c", "token": "t"}
    return json.dumps(mutate(rng, verification)).encode(), CONTENT_TYPES[1]


def _bytes(rng: random.Random, body: bytes) -> bytes:
    roll = rng.random()
    if roll < 0.1 and body:
        return body[: rng.randrange(len(body))]
    if roll < 0.2 and body:
        at = rng.randrange(len(body))
        return body[:at] + bytes([rng.randrange(256)]) + body[at + 1 :]
    if roll < 0.25:
        return body + b"\xff\xfe"
    if roll < 0.28:
        return b"payload=" + b"%5B" * 2000
    return body


def _signature(secret: str, stamp: bytes, body: bytes) -> bytes:
    mac = hmac.new(secret.encode(), b"v0:" + stamp + b":" + body, hashlib.sha256)
    return b"v0=" + mac.hexdigest().encode()


def hostile_requests(seed: int, count: int, secret: str, response_url: str) -> list[Hostile]:
    rng = random.Random(seed)
    out: list[Hostile] = []
    for _ in range(count):
        body, content_type = _base(rng, response_url)
        body = _bytes(rng, body)
        if rng.random() < 0.15:
            content_type = rng.choice(CONTENT_TYPES)
        now = int(time.time())
        stamp = str(now).encode()
        signature = _signature(secret, stamp, body)
        forged = False
        roll = rng.random()
        if roll < 0.08:
            signature, forged = _signature("not-the-secret", stamp, body), True
        elif roll < 0.14:
            stamp = str(now - 301 - rng.randrange(10**6)).encode()
            signature, forged = _signature(secret, stamp, body), True
        elif roll < 0.18:
            stamp, forged = rng.choice([b"abc", b"", b"-1", "١٧".encode(), b"9" * 40]), True
        elif roll < 0.22:
            signature, forged = rng.choice([b"", b"v0=", "v0=é".encode(), b"v1=00"]), True
        elif roll < 0.26 and len(body) > 1:
            body, forged = body[:-1], True  # signed, then cut short in transit
        headers = [(b"Content-Type", content_type)]
        if not (forged and rng.random() < 0.2):
            headers += [(b"X-Slack-Request-Timestamp", stamp), (b"X-Slack-Signature", signature)]
        out.append(Hostile(body, headers, forged))
    return out
