"""The grammar client: language-tool-python pointed at an engine we started (or IT's server).

language-tool-python 3.4 is used only in `remote_server=` mode, so it never starts Java itself.
Two of its traits are handled here:

* `Match` converts LanguageTool's UTF-16 offsets to code points through a class-level cache
  shared by every instance, so concurrent checks can corrupt each other's offsets. All checks in
  this process therefore go through one lock (`_MATCH_LOCK`); the engine itself is concurrent,
  but one desktop user never needs parallel grammar checks.
* `Match.offset` is converted but `Match.error_length` is not; `SpanMap` rebuilds the end so
  spans are exact code-point offsets even after emoji.
"""

from __future__ import annotations

import os
import threading
from urllib.parse import urlparse

import requests
from language_tool_python import LanguageTool
from language_tool_python.exceptions import LanguageToolError

from tap_assistant.core.model import Finding
from tap_assistant.engine.findings import RawMatch, SpanMap, build_findings
from tap_assistant.engine.words import AcceptedWords

LANGUAGE = "en-US"
#: How long one check may take before the client gives up (the server stops at 30 s itself).
REQUEST_TIMEOUT_SECONDS = 60

_MATCH_LOCK = threading.Lock()


class GrammarRequestError(RuntimeError):
    """The engine did not answer a check; the message is safe to show (no draft text)."""


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

    def check(self, text: str) -> list[Finding]:
        if not text.strip():
            return []
        try:
            with _MATCH_LOCK:
                matches = self._tool.check(text)
                return self.matches_to_findings(text, matches)
        except (LanguageToolError, OSError, ValueError, KeyError, TypeError) as error:
            raise GrammarRequestError(f"the grammar check failed ({_short(error)})") from error

    def matches_to_findings(self, text: str, matches: list) -> list[Finding]:
        """language-tool-python `Match` objects of `text` -> findings (call under `_MATCH_LOCK`
        when the matches were just built, since their offsets come from the shared cache)."""
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


def _short(error: BaseException) -> str:
    """A one-line reason without the request body (which could echo draft text)."""
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "Error:" in message and len(message) > 200:
        message = message[:200] + "..."
    return f"{type(error).__name__}: {message}"[:300]
