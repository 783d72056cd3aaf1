"""A proxy in the environment (HTTP_PROXY) never stands between the app and its local engine."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest

from tests.unit.engine.local_server import serving

from tap_assistant.engine.client import healthcheck


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200 if self.path == "/v2/healthcheck" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def engine_url():
    with serving(_Health) as url:
        yield url + "/"


def test_healthcheck_of_a_loopback_engine_ignores_proxy_variables(engine_url, monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://proxy.invalid:3128")  # unreachable: a proxied request fails
    assert healthcheck(engine_url, timeout=5)
