"""PostgreSQL restarting under `ciip-tutor slack --http` (`benchmarks.slack_edge --pg-restart`).

Eight members quiz and answer in a loop (signed `/ciip quiz`, whose ack carries the question,
then a click on its first button). After a few seconds the PostgreSQL server (a throwaway one,
tests/pg_throwaway.py) is stopped in `immediate` mode, a crash as far as the app can tell;
a few seconds later it is started again. Reported: what the requests during the outage got,
how soon after the server was back a quiz was answered with a question, and whether every
click that was answered with a verdict is stored exactly once.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, func, select

from bot.render import DATABASE_BUSY
from bot.storage.models import Answer
from tests import pg_throwaway
from tests.slack import payloads
from tests.slack.conftest import BOT_TOKEN, SECRET
from tests.slack.process import Server, clean_env, start_http
from tests.slack.stand_in import Call, SlackStandIn

WORKERS = 8
BEFORE, OUTAGE, AFTER = 3.0, 3.0, 3.0


@dataclass
class Log:
    phase: str = "before"
    seen: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    clicks: list[tuple[str, str]] = field(default_factory=list)  # (action id, response key)
    first_question_after: float | None = None
    restarted_at: float = 0.0


async def _post(http: aiohttp.ClientSession, url: str, body: str) -> tuple[int, str]:
    async with http.post(
        url + "/slack/events", data=body, headers=payloads.sign(SECRET, body)
    ) as r:
        return r.status, await r.text()


async def _member(
    http: aiohttp.ClientSession, url: str, stand_in: SlackStandIn, user: str, log: Log,
    stop: asyncio.Event,
) -> None:  # fmt: skip
    n = 0
    while not stop.is_set():
        n += 1
        quiz = payloads.slash_command("quiz", user=user, response_url=stand_in.response_url("q"))
        status, body = await _post(http, url, payloads.form(quiz))
        text = json.loads(body).get("text", "") if body.startswith("{") else ""
        buttons = Call("response_url", json.loads(body)).action_ids() if "blocks" in body else []
        kind = "question" if buttons else ("polite" if text == DATABASE_BUSY else "other")
        log.seen[(log.phase, "quiz", f"{status} {kind}")] += 1
        if log.phase == "after" and kind == "question" and log.first_question_after is None:
            log.first_question_after = time.perf_counter() - log.restarted_at
        if not buttons:
            await asyncio.sleep(0.05)  # a member waits a moment before trying again
            continue
        key = f"{user}-{n}"
        click = payloads.block_action(
            buttons[0], user=user, response_url=stand_in.response_url(key)
        )
        status, _ = await _post(http, url, click)
        log.seen[(log.phase, "click", str(status))] += 1
        log.clicks.append((buttons[0], key))


async def restart() -> None:
    pg = await asyncio.to_thread(pg_throwaway.ThrowawayPostgres.create)
    stand_in = await SlackStandIn().start()
    stand_in.add_bot(BOT_TOKEN, payloads.TEAM)
    users = [f"UR{i}" for i in range(WORKERS)]
    for user in users:
        stand_in.add_user(user)
    tmp = Path(tempfile.mkdtemp(prefix="ciip-slack-restart-"))
    env = clean_env(
        DATABASE_URL=pg.url, SLACK_SIGNING_SECRET=SECRET, SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=stand_in.api_url,
    )  # fmt: skip
    server = Server(await start_http(env, tmp, asyncio.subprocess.DEVNULL))
    log, stop = Log(), asyncio.Event()
    try:
        url = f"http://127.0.0.1:{await asyncio.wait_for(server.port, 120)}"
        async with aiohttp.ClientSession() as http:
            members = [
                asyncio.create_task(_member(http, url, stand_in, u, log, stop)) for u in users
            ]
            await asyncio.sleep(BEFORE)
            log.phase = "outage"
            await asyncio.to_thread(pg.stop, "immediate")
            await asyncio.sleep(OUTAGE)
            await asyncio.to_thread(pg.start)
            log.phase, log.restarted_at = "after", time.perf_counter()
            await asyncio.sleep(AFTER)
            stop.set()
            await asyncio.gather(*members)
        await asyncio.sleep(1.0)  # let the last verdicts reach the stand-in
    finally:
        server.proc.terminate()
        await server.proc.wait()
        await server.reader
    verdicts = {
        c.headers["key"]
        for c in stand_in.calls_to("response_url")
        if "The answer is" in json.dumps(c.params) or "Correct" in json.dumps(c.params)
    }
    engine = create_engine(pg.url)
    lost = duplicated = 0
    with engine.connect() as conn:
        for action, key in log.clicks:
            if key not in verdicts:
                continue
            stored = conn.scalar(
                select(func.count(Answer.id)).where(
                    Answer.idempotency_key == f"issued:{action.split(':')[2]}"
                )
            )
            lost += stored == 0
            duplicated += (stored or 0) > 1
    engine.dispose()
    await stand_in.close()
    pg.destroy()
    tracebacks = sum("Traceback" in line for line in server.lines)
    print(f"restart: {BEFORE:.0f} s load, {OUTAGE:.0f} s outage (pg_ctl stop -m immediate), "
          f"{AFTER:.0f} s after `pg_ctl start`; {WORKERS} members")  # fmt: skip
    for (phase, what, outcome), n in sorted(log.seen.items()):
        print(f"| {phase} | {what} | {outcome} | {n} |")
    first = log.first_question_after
    print(f"first question after the restart: {first * 1000:.0f} ms" if first else "never")
    answered = sum(k in verdicts for _, k in log.clicks)
    print(f"clicks answered with a verdict: {answered} of {len(log.clicks)}; lost {lost}, "
          f"stored twice {duplicated}; tracebacks in the log: {tracebacks}")  # fmt: skip
