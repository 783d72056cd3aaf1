"""A check as a series of chunk requests: offsets in the whole text, streaming, cancel, and the
first request over its bound ending the check (nothing is sent again). No Java here: a stub
LanguageTool that answers in UTF-16 offsets, as the real one does (see test_client.py)."""

from __future__ import annotations

import io
import re
import time
from typing import Iterator

import pytest

from tap_assistant.core.model import Finding, GrammarStatus, Pillar, Severity, Source
from tap_assistant.engine.chunked import check_in_chunks
from tap_assistant.engine.client import EngineBusy, GrammarClient, GrammarRequestError
from tap_assistant.engine.words import AcceptedWords
from tests.unit.engine.local_server import serving
from tests.unit.engine.test_client import StubLanguageTool


class SlowStub(StubLanguageTool):
    """Like the stub, but a text containing "SLOW" takes longer than any client bound here."""

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        if b"SLOW" in body:
            time.sleep(3)
        self.rfile = io.BytesIO(body)  # let the stub read the body again
        super().do_POST()


@pytest.fixture
def stub_url() -> Iterator[str]:
    StubLanguageTool.requests_seen = []
    with serving(SlowStub) as url:
        yield url


def teh_finding(start: int) -> Finding:
    return Finding(
        rule="R", pillar=Pillar.PROFESSIONAL, severity=Severity.CAUTION, start=start, end=start + 3,
        text="Teh", message="m", why="w", source=Source.GRAMMAR,
    )


def fake_send(chunk: str) -> list[Finding]:
    return [teh_finding(m.start()) for m in re.finditer("Teh", chunk)]


def test_offsets_map_to_the_whole_text_after_emoji_and_astral_characters(stub_url: str) -> None:
    """Through the real client (UTF-16 offsets from the server), many small chunks, emoji,
    ZWJ sequences, flags and mathematical letters before every finding."""
    client = GrammarClient(stub_url, AcceptedWords([]))
    paragraphs = [
        "😀😀 Teh start of a note. 👩‍👩‍👧 middle Teh.",
        "𝒜𝒝 Second paragraph 🇺🇸 with Teh again, and 👍🏽 more.",
        "Plain paragraph, Teh.",
        "🎉" * 40 + " Teh after many emoji.",
    ]
    text = "\r\n\r\n".join(paragraphs * 6)
    seen: list[tuple[Finding, ...]] = []
    outcome = check_in_chunks(text, lambda chunk: client.check(chunk), on_findings=seen.append, max_units=120)
    assert outcome.complete and outcome.total > 10
    expected = [m.start() for m in re.finditer("Teh", text)]
    result = outcome.to_result()
    assert result.status is GrammarStatus.CHECKED
    assert [f.start for f in result.findings] == expected
    assert all(text[f.start:f.end] == f.text == "Teh" for f in result.findings)
    # streamed in document order, chunk by chunk, and together the same as the result
    streamed = [f for batch in seen for f in batch]
    assert [f.start for f in streamed] == expected and len(seen) > 1
    # every request stayed under the cap, counted in UTF-16 units
    sent = [p["text"][0] for p in StubLanguageTool.requests_seen]
    assert len(sent) == outcome.total and all(len(t.encode("utf-16-le")) // 2 <= 120 for t in sent)


def test_on_screen_part_is_checked_first(stub_url: str) -> None:
    text = "\n\n".join(f"Paragraph {n} says Teh." for n in range(30))
    middle = text.index("Paragraph 20")
    order: list[int] = []
    outcome = check_in_chunks(
        text, fake_send, on_findings=lambda batch: order.extend(f.start for f in batch),
        visible=(middle, middle + 10), max_units=60,
    )
    assert outcome.complete
    assert order[0] == text.index("Teh", middle)
    assert sorted(order) == [m.start() for m in re.finditer("Teh", text)]


def test_request_over_its_bound_ends_the_check_and_is_not_sent_again(stub_url: str) -> None:
    client = GrammarClient(stub_url, AcceptedWords([]))
    text = "First Teh paragraph.\n\nSecond SLOW paragraph.\n\nThird Teh paragraph."
    sent: list[str] = []

    def send(chunk: str) -> list[Finding]:
        sent.append(chunk)
        return client.check(chunk, timeout=0.5)

    outcome = check_in_chunks(text, send, max_units=25)
    assert isinstance(outcome.busy, EngineBusy)
    assert len(sent) == 2 and "SLOW" in sent[-1]  # stopped there; the timed-out chunk not resent
    assert len(StubLanguageTool.requests_seen) <= 2  # ...nor by the client itself
    result = outcome.to_result()
    assert result.status is GrammarStatus.UNAVAILABLE
    assert "did not answer" in result.detail and "1 of 3" in result.detail
    assert [text[f.start:f.end] for f in result.findings] == ["Teh"]  # the checked part is kept


def test_cancel_stops_before_the_next_request() -> None:
    text = "\n\n".join(f"Paragraph {n} Teh." for n in range(10))
    sent: list[str] = []

    def send(chunk: str) -> list[Finding]:
        sent.append(chunk)
        return fake_send(chunk)

    outcome = check_in_chunks(text, send, cancelled=lambda: len(sent) >= 2, max_units=20)
    assert len(sent) == 2 and outcome.cancelled and not outcome.complete
    assert "text changed" in outcome.to_result().detail


def test_other_errors_stop_the_check_with_the_reason() -> None:
    def send(chunk: str) -> list[Finding]:
        raise GrammarRequestError("the grammar check failed (HTTP 400)")

    outcome = check_in_chunks("Some text.", send)
    result = outcome.to_result()
    assert result.status is GrammarStatus.UNAVAILABLE and "HTTP 400" in result.detail
    assert check_in_chunks("   ", send).to_result().status is GrammarStatus.CHECKED
