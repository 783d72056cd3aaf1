"""The grammar client: one bounded POST /v2/check to an engine we started (or IT's server).

language-tool-python 3.4 is used only to validate the server (its constructor asks for the
languages and checks en-US) and by the benchmarks. Checks themselves are one plain POST:

* `LanguageTool.check` retries a request that failed, a timeout included, so a request that
  already took its whole bound would be sent again to an engine that is still busy with it.
  Here every request is sent once, with the caller's bound; going over it raises `EngineBusy`.
* The response keeps LanguageTool's UTF-16 offsets (no shared `Match` offset cache, so checks
  on several threads cannot corrupt each other's spans); `findings.SpanMap` converts them.
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from urllib.parse import urlparse

import requests
from language_tool_python import LanguageTool
from language_tool_python.exceptions import LanguageToolError

from tap_assistant.core.model import Finding
from tap_assistant.engine.findings import RawMatch, SpanMap, build_findings
from tap_assistant.engine.words import AcceptedWords

LANGUAGE = "en-US"
#: The default bound of one request (chunks are small: a warm engine answers in well under a
#: second; this leaves room for a busy two-core laptop).
REQUEST_TIMEOUT_SECONDS = 15.0


class GrammarRequestError(RuntimeError):
    """The engine did not answer a check; the message is safe to show (no draft text)."""


class EngineBusy(GrammarRequestError):
    """The request outlasted its bound, or the engine said it is overloaded (HTTP 503) or gave
    up itself: its check threads may still be working, so the engine does not answer now."""


def normalize_base_url(url: str) -> str:
    """`http://host:8081`, `.../v2`, `.../v2/` -> `http://host:8081/` (what the client joins onto)."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url + "/"


def bypass_proxy_for_loopback() -> None:
    """`requests` honours HTTP(S)_PROXY even for 127.0.0.1; our local engine must never be proxied."""
    for var in ("NO_PROXY", "no_proxy"):
        current = [p.strip() for p in os.environ.get(var, "").split(",") if p.strip()]
        missing = [h for h in ("127.0.0.1", "localhost", "::1") if h not in current]
        if missing:
            os.environ[var] = ",".join(current + missing)


def is_loopback(url: str) -> bool:
    host = urlparse(normalize_base_url(url)).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def http_post(url: str, data: dict[str, str], timeout: float) -> requests.Response:
    """POST, never through a proxy for a loopback address (see `http_get`)."""
    if not is_loopback(url):
        return requests.post(url, data=data, timeout=timeout)
    with requests.Session() as session:
        session.trust_env = False
        return session.post(url, data=data, timeout=timeout)


def http_get(url: str, timeout: float) -> requests.Response:
    """GET that never goes through a proxy for a loopback address (HTTP_PROXY and friends are
    for the district's network; our own engine on 127.0.0.1 must be reached directly)."""
    if not is_loopback(url):
        return requests.get(url, timeout=timeout)
    with requests.Session() as session:
        session.trust_env = False
        return session.get(url, timeout=timeout)


def healthcheck(base_url: str, timeout: float = 2.0) -> bool:
    """True when a LanguageTool server answers `/v2/healthcheck` at `base_url`."""
    try:
        response = http_get(normalize_base_url(base_url) + "v2/healthcheck", timeout=timeout)
    except requests.RequestException:
        return False
    return response.status_code == 200


_probes = itertools.count(1)


def answers_now(base_url: str, timeout: float = 2.0) -> bool:
    """True when the engine answers a tiny check within `timeout` seconds. A health check is
    not enough: LanguageTool answers it while every check thread is stuck on other text."""
    # A new number each time, so LanguageTool's result cache cannot answer for a stuck engine.
    text = f"Probe number {next(_probes)} is here."
    try:
        response = http_post(normalize_base_url(base_url) + "v2/check", {"language": LANGUAGE, "text": text}, timeout)
    except requests.RequestException:
        return False
    return response.status_code == 200


def engine_languages(base_url: str, timeout: float = 5.0) -> set[str]:
    response = http_get(normalize_base_url(base_url) + "v2/languages", timeout=timeout)
    response.raise_for_status()
    return {entry.get("longCode", "") for entry in response.json()}


class GrammarClient:
    """Checks text on one engine URL and turns the matches into findings."""

    def __init__(
        self,
        base_url: str,
        accepted: AcceptedWords,
        disabled_rules: list[str] | tuple[str, ...] = (),
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        if is_loopback(self.base_url):
            bypass_proxy_for_loopback()
        self.accepted = accepted
        self.disabled_rules = frozenset(r.strip() for r in disabled_rules if r.strip())
        try:
            # The constructor asks the server for its languages once (validates en-US).
            self._tool = LanguageTool(LANGUAGE, remote_server=self.base_url)
        except (LanguageToolError, ValueError, OSError) as error:
            raise GrammarRequestError(f"the engine at {self.base_url} did not answer ({_short(error)})") from error
        self._tool._TIMEOUT = REQUEST_TIMEOUT_SECONDS  # type: ignore[misc]  # default 300 s is too long for a desktop
        self._tool.disabled_rules = set(self.disabled_rules)

    def check(self, text: str, timeout: float = REQUEST_TIMEOUT_SECONDS) -> list[Finding]:
        """One request, sent once, bounded by `timeout` seconds; raises `EngineBusy` when the
        engine did not answer in time and `GrammarRequestError` for any other failure."""
        if not text.strip():
            return []
        data = {"language": LANGUAGE, "text": text}
        if self.disabled_rules:
            data["disabledRules"] = ",".join(sorted(self.disabled_rules))
        try:
            response = http_post(self.base_url + "v2/check", data, timeout)
        except requests.Timeout as error:
            raise EngineBusy(f"the grammar engine did not answer within {timeout:.0f} s") from error
        except requests.RequestException as error:
            raise GrammarRequestError(f"the grammar check failed ({_short(error)})") from error
        if response.status_code == 503:
            raise EngineBusy("the grammar engine is overloaded (HTTP 503)")
        if response.status_code == 500 and "took longer" in response.text:
            raise EngineBusy("the grammar engine gave up on a slow check")
        if response.status_code != 200:
            # The body is not shown: LanguageTool's error messages can quote the text.
            raise GrammarRequestError(f"the grammar check failed (HTTP {response.status_code})")
        try:
            matches = response.json()["matches"]
            raw = [_raw_match(m) for m in matches]
        except (ValueError, KeyError, TypeError) as error:
            raise GrammarRequestError(f"the grammar engine sent an unexpected answer ({type(error).__name__})") from error
        return build_findings(text, raw, self.accepted, self.disabled_rules)

    def matches_to_findings(self, text: str, matches: list) -> list[Finding]:
        """language-tool-python `Match` objects of `text` -> findings (the benchmarks use it to
        time client-side work; their offsets come from a cache shared by all `Match` objects)."""
        spans = SpanMap(text)
        raw = [
            RawMatch(
                rule_id=m.rule_id,
                category=m.category,
                issue_type=m.rule_issue_type,
                message=m.message,
                # Match.offset is already in code points; go back to UTF-16 so offset and
                # length are in the same unit.
                offset_utf16=spans.to_utf16(m.offset),
                length_utf16=m.error_length,
                replacements=tuple(m.replacements),
            )
            for m in matches
        ]
        return build_findings(text, raw, self.accepted, self.disabled_rules)

    def close(self) -> None:
        """Remote mode: nothing to stop; just drop the reference."""
        self._tool = None  # type: ignore[assignment]


def _raw_match(match: dict) -> RawMatch:
    rule = match["rule"]
    return RawMatch(
        rule_id=rule["id"],
        category=(rule.get("category") or {}).get("id", ""),
        issue_type=rule.get("issueType", ""),
        # language-tool-python normalised messages this way; findings keep doing so.
        message=unicodedata.normalize("NFKC", match.get("message", "")),
        offset_utf16=int(match["offset"]),
        length_utf16=int(match["length"]),
        replacements=tuple(r["value"] for r in match.get("replacements", []) if "value" in r),
    )


def _short(error: BaseException) -> str:
    """A one-line reason without the request body (which could echo draft text)."""
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "Error:" in message and len(message) > 200:
        message = message[:200] + "..."
    return f"{type(error).__name__}: {message}"[:300]
