"""The grammar client against a stub LanguageTool HTTP server (no Java): offsets, threads,
disabled rules, district mode. The real engine is exercised in test_real_engine.py."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler
from typing import Iterator
from urllib.parse import parse_qs

import psutil
import pytest

from tests.unit.engine.local_server import serving

from tap_assistant.core.config import Configuration
from tap_assistant.core.model import GrammarStatus
from tap_assistant.engine.client import GrammarClient, normalize_base_url
from tap_assistant.engine.service import EngineState, GrammarEngine
from tap_assistant.engine.words import AcceptedWords


class StubLanguageTool(BaseHTTPRequestHandler):
    """Flags every 'Teh' (spelling) like LanguageTool would, with UTF-16 offsets."""

    requests_seen: list[dict[str, list[str]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: object, status: int = 200) -> None:
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/v2/healthcheck"):
            self._send(b"OK")
        elif self.path.startswith("/v2/languages"):
            self._send([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
        else:
            self._send(b"not found", 404)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers["Content-Length"])
        params = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        StubLanguageTool.requests_seen.append(params)
        text = params["text"][0]
        matches = []
        for found in re.finditer("Teh", text):
            offset = len(text[: found.start()].encode("utf-16-le")) // 2
            matches.append(
                {
                    "message": "Possible spelling mistake found.",
                    "shortMessage": "",
                    "replacements": [{"value": v} for v in ("The", "Ten", "Tea", "Tech", "Ted", "Tel")],
                    "offset": offset,
                    "length": 3,
                    "context": {"text": text[:40], "offset": 0, "length": 3},
                    "sentence": text,
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": "MORFOLOGIK_RULE_EN_US",
                        "description": "spelling",
                        "issueType": "misspelling",
                        "category": {"id": "TYPOS", "name": "Typos"},
                    },
                }
            )
        self._send({"matches": matches})


@pytest.fixture
def stub_url() -> Iterator[str]:
    StubLanguageTool.requests_seen = []
    with serving(StubLanguageTool) as url:
        yield url


def test_normalize_base_url() -> None:
    assert normalize_base_url("http://h:8081") == "http://h:8081/"
    assert normalize_base_url("http://h:8081/v2/") == "http://h:8081/"
    assert normalize_base_url("h:8081/lt/v2") == "http://h:8081/lt/"
    assert normalize_base_url("https://lt.district.org/") == "https://lt.district.org/"


def test_spans_exact_after_astral_characters(stub_url: str) -> None:
    client = GrammarClient(stub_url, AcceptedWords([]))
    text = "😀😀 Teh start. 👩‍👩‍👧 middle Teh. 𝒜𝒝 end Teh"
    findings = client.check(text)
    assert [text[f.start:f.end] for f in findings] == ["Teh"] * 3
    assert [f.start for f in findings] == [m.start() for m in re.finditer("Teh", text)]
    assert all(len(f.suggestions) == 5 for f in findings)


def test_concurrent_checks_keep_their_own_offsets(stub_url: str) -> None:
    """language-tool-python caches offset data per class; our lock keeps threads apart."""
    client = GrammarClient(stub_url, AcceptedWords([]))
    errors: list[str] = []

    def worker(n: int) -> None:
        for i in range(15):
            text = "😀" * ((n + i) % 7) + " x" * n + " Teh" + " 👍" * i + " Teh"
            spans = [(f.start, f.end) for f in client.check(text)]
            expected = [(m.start(), m.end()) for m in re.finditer("Teh", text)]
            if spans != expected:
                errors.append(f"{n}/{i}: {spans} != {expected}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_disabled_rules_sent_with_each_request(stub_url: str) -> None:
    client = GrammarClient(stub_url, AcceptedWords([]), ["EN_A_VS_AN", "UPPERCASE_SENTENCE_START"])
    client.check("Teh cat.")
    params = StubLanguageTool.requests_seen[-1]
    assert set(params["disabledRules"][0].split(",")) == {"EN_A_VS_AN", "UPPERCASE_SENTENCE_START"}
    assert params["language"] == ["en-US"]


def test_accepted_words_filtered(stub_url: str) -> None:
    client = GrammarClient(stub_url, AcceptedWords(["Teh"]))
    assert client.check("Teh cat.") == []


def test_district_url_means_no_local_process(stub_url: str) -> None:
    config = Configuration()
    config.settings.engine_url = stub_url
    states: list[str] = []
    children_before = {p.pid for p in psutil.Process().children(recursive=True)}
    engine = GrammarEngine(config, on_state=lambda s, d: states.append(s.value))
    engine.start()
    try:
        assert engine.state is EngineState.READY and states[-1] == "ready"
        assert engine.pid is None
        assert {p.pid for p in psutil.Process().children(recursive=True)} <= children_before
        result = engine.check("Teh district server.")
        assert result.status is GrammarStatus.CHECKED
        assert [f.rule for f in result.findings] == ["MORFOLOGIK_RULE_EN_US"]
    finally:
        engine.stop()


def test_district_url_not_answering_is_unavailable() -> None:
    config = Configuration()
    config.settings.engine_url = "http://127.0.0.1:9/"  # discard port: nothing listens
    engine = GrammarEngine(config)
    engine.start()
    assert engine.state is EngineState.FAILED
    result = engine.check("Some text.")
    assert result.status is GrammarStatus.UNAVAILABLE
    assert "127.0.0.1:9" in result.detail
    engine.stop()


def test_not_installed_is_unavailable_with_the_fix(tmp_path) -> None:
    engine = GrammarEngine(Configuration(), engine_dir=tmp_path / "nothing", runtime_root=tmp_path / "run")
    engine.start()
    assert engine.state is EngineState.NOT_INSTALLED
    result = engine.check("Some text.")
    assert result.status is GrammarStatus.UNAVAILABLE
    assert "tap-assistant engine install" in result.detail
    engine.stop()
    assert engine.state is EngineState.NOT_INSTALLED
