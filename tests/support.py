"""Helpers shared by more than one test folder."""

from __future__ import annotations

import os


def shared_engine_dir() -> str:
    """The engine the developer or CI installed, found before a test isolates the XDG dirs."""
    from_env = os.environ.get("TAP_ASSISTANT_ENGINE_DIR", "").strip()
    if from_env:
        return from_env
    try:
        from tap_assistant.engine.paths import user_engine_dir
    except ImportError:
        return ""
    return str(user_engine_dir())


def shared_model_dir() -> str:
    """The meaning check's model as setup installed it, found before a test isolates the XDG dirs."""
    from_env = os.environ.get("TAP_ASSISTANT_MODEL_DIR", "").strip()
    if from_env:
        return from_env
    try:
        from tap_assistant.semantic.model_files import user_model_dir
    except ImportError:
        return ""
    return str(user_model_dir())
