"""Slack's HTTP endpoint: `ciip-tutor slack --http` against a bare Bolt app, and a PostgreSQL
restart under load.

Latency (default): two real HTTP servers, each its own process on loopback, both talking to the
Slack stand-in from tests/slack: a *bare* Bolt app whose `/ciip` listener answers a fixed
question in its ack (the fastest a Bolt app can answer), and the real `ciip-tutor slack --http`
on a temporary SQLite database (`--pg-url` for PostgreSQL). Signed `/ciip quiz` requests from
200 members at concurrency 8, in alternating rounds (bare, ours, bare, ours...) so both see the
same machine; the time is from sending the request to the HTTP answer, which for both carries
the question. Reports p50/p99 per server and the ratio.

Restart (`--pg-restart`): `ciip-tutor slack --http` on a throwaway PostgreSQL server of its own
(tests/pg_throwaway.py), a steady stream of quizzes and answer clicks at concurrency 8; the
server is stopped (`immediate`, a crash to its clients) and started again. Reports what the
requests during the outage got, how long after the restart the first quiz was answered, and
whether every click acknowledged with a verdict is stored.

    .venv/bin/python -m benchmarks.slack_edge [--rounds 10 --per-round 100]
    .venv/bin/python -m benchmarks.slack_edge --pg-restart
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp

from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN, SECRET
from tests.slack.process import Server, clean_env, start_http
from tests.slack.stand_in import SlackStandIn

CONCURRENCY = 8
MEMBERS = 200


# ---------------------------------------------------------------- the bare Bolt app (a process)
def serve_bare(api_url: str) -> None:
    """A Bolt app with one listener that answers `/ciip` in its ack: the floor to compare with."""
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url))
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "A fixed question?"}},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "action_id": f"x:{c}", "text": {"type": "plain_text", "text": c}}
                for c in "ABCD"
            ],
        },
    ]

    @app.command("/ciip")
    async def answer(ack: Any) -> None:
        await ack(text="A fixed question?", blocks=blocks, response_type="ephemeral")

    async def main() -> None:
        from aiohttp import web

        runner = web.AppRunner(app.web_app(path="/slack/events"), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        print(f"listening on http://127.0.0.1:{runner.addresses[0][1]}", file=sys.stderr)
        sys.stderr.flush()
        await asyncio.Event().wait()

    asyncio.run(main())


async def _start_bare(api_url: str) -> Server:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.slack_edge", "--serve-bare", api_url,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    return Server(proc)


async def _start_ours(stand_in: SlackStandIn, database_url: str, cwd: Path) -> Server:
    env = clean_env(
        DATABASE_URL=database_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=stand_in.api_url,
    )
    return Server(await start_http(env, cwd, asyncio.subprocess.DEVNULL))


# ---------------------------------------------------------------- the client
async def _quiz(
    http: aiohttp.ClientSession, url: str, user: str, response_url: str
) -> tuple[float, int, str]:
    body = payloads.form(payloads.slash_command("quiz", user=user, response_url=response_url))
    start = time.perf_counter()
    async with http.post(
        url + "/slack/events", data=body, headers=payloads.sign(SECRET, body)
    ) as r:
        text = await r.text()
    return (time.perf_counter() - start) * 1000, r.status, text


async def _round(
    http: aiohttp.ClientSession,
    url: str,
    n: int,
    offset: int,
    response_url: str,
    concurrency: int = CONCURRENCY,
) -> tuple[list[float], int]:
    gate = asyncio.Semaphore(concurrency)
    in_ack = 0

    async def one(i: int) -> float:
        nonlocal in_ack
        async with gate:
            ms, status, text = await _quiz(
                http, url, f"UB{(offset + i) % MEMBERS:03d}", response_url
            )
        assert status == 200, (status, text[:200])
        in_ack += '"blocks"' in text
        return ms

    return list(await asyncio.gather(*(one(i) for i in range(n)))), in_ack


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


async def latency(
    rounds: int, per_round: int, pg_url: str | None, concurrency: int = CONCURRENCY
) -> None:
    stand_in = await SlackStandIn().start()
    stand_in.add_bot(BOT_TOKEN, payloads.TEAM)
    for i in range(MEMBERS):
        stand_in.add_user(f"UB{i:03d}")
    tmp = Path(tempfile.mkdtemp(prefix="ciip-slack-bench-"))
    database_url = pg_url or f"sqlite:///{tmp / 'bench.db'}"
    bare = await _start_bare(stand_in.api_url)
    ours = await _start_ours(stand_in, database_url, tmp)
    try:
        bare_url = f"http://127.0.0.1:{await asyncio.wait_for(bare.port, 60)}"
        ours_url = f"http://127.0.0.1:{await asyncio.wait_for(ours.port, 120)}"
        times: dict[str, list[float]] = {"bare": [], "ours": []}
        acks: Counter[str] = Counter()
        response_url = stand_in.response_url("bench")
        async with aiohttp.ClientSession() as http:
            for url in (bare_url, ours_url):  # warm-up, untimed
                await _round(http, url, 40, 0, response_url)
            for r in range(rounds):
                for name, url in (("bare", bare_url), ("ours", ours_url)):
                    got, in_ack = await _round(
                        http, url, per_round, r * per_round, response_url, concurrency
                    )
                    times[name] += got
                    acks[name] += in_ack
        load = os.getloadavg()
    finally:
        for server in (bare, ours):
            server.proc.terminate()
            await server.proc.wait()
            await server.reader
        await stand_in.close()
    rows = {k: (statistics.median(v), _pct(v, 0.99), max(v), len(v)) for k, v in times.items()}
    kind = "PostgreSQL" if pg_url else "SQLite"
    print(f"database: {kind}; concurrency {concurrency}; load average {load[0]:.2f}")
    print("| app | n | answered in the ack | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, (p50, p99, top, n) in rows.items():
        print(f"| {name} | {n} | {acks[name]} | {p50:.1f} | {p99:.1f} | {top:.1f} |")
    ratio50 = rows["ours"][0] / rows["bare"][0]
    ratio99 = rows["ours"][1] / rows["bare"][1]
    print(f"ratio ours/bare: p50 {ratio50:.2f}x, p99 {ratio99:.2f}x (goal: p99 <= 1.5x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=100)
    parser.add_argument("--pg-url", default=None, help="run ours on this PostgreSQL database")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--pg-restart", action="store_true", help="the restart scenario")
    parser.add_argument("--serve-bare", metavar="API_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
    elif args.pg_restart:
        from benchmarks.slack_restart import restart

        asyncio.run(restart())
    else:
        asyncio.run(latency(args.rounds, args.per_round, args.pg_url, args.concurrency))
