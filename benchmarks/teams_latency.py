"""Teams latency: `ciip-tutor teams` as a process answering signed activities (p50/p99, ms).

Starts the Bot Framework stand-in from tests/teams (JWKS, token endpoint, Connector) on
loopback, then the real `ciip-tutor teams` process on a temporary SQLite database, and posts
signed `ciip quiz` messages from many members through POST /api/messages. The time measured
is what Teams waits for: from sending the activity to the HTTP answer, which comes after the
bot's reply reached the (stand-in) Connector. Teams allows 15 s for a message, 5 s for an invoke.

    .venv/bin/python -m benchmarks.teams_latency [--samples 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.teams import activities as A
from tests.teams.conftest import SECRET
from tests.teams.standin import BotFrameworkStandIn

LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


async def main(samples: int) -> None:
    standin = BotFrameworkStandIn(A.APP_ID).start()
    tmp = Path(tempfile.mkdtemp())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEAMS_", "CIIP_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'bench.db'}",
        TEAMS_APP_ID=A.APP_ID,
        TEAMS_APP_PASSWORD=SECRET,
        TEAMS_TENANT_ID=A.TENANT,
        TEAMS_OPENID_METADATA_URL=standin.openid_url,
        TEAMS_LOGIN_ENDPOINT=standin.base_url,
        TEAMS_SERVICE_URL=standin.service_url,
    )
    exe = Path(sys.executable).with_name("ciip-tutor")
    proc = await asyncio.create_subprocess_exec(
        str(exe),
        "teams",
        "--port",
        "0",
        cwd=tmp,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    port = None
    while port is None:
        line = (await proc.stderr.readline()).decode()
        if not line:
            raise SystemExit("server exited")
        m = LISTENING.search(line)
        port = int(m.group(1)) if m else None
    drain = asyncio.create_task(proc.stderr.read())
    url = f"http://127.0.0.1:{port}/api/messages"
    token = standin.sign(lifetime=3600)
    times: list[float] = []
    async with httpx.AsyncClient(timeout=30) as http:
        for i in range(samples + 20):
            activity = A.message(standin.service_url, "ciip quiz", user="ana")
            member = f"bench-{i % 200}"
            activity["from"] = {"id": f"29:{member}", "name": member, "aadObjectId": member}
            activity["conversation"]["id"] = f"a:1personal-{member}"
            start = time.perf_counter()
            r = await http.post(url, json=activity, headers={"Authorization": f"Bearer {token}"})
            elapsed = (time.perf_counter() - start) * 1000
            assert r.status_code == 200, r.text
            if i >= 20:  # warm-up: JWKS fetch, token, first members
                times.append(elapsed)
    proc.send_signal(signal.SIGTERM)
    await proc.wait()
    await drain
    standin.close()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"teams `ciip quiz` signed activity -> reply sent -> 200: n={len(times)} "
        f"p50={statistics.median(times):.1f} ms p99={p99:.1f} ms max={times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500)
    asyncio.run(main(parser.parse_args().samples))
