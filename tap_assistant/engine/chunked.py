"""One grammar check as a series of small requests: streamed, cancellable, stopped when busy.

`check_in_chunks` sends the chunks of `chunks.split_chunks` (what is on screen first, then
document order) through a `send` function, shifts each chunk's findings to offsets in the
whole text, and hands them to `on_findings` as they arrive. Between requests it asks
`cancelled()`, so a text that changed stops costing engine time after the current request.
The first request that outlasts its bound ends the check: the rest is never sent to an engine
that is still busy, and the timed-out request is not sent again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

from tap_assistant.core.model import Finding, GrammarResult, GrammarStatus
from tap_assistant.engine.chunks import MAX_CHUNK_UTF16, order_chunks, split_chunks
from tap_assistant.engine.client import EngineBusy, GrammarRequestError

FindingsCallback = Callable[[tuple[Finding, ...]], None]


@dataclass
class ChunkedOutcome:
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0  # chunks that got an answer
    total: int = 0
    busy: EngineBusy | None = None
    error: GrammarRequestError | None = None
    cancelled: bool = False

    @property
    def complete(self) -> bool:
        return self.checked == self.total

    def to_result(self) -> GrammarResult:
        """Checked when every chunk was; otherwise unavailable with the reason, keeping the
        findings of the chunks that were checked (they are right; the rest is unknown)."""
        findings = tuple(sorted(self.findings, key=lambda f: (f.start, f.end, f.rule)))
        if self.complete:
            return GrammarResult(GrammarStatus.CHECKED, "", findings)
        if self.cancelled:
            reason = "the text changed, so this check was stopped"
        elif self.busy is not None:
            reason = str(self.busy)
        else:
            reason = str(self.error) if self.error is not None else "the grammar check stopped"
        part = f" (checked {self.checked} of {self.total} parts)" if self.checked else ""
        return GrammarResult(GrammarStatus.UNAVAILABLE, reason + part, findings)


def shift(finding: Finding, offset: int) -> Finding:
    return dataclasses.replace(finding, start=finding.start + offset, end=finding.end + offset)


def check_in_chunks(
    text: str,
    send: Callable[[str], list[Finding]],
    *,
    on_findings: FindingsCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    visible: tuple[int, int] | None = None,
    max_units: int = MAX_CHUNK_UTF16,
) -> ChunkedOutcome:
    """`send(chunk_text)` checks one chunk (offsets relative to it) or raises
    `GrammarRequestError` / `EngineBusy`; never raises itself."""
    chunks = order_chunks(split_chunks(text, max_units), visible)
    outcome = ChunkedOutcome(total=len(chunks))
    for chunk in chunks:
        if cancelled is not None and cancelled():
            outcome.cancelled = True
            break
        try:
            found = send(chunk.text)
        except EngineBusy as error:
            outcome.busy = error
            break
        except GrammarRequestError as error:
            outcome.error = error
            break
        outcome.checked += 1
        shifted = tuple(shift(f, chunk.start) for f in found)
        outcome.findings.extend(shifted)
        if shifted and on_findings is not None:
            on_findings(shifted)
    return outcome
