"""The HTTP edge of `POST /slack/events`: size cap, signature on the raw bytes, then parsing.

The order is the point. Bolt's own aiohttp adapter decodes and parses the body before its
signature middleware runs, so anyone who could reach the endpoint could make it raise (invalid
UTF-8, a body cut short, JSON nested a thousand deep, a 5,000-digit number, a non-ASCII
signature header...). Here:

1. the body is read with a cap (413 over it);
2. the signature headers must have Slack's shapes (a number of seconds; `v0=` and 64 hex
   digits), and slack_sdk's `SignatureVerifier` checks them on the raw body, freshness
   included (401 otherwise; nothing has been parsed yet);
3. only a verified body is parsed (a big one in a worker thread, so the event loop stays free),
   and its shape is checked by `adapters.slack.payloads`: what cannot be understood is a 400
   with one log line, a kind we do not serve is a 200, and the rest goes to Bolt.

Bolt receives the parsed payload as a dict: parsing it again would cost time and Bolt's parser
guesses the format from substrings (a slash command whose text says "payload" parses as empty).
Bolt's own signature check is skipped for such a request, since it was done here, on the bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.signature import Clock, SignatureVerifier

from adapters.slack.payloads import Classified, Kind, PayloadError, classify

__all__ = ["MAX_BODY", "Admitted", "SlackEdge"]

log = logging.getLogger(__name__)

MAX_BODY = 512 * 1024
"""Slack's largest payloads (a view with its blocks) are far smaller."""
MAX_DEPTH = 32
"""Slack payloads nest about ten levels; deeper JSON is not from Slack."""
THREAD_PARSE_BYTES = 32 * 1024
"""Bodies larger than this are parsed in a worker thread, off the event loop."""
MAX_FIELDS = 100

_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Admitted:
    """A verified, parsed, shape-checked request for Bolt."""

    kind: Kind
    payload: dict[str, Any]


def _too_deep(value: Any) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return False


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except RecursionError:
        raise PayloadError(f"{what} is nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, or an integer with too many digits
        raise PayloadError(f"{what} is not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(value, dict):
        raise PayloadError(f"{what} is JSON {type(value).__name__}, not an object")
    if _too_deep(value):
        raise PayloadError(f"{what} is nested too deeply")
    return value


def parse_body(text: str, content_type: str) -> Classified:
    """Parse a verified body as Slack sends it and check its shape; raises `PayloadError`."""
    if content_type == "application/json" or text.startswith("{"):
        return classify(_json_object(text, "JSON body"), form_command=False)
    try:
        fields = parse_qsl(
            text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FIELDS
        )
    except ValueError:
        raise PayloadError("form body has too many fields") from None
    form = dict(fields)
    if not form:
        raise PayloadError("empty or unreadable form body")
    if "payload" in form:
        return classify(_json_object(form["payload"], "payload field"), form_command=False)
    return classify(form, form_command=True)


class SlackEdge:
    """Admits a request to Bolt, or answers it (401, 413, 400, or 200 for what we ignore)."""

    def __init__(self, signing_secret: str, clock: Clock | None = None) -> None:
        self._secret = signing_secret.encode()
        self._verifier = SignatureVerifier(signing_secret, clock=clock or Clock())

    def _verified(self, body: bytes, timestamp: str | None, signature: str | None) -> bool:
        if timestamp is None or signature is None:
            return False
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            # Not Slack's, but a signature over raw bytes is still checked as one; the
            # verifier only takes text, so this one comparison is done by hand.
            if abs(self._verifier.clock.now() - int(timestamp)) > 60 * 5:
                return False
            mac = hmac.new(self._secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
            return hmac.compare_digest("v0=" + mac.hexdigest(), signature)
        return self._verifier.is_valid(text, timestamp, signature)

    async def admit(self, request: web.Request) -> Admitted | web.Response:
        if request.content_length is not None and request.content_length > MAX_BODY:
            return _refuse(413, "request body too large")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _refuse(413, "request body too large")
        if len(body) > MAX_BODY:
            return _refuse(413, "request body too large")
        timestamp = request.headers.get("X-Slack-Request-Timestamp")
        signature = request.headers.get("X-Slack-Signature")
        if not self._verified(body, timestamp, signature):
            log.info("refused a Slack request: signature missing, wrong or stale")
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            text = body.decode("utf-8")
            content_type = request.content_type
            if len(body) > THREAD_PARSE_BYTES:
                seen = await asyncio.to_thread(parse_body, text, content_type)
            else:
                seen = parse_body(text, content_type)
        except UnicodeDecodeError:
            return _refuse(400, "body is not UTF-8")
        except PayloadError as exc:
            return _refuse(400, str(exc))
        if seen.kind is Kind.IGNORED:
            log.info("ignored a Slack %s request (not served by ciip-tutor)", seen.what[:64])
            return web.Response(status=200, text="")
        return Admitted(seen.kind, seen.payload)


def _refuse(status: int, reason: str) -> web.Response:
    log.warning("refused a Slack request (%d): %s", status, reason)
    return web.json_response({"error": reason}, status=status)
