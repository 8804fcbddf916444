"""Discord latency: `ciip-tutor discord` as a process answering `/ciip quiz` over the gateway.

Starts the Discord stand-in from tests/discord (REST API and gateway websocket) on loopback,
then the real `ciip-tutor discord` process on a temporary SQLite database. Each sample is an
INTERACTION_CREATE for `/ciip quiz` from one of 200 members, sent down the gateway; the time
measured is what Discord waits for: from the gateway frame to the interaction callback (the
question with its buttons) reaching the REST API. Discord allows 3 s for that callback.

    .venv/bin/python -m benchmarks.discord_latency [--samples 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.discord.conftest import TOKEN
from tests.discord.payloads import guild_create, slash
from tests.discord.standin import DiscordStandIn


async def main(samples: int) -> None:
    standin = DiscordStandIn()
    await standin.start()
    standin.guilds = [guild_create()]
    tmp = Path(tempfile.mkdtemp())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "CIIP_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'bench.db'}",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=standin.api_url,
    )
    exe = Path(sys.executable).with_name("ciip-tutor")
    proc = await asyncio.create_subprocess_exec(
        str(exe),
        "discord",
        cwd=tmp,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await standin.wait_frame(op=2, timeout=120)  # IDENTIFY: the bot is connected
    times: list[float] = []
    for i in range(samples + 20):
        member = str(410_000_000_000_000_000 + i % 200)
        payload = slash("quiz", user=member, name=f"member{i % 200}")
        start = time.perf_counter()
        await standin.dispatch("INTERACTION_CREATE", payload)
        [callback] = await standin.wait_for(lambda c, t=payload["token"]: t in c.path)
        elapsed = (time.perf_counter() - start) * 1000
        assert callback.body["type"] == 4 and len(callback.custom_ids) == 4, callback.body
        if i >= 20:  # warm-up: first members, caches
            times.append(elapsed)
    proc.send_signal(signal.SIGTERM)
    await proc.wait()
    await standin.stop()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"discord `/ciip quiz` gateway frame -> interaction callback: n={len(times)} "
        f"p50={statistics.median(times):.1f} ms p99={p99:.1f} ms max={times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500)
    asyncio.run(main(parser.parse_args().samples))
