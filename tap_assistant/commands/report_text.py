"""Plain-text rendering of a report for the terminal (ANSI colour only on a terminal)."""

from __future__ import annotations

from tap_assistant.core.model import Finding, Pillar, Report, Severity, Verdict

_COLOURS = {"pass": "32", "caution": "33", "stop": "31", "info": "36", "mark": "1;4"}
_EXCERPT_WIDTH = 36


def _paint(text: str, key: str, colour: bool) -> str:
    return f"\x1b[{_COLOURS[key]}m{text}\x1b[0m" if colour else text


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _excerpt(report: Report, finding: Finding, colour: bool) -> str:
    text = report.text
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line_end = len(text) if line_end == -1 else line_end
    before_start = max(line_start, finding.start - _EXCERPT_WIDTH)
    after_end = min(line_end, finding.end + _EXCERPT_WIDTH)
    before = _printable(text[before_start : finding.start])
    marked = _printable(text[finding.start : finding.end])
    after = _printable(text[finding.end : after_end])
    lead = "…" if before_start > line_start else ""
    tail = "…" if after_end < line_end else ""
    if colour:
        return f"{lead}{before}{_paint(marked, 'mark', True)}{after}{tail}"
    return f"{lead}{before}[[{marked}]]{after}{tail}"


def render_report(report: Report, colour: bool = False) -> str:
    lines: list[str] = []
    verdict = report.verdict
    lines.append(f"Verdict: {_paint(verdict.value.upper(), verdict.value, colour)}  ({report.audience.value})")
    lines.append(f"Audience: {report.audience.value} ({report.audience_reason or report.audience_source})")
    lines.append(f"Headline: {report.headline}")
    scorecard = "  ".join(
        f"{pillar.value.capitalize()}: {_paint(report.pillar_verdict(pillar).value, report.pillar_verdict(pillar).value, colour)}"
        for pillar in Pillar
    )
    lines.append(scorecard)
    grammar = report.grammar
    detail = f" ({grammar.detail})" if grammar.detail else ""
    lines.append(f"Grammar: {grammar.status.value}{detail}")
    semantic = report.semantic
    lines.append(f"Meaning check: {semantic.status.value}" + (f" ({semantic.detail})" if semantic.detail else ""))
    for notice in report.notices:
        lines.append(f"Notice: {notice.message}")
    if not report.findings:
        lines.append("No findings.")
    for finding in report.findings:
        line, column = _line_and_column(report.text, finding.start)
        severity_key = finding.severity.value
        lines.append("")
        lines.append(
            f"{line}:{column}  {_paint(finding.severity.value.upper(), severity_key, colour)}"
            f"  {finding.rule}  [{finding.pillar.value}, {finding.source.value}]"
        )
        lines.append(f"    {_excerpt(report, finding, colour)}")
        lines.append(f"    {finding.message}")
        if finding.example:
            lines.append(f"    Reads like: {finding.example!r} (score {finding.score or 0:.2f})")
        if finding.why:
            lines.append(f"    Why: {finding.why}")
        for tip in finding.tips:
            lines.append(f"    Tip: {tip}")
        if finding.suggestions:
            lines.append("    Replace with: " + " | ".join(repr(s) for s in finding.suggestions))
    return "\n".join(lines) + "\n"


__all__ = ["render_report", "Severity", "Verdict"]
