"""A throwaway PostgreSQL cluster for the feedback collector's tests: Debian's initdb and
pg_ctl in a temporary folder, on a free port of 127.0.0.1, as the `postgres` user when the
tests run as root (PostgreSQL refuses to run as root). `tools/install-postgresql` (run by
`make test`) installs the server; without one the tests skip and say why."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support import free_port


class Unavailable(Exception):
    """Why no cluster can be started here, for the skip message."""


@dataclass
class Cluster:
    bindir: Path
    data: Path
    port: int
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://kb@127.0.0.1:{self.port}/postgres"

    def ctl(self, *arguments: str) -> None:
        run("pg_ctl", self.prefix + [str(self.bindir / "pg_ctl"), "-D", str(self.data), *arguments])

    def up(self) -> None:
        folder = self.data.parent
        self.ctl(
            "-w",
            "-l",
            str(folder / "server.log"),
            "-o",
            f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def down(self) -> None:
        self.ctl("-w", "-m", "fast", "stop")


def run(name: str, command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise Unavailable(f"{name} failed: {(result.stderr or result.stdout).strip()[-300:]}")


def start() -> Cluster:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise Unavailable(
            "no PostgreSQL server (Debian's postgresql package); make test installs it with tools/install-postgresql"
        )
    bindir = Path(found[-1]).parent
    prefix: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise Unavailable("running as root without runuser, and PostgreSQL refuses to run as root")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres user to run the server as") from None
        prefix = [runuser, "-u", "postgres", "--"]
    # Under /tmp itself: pytest's temporary folders are private to this user, and the server's is not.
    folder = Path(tempfile.mkdtemp(prefix="kb-postgresql-"))
    if prefix:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    port = free_port()
    cluster = Cluster(bindir, data, port, prefix)
    try:
        run(
            "initdb",
            prefix + [str(bindir / "initdb"), "-D", str(data), "-U", "kb", "-A", "trust", "--no-sync", "-E", "UTF8"],
        )
        cluster.up()
    except Unavailable:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return cluster


def stop(cluster: Cluster) -> None:
    try:
        cluster.ctl("-w", "-m", "immediate", "stop")
    except Unavailable:
        pass
    shutil.rmtree(cluster.data.parent, ignore_errors=True)
