"""Fixtures for the meaning check: the real model, as `scripts/setup.sh` installs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import shared_model_dir

MODEL_DIR = shared_model_dir()


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from tap_assistant.semantic.model_files import inspect_model

    path = Path(MODEL_DIR)
    files = inspect_model(path)
    if not files.complete:
        pytest.fail(f"the sentence model is not installed ({files.problem}); run scripts/setup.sh")
    return path


@pytest.fixture(scope="session")
def encoder(model_dir: Path):
    from tap_assistant.semantic.encoder import SentenceEncoder

    return SentenceEncoder(model_dir)


@pytest.fixture(scope="session")
def semantic_checker(encoder):
    from tap_assistant.semantic.checker import SemanticChecker
    from tap_assistant.semantic.concepts import shipped_concepts
    from tap_assistant.semantic.heads import load_heads

    return SemanticChecker(encoder, load_heads(), shipped_concepts())
