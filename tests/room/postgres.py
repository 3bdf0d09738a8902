"""A throw-away PostgreSQL server for the tests and benchmarks of the room on several processes, started
as docs/room.md describes (``initdb`` into a fresh folder, ``pg_ctl start`` on a free loopback port;
as root, through ``runuser -u postgres``, since ``initdb`` refuses to run as root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.room.conftest import free_port


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server can be started here (the reason says why)."""


def postgres_bin() -> Path:
    """The folder of PostgreSQL's programs (``initdb``, ``pg_ctl``), or PostgresUnavailableError."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.insert(0, str(Path(found).parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise PostgresUnavailableError("PostgreSQL is not installed (Debian: apt-get install postgresql)")


def _as_server_user() -> list[str]:
    """The prefix that runs a PostgreSQL program as a user it accepts (root: the postgres user)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise PostgresUnavailableError("running as root without runuser: initdb refuses to run as root")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailableError("running as root and there is no postgres user for initdb") from None
    return ["runuser", "-u", "postgres", "--"]


@contextmanager
def local_postgres(durable: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL server on a free loopback port for the duration: its URL (user ``parley``,
    database ``postgres``). ``durable`` False turns ``fsync`` off (a test kills servers, never
    PostgreSQL itself); PostgresUnavailableError when it cannot be started."""
    programs, prefix = postgres_bin(), _as_server_user()
    data = Path(tempfile.mkdtemp(prefix="parley-pg-", dir="/tmp"))
    if prefix:
        shutil.chown(data, "postgres", "postgres")
    port = free_port()
    options = f"-h 127.0.0.1 -p {port} -k {data}" + ("" if durable else " -c fsync=off")
    try:
        _run(
            [*prefix, str(programs / "initdb"), "-D", str(data), "-U", "parley", "--auth=trust", "-E", "UTF8"]
        )
        start = [*prefix, str(programs / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log")]
        _run([*start, "-o", options, "-w", "start"])
    except (OSError, subprocess.CalledProcessError) as error:
        shutil.rmtree(data, ignore_errors=True)
        raise PostgresUnavailableError(f"PostgreSQL would not start: {error}") from None
    try:
        yield f"postgresql://parley@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(programs / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(data, ignore_errors=True)


def _run(command: list[str]) -> None:
    subprocess.run(command, capture_output=True, check=True, timeout=120)
