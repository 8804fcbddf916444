"""A throwaway PostgreSQL server of our own (initdb in a temporary directory, a free port), for
tests and benchmarks that stop and start the server: the shared one on 5432 must never be
restarted under the other tests' feet."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PG_BIN", "ThrowawayPostgres", "available"]

PG_BIN = Path(os.environ.get("CIIP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ThrowawayPostgres:
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @staticmethod
    def _as_postgres(args: list[str]) -> list[str]:
        """initdb and postgres refuse to run as root: drop to the `postgres` user then."""
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return args

    def _run(self, *args: str) -> None:
        subprocess.run(
            self._as_postgres(list(args)),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    @classmethod
    def create(cls) -> ThrowawayPostgres:
        root = Path(tempfile.mkdtemp(prefix="ciip-pg-"))
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        server = cls(root, _free_port())
        server._run(
            str(PG_BIN / "initdb"), "-D", str(server.data), "-U", "postgres", "-A", "trust", "-N"
        )
        server.start()
        return server

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.root / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` is a crash as far as clients can tell: connections drop mid-work."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
