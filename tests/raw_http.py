"""A raw HTTP/1.1 client for hostile requests: any bytes in headers and body, no client-side
checks (aiohttp's client refuses non-ASCII headers and fixes Content-Length for us)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["RawResponse", "raw_post"]


@dataclass(frozen=True)
class RawResponse:
    status: int
    body: bytes


async def raw_post(
    url: str,
    body: bytes,
    headers: list[tuple[bytes, bytes]],
    *,
    path: str = "/slack/events",
    content_length: int | None = None,
    timeout: float = 10.0,
) -> RawResponse:
    """POST `body` with exactly these headers (plus Host, Content-Length, Connection: close)."""
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        length = len(body) if content_length is None else content_length
        head = [
            b"POST " + path.encode() + b" HTTP/1.1",
            b"Host: " + parts.netloc.encode(),
            b"Content-Length: " + str(length).encode(),
            b"Connection: close",
            *(name + b": " + value for name, value in headers),
        ]
        writer.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout=timeout)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await writer.wait_closed()
    status_line, _, rest = raw.partition(b"\r\n")
    _, _, payload = rest.partition(b"\r\n\r\n")
    return RawResponse(int(status_line.split()[1]), payload)
