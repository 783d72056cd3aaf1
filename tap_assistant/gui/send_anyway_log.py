"""The optional local send-anyway log (`send_anyway_log = true`): when, verdict, rule ids, reason.

Off by default: reasons then live only in memory for the session. The draft is never written.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs

from tap_assistant import APP_NAME


def log_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "send-anyway.jsonl"


def append_record(record: object) -> Path:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "when": record.when.isoformat(timespec="seconds"),  # type: ignore[attr-defined]
        "verdict": record.verdict.value,  # type: ignore[attr-defined]
        "rules": list(record.rules),  # type: ignore[attr-defined]
        "reason": record.reason,  # type: ignore[attr-defined]
    }
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return path
