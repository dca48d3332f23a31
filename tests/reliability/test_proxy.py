"""Idle and slow clients cannot stall the portal (issue 15, item 12): gunicorn's sync workers sit
behind the buffering reverse proxy of deploy/nginx.conf, which reads each request whole before a
worker sees it.

The test serves the portal with ONE sync worker and opens idle connections that send half a
request and stop. Straight to gunicorn, three of them keep a normal request waiting; through the
proxy (the production configuration, with the upstream and the listening port moved to loopback
and TLS left out), ten of them change nothing: a normal request is answered at once.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .services import ROOT, free_port, gunicorn, services_dir

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def _nginx_config(tmp_path: Path, upstream: str, port: int) -> Path:
    """deploy/nginx.conf for loopback: the upstream and port moved, TLS and the redirect left out,
    the pid and temporary files in `tmp_path` (everything else as in production)."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    text = text.replace("server web:8000;", f"server {upstream};")
    text = re.sub(r"  server \{\n    listen 80;\n.*?\n  \}\n\n", "", text, count=1, flags=re.S)
    text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    text = re.sub(r"\n\s*(http2 on|ssl_[a-z_]+ [^;]+);", "", text)
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        text = text.replace("http {", f"http {{\n  {name}_temp_path {tmp_path}/{name};", 1)
    text = f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n" + text
    text = text.replace("http {", f"http {{\n  access_log {tmp_path}/access.log;", 1)
    path = tmp_path / "nginx.conf"
    path.write_text(text)
    return path


def _half_requests(port: int, count: int) -> list[socket.socket]:
    """Connections that send the start of a request and then nothing (a slow or idle client)."""
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        held.append(sock)
    return held


def _answered_within(url: str, seconds: float) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:  # noqa: S310 - loopback
            return response.status in (200, 503)
    except OSError:
        return False


def test_idle_clients_hold_a_bare_sync_worker_but_not_the_proxied_portal(tmp_path):
    services_dir()  # skips outside `make test`
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is installed by `make test` (scripts/system-packages.sh)")
    with gunicorn(tmp_path / "gunicorn.log") as url:
        upstream = url.removeprefix("http://")
        gport = int(upstream.rsplit(":", 1)[1])
        # straight to gunicorn: idle connections keep the one worker busy
        held = _half_requests(gport, 3)
        try:
            assert not _answered_within(url + "/healthz", 3.0)
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.5)
        assert _answered_within(url + "/healthz", 10.0)
        # through the proxy
        nport = free_port()
        config = _nginx_config(tmp_path, upstream, nport)
        check = subprocess.run([nginx, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        subprocess.run([nginx, "-c", str(config)], check=True, timeout=30)
        try:
            held = _half_requests(nport, 10)
            started = time.monotonic()
            try:
                assert _answered_within(f"http://127.0.0.1:{nport}/healthz", 3.0)
            finally:
                for sock in held:
                    sock.close()
            print(f"\n[figure] through the proxy, with 10 idle clients: answered in {time.monotonic() - started:.2f} s")
        finally:
            subprocess.run([nginx, "-c", str(config), "-s", "quit"], timeout=30)
