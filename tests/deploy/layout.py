"""The production layout on this machine, started from deploy/'s own files.

nginx (deploy/nginx/alur.conf, TLS with a self-signed certificate) → `alur serve` processes
(deploy/systemd/alur-web@.service: its ExecStart, Environment and EnvironmentFile) → PgBouncer
(deploy/pgbouncer/pgbouncer.ini) → PostgreSQL, plus the projection worker
(deploy/systemd/alur-worker.service). Only what cannot hold on a test machine is replaced, each
replacement named below: ports, paths (/opt/alur is this checkout), the database, PgBouncer's
authentication (trust, as the local server), and systemd's User= and hardening (no systemd here;
tests/deploy/test_files.py checks those settings in the files). A replacement that no longer
matches its file fails loudly, so the files and the test cannot drift apart.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALLED = "/opt/alur"  # where deploy/ expects the release; here: this checkout
ENV_FILE = "/etc/alur/alur.env"  # what the units read; here: deploy/systemd/alur.env.example


def binary(name: str) -> str:
    """Debian's nginx or pgbouncer; missing is a failure (CI installs them), never a skip."""
    found = shutil.which(name) or next(
        (path for path in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(path, os.X_OK)), None
    )
    if found is None:
        pytest.fail(f"{name} is not installed: run tests/deploy/setup_layout.sh (.ci/run does)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- systemd units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit file as (section, key, value) entries, in order."""

    path: Path
    entries: tuple[tuple[str, str, str], ...]

    def values(self, key: str, section: str = "Service") -> list[str]:
        return [value for s, k, value in self.entries if s == section and k == key]

    def value(self, key: str, section: str = "Service") -> str:
        found = self.values(key, section)
        assert len(found) == 1, f"{self.path.name}: expected one {key}=, found {found}"
        return found[0]


def read_unit(path: Path) -> Unit:
    entries, section = [], ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        assert not line.endswith("\\"), f"{path.name}: continuation lines are not read here"
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        entries.append((section, key.strip(), value.strip()))
    return Unit(path, tuple(entries))


def read_env_file(path: Path) -> dict[str, str]:
    """systemd EnvironmentFile syntax: KEY=value lines, # comments, optional quotes."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        found[key.strip()] = value
    return found


def installed_here(text: str) -> str:
    return text.replace(INSTALLED, str(ROOT))


@dataclass(frozen=True)
class Command:
    argv: list[str]
    env: dict[str, str]
    cwd: Path


def unit_command(unit: Unit, instance: str, overrides: dict[str, str]) -> Command:
    """The unit's ExecStart with its environment, as systemd would run it here: `%i` is the
    instance, /opt/alur this checkout, the environment file the shipped example with `overrides`
    (the database and data folder of this test) on top."""
    argv = [installed_here(arg.replace("%i", instance)) for arg in shlex.split(unit.value("ExecStart"))]
    assert Path(argv[0]).is_file(), f"{unit.path.name}: ExecStart runs {argv[0]}, not found here"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(ROOT)}
    for assignments in unit.values("Environment"):
        env.update(item.split("=", 1) for item in shlex.split(assignments))  # type: ignore[misc]
    assert unit.value("EnvironmentFile").lstrip("-") == ENV_FILE, f"{unit.path.name}: EnvironmentFile"
    shipped = read_env_file(DEPLOY / "systemd" / "alur.env.example")
    env.update({key: installed_here(value) for key, value in shipped.items()})  # the file wins
    env.update(overrides)
    return Command(argv, env, Path(installed_here(unit.value("WorkingDirectory"))))


# -- nginx ------------------------------------------------------------------------------------------


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, made now (openssl req -x509)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _swap(text: str, old: str, new: str, where: str) -> str:
    assert old in text, f"{where} no longer contains {old!r}: update tests/deploy/layout.py with it"
    return text.replace(old, new)


def render_site(folder: Path, http_port: int, https_port: int, web_ports: list[int], cert: Path,
                key: Path) -> Path:  # fmt: skip
    """deploy/nginx/alur.conf with this machine's ports, certificate, log folder and checkout."""
    where = "deploy/nginx/alur.conf"
    text = (DEPLOY / "nginx" / "alur.conf").read_text()
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/ssl/alur/fullchain.pem", str(cert)),
        ("/etc/ssl/alur/privkey.pem", str(key)),
        ("/var/log/nginx/", f"{folder}/"),
        (f"{INSTALLED}/", f"{ROOT}/"),
    ]:
        text = _swap(text, old, new, where)
    shipped = re.findall(r"^\s*server 127\.0\.0\.1:(\d+)\b", text, flags=re.M)
    assert len(shipped) == len(web_ports), f"{where}: upstream servers {shipped}, test runs {len(web_ports)}"
    for old, new in zip(shipped, web_ports, strict=True):
        text = _swap(text, f"server 127.0.0.1:{old} ", f"server 127.0.0.1:{new} ", where)
    site = folder / "alur.conf"
    site.write_text(text)
    return site


def nginx_main_conf(folder: Path, site: Path) -> Path:
    """What /etc/nginx/nginx.conf gives the site on Debian, in a folder of its own."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "tmp" / name).mkdir(parents=True, exist_ok=True)
    user = "user root root;" if os.geteuid() == 0 else ""  # workers read this checkout and folder
    conf = folder / "nginx.conf"
    conf.write_text(f"""{user}
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    access_log {folder}/access.log;
    include {site};
}}
""")
    return conf


# -- PgBouncer --------------------------------------------------------------------------------------


def render_pgbouncer(folder: Path, port: int, server_url: str, dbname: str) -> Path:
    """deploy/pgbouncer/pgbouncer.ini with its own port, files and this test's database, and
    `trust` authentication like the local server (the shipped userlist, unchanged)."""
    shipped = configparser.ConfigParser(interpolation=None)
    shipped.read(DEPLOY / "pgbouncer" / "pgbouncer.ini")
    server = conninfo_to_dict(server_url)
    shipped.remove_section("databases")
    shipped.add_section("databases")
    shipped["databases"][dbname] = (
        f"host={server.get('host', '127.0.0.1')} port={server.get('port', 5432)} dbname={dbname}"
    )
    shutil.copy(DEPLOY / "pgbouncer" / "userlist.txt", folder / "userlist.txt")
    shipped["pgbouncer"].update(
        listen_addr="127.0.0.1", listen_port=str(port), unix_socket_dir="", auth_type="trust",
        auth_file=str(folder / "userlist.txt"), logfile=str(folder / "pgbouncer.log"),
        pidfile=str(folder / "pgbouncer.pid"),
    )  # fmt: skip
    ini = folder / "pgbouncer.ini"
    with ini.open("w") as out:
        shipped.write(out)
    return ini


def with_port(url: str, port: int) -> str:
    params = conninfo_to_dict(url)
    params.update(host="127.0.0.1", port=str(port))
    return make_conninfo(**{k: str(v) for k, v in params.items()})


# -- processes --------------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    argv: list[str]
    env: dict[str, str] | None
    cwd: Path
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def send(self, signum: int) -> None:
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signum)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        """Like systemd: the signal to the whole group, SIGKILL after `timeout`."""
        if self.popen is None:
            return
        self.send(signum)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.send(signal.SIGKILL)
            self.popen.wait(timeout=10)
        self.send(signal.SIGKILL)  # anything it left behind in its group
        self.popen = None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


def wait_until(
    check: Callable[[], bool], what: str, timeout: float, processes: Sequence[Process] = ()
) -> float:
    """Poll `check()` until true; the seconds it took. Fails with the processes' logs."""
    started = time.monotonic()
    while True:
        try:
            if check():
                return time.monotonic() - started
        except (httpx.HTTPError, psycopg.Error, OSError):
            pass
        for process in processes:
            if not process.alive():
                pytest.fail(f"{process.name} exited while waiting for {what}:\n{process.tail()}")
        if time.monotonic() - started > timeout:
            logs = "\n".join(f"--- {p.name}\n{p.tail()}" for p in processes)
            pytest.fail(f"{what}: not within {timeout:.0f} s\n{logs}")
        time.sleep(0.1)


def healthy(port: int) -> bool:
    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200


@dataclass
class Layout:
    """Every process of the layout, by name; `stop_all` on any exit."""

    folder: Path
    processes: dict[str, Process] = field(default_factory=dict)

    def add(self, name: str, argv: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Process:
        process = Process(name, argv, env, cwd, self.folder / f"{name}.log")
        self.processes[name] = process
        return process

    def stop_all(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop(timeout=15)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.tail()}" for p in self.processes.values())


def pgbouncer_argv(ini: Path, folder: Path) -> list[str]:
    """PgBouncer refuses to run as root: as user postgres then, owning its folder."""
    argv = [binary("pgbouncer"), str(ini)]
    if os.geteuid() != 0:
        return argv
    for path in [folder, *folder.iterdir()]:
        shutil.chown(path, "postgres")
    return ["runuser", "-u", "postgres", "--", *argv]


def private_folder(prefix: str) -> Path:
    """A folder outside pytest's root-only tmp tree (PgBouncer runs as postgres when we are root)."""
    return Path(tempfile.mkdtemp(prefix=prefix))
