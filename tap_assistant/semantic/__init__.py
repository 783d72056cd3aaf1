"""The meaning check: a local sentence encoder and concept heads trained on the project's corpus.

`core` never imports this package: a caller that wants meaning findings adds them to a rule
checker with `attach_semantic(checker, settings)` (or builds one with `load_semantic_checker`).
numpy, tokenizers and the model files load only then. Missing or broken pieces give a status of
`unavailable` with the reason, never an exception: the rule check goes on without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tap_assistant.core.config import Settings
from tap_assistant.core.model import SemanticResult, SemanticStatus

if TYPE_CHECKING:
    from tap_assistant.core.checker import TapChecker
    from tap_assistant.semantic.checker import SemanticChecker

LOADING = SemanticResult(SemanticStatus.UNAVAILABLE, "the meaning model is still loading")


def attach_semantic(checker: "TapChecker", settings: Settings, warm: bool = False) -> "TapChecker":
    """`checker` with the meaning check these settings ask for (or its status when it cannot run)."""
    meaning, status = load_semantic_checker(settings)
    if meaning is not None and warm:
        meaning.warm_up()
    return checker.with_meaning(meaning, status)


def load_semantic_checker(settings: Settings) -> tuple["SemanticChecker | None", SemanticResult]:
    """The meaning checker for these settings, or None and why it cannot run."""
    if not settings.semantic_enabled:
        return None, SemanticResult(SemanticStatus.DISABLED, "the meaning check is turned off in the settings")
    try:
        import numpy  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as error:
        return None, SemanticResult(SemanticStatus.UNAVAILABLE, f"a package it needs is missing ({error.name})")
    from tap_assistant.semantic.checker import SemanticChecker
    from tap_assistant.semantic.concepts import shipped_concepts
    from tap_assistant.semantic.encoder import SentenceEncoder
    from tap_assistant.semantic.heads import load_heads
    from tap_assistant.semantic.model_files import find_model_dir, inspect_model

    choice = find_model_dir()
    files = inspect_model(choice.path, verify=True)
    if not files.complete:
        return None, SemanticResult(SemanticStatus.UNAVAILABLE, f"model in {choice.path}: {files.problem}")
    try:
        encoder = SentenceEncoder(choice.path)
        heads = load_heads()
        concepts = shipped_concepts()
        checker = SemanticChecker(
            encoder,
            heads,
            concepts,
            sensitivity=settings.semantic_sensitivity,
            disabled=settings.semantic_disabled_concepts,
        )
    except Exception as error:  # noqa: BLE001 - tokenizers reports a bad file as a plain Exception
        return None, SemanticResult(SemanticStatus.UNAVAILABLE, f"the meaning model could not load ({error})")
    return checker, SemanticResult(SemanticStatus.CHECKED, f"{len(checker.active)} concepts, {choice.source} model")
