"""A real, throw-away PostgreSQL cluster for tests (Debian ``postgresql`` package: initdb, pg_ctl).

``PostgresServer().start()`` creates a cluster in a fresh temporary folder, listens on a free port on
127.0.0.1 and on a unix socket in that folder, and :meth:`PostgresServer.create_database` hands out
one empty database (a URL) per test. ``stop()`` shuts it down and removes the folder. initdb refuses
to run as root, so as root the server runs as the ``postgres`` system user (created by the Debian
package) in a folder that user owns. Nothing is skipped: when the server cannot start,
:class:`PostgresUnavailable` says why.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from ports import free_port


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup.sh --test "
            "or apt-get install -y postgresql"
        )
    return Path(found[-1]).parent


class PostgresServer:
    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="ra-pg-"))
        self.data = self.root / "data"
        self.port = free_port()  # outside the ephemeral range (tests/ports.py)
        self.user = "postgres"
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PostgresUnavailable("running as root and there is no 'postgres' system user") from exc
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, timeout: float = 120) -> None:
        proc = subprocess.run([*self._as, *args], capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if proc.returncode != 0:
            raise PostgresUnavailable(f"{Path(args[0]).name} failed ({proc.returncode}): {proc.stderr[-2000:]}")

    def start(self) -> PostgresServer:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                   "-c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "90", "start")
        deadline = time.monotonic() + 60
        while True:  # pg_ctl -w waited for it; make sure a client gets in
            try:
                import psycopg

                with psycopg.connect(self.url("postgres"), connect_timeout=5) as conn:
                    conn.execute("SELECT 1")
                return self
            except Exception as exc:
                if time.monotonic() > deadline:
                    raise PostgresUnavailable(f"PostgreSQL started but refuses clients: {exc}") from exc
                time.sleep(0.2)

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:16]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def log_tail(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
