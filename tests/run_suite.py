"""Runs the whole suite on SQLite, then again on PostgreSQL when it answers.

Kept as a script (not Makefile shell) so the PostgreSQL probe and the "skipped" notice are the
same on every machine. Exit status is non-zero if either leg fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

PG_URL = os.environ.get("CIIP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def run_leg(label: str, database_url: str | None) -> int:
    env = dict(os.environ)
    env.pop("CIIP_TEST_DATABASE_URL", None)
    if database_url:
        env["CIIP_TEST_DATABASE_URL"] = database_url
    print(f"\n=== test suite on {label} ===", flush=True)
    # One worker per core (pytest-xdist): each worker builds its own template database.
    workers = ["-n", os.environ.get("CIIP_TEST_WORKERS", "auto")]
    return subprocess.call([sys.executable, "-m", "pytest", "-q", *workers, *sys.argv[1:]], env=env)


def main() -> int:
    status = run_leg("SQLite", None)
    if postgres_answers():
        status = run_leg("PostgreSQL (127.0.0.1:5432/test)", PG_URL) or status
    else:
        print("\n=== PostgreSQL leg SKIPPED: nothing answers on 127.0.0.1:5432 ===", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
