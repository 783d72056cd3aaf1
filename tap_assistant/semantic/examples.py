"""Running the concept catalogue's examples against the shipped heads (`rules validate`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience
from tap_assistant.semantic.checker import SemanticChecker
from tap_assistant.semantic.concepts import Concept


@dataclass(frozen=True)
class ConceptExampleFailure:
    concept: str
    kind: str  # "bad" (should be found) or "good" (should pass)
    text: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        expectation = "is not found" if self.kind == "bad" else f"is flagged as {', '.join(self.found)}"
        return f"meaning concept {self.concept}: {self.kind} example {self.text!r} {expectation}"


def run_concept_examples(
    checker: SemanticChecker, concepts: Sequence[Concept]
) -> tuple[int, list[ConceptExampleFailure]]:
    """Each bad example must raise its own concept; each good example must raise none."""
    count = 0
    failures: list[ConceptExampleFailure] = []
    for concept in concepts:
        audience = next((a for a in Audience if concept.severity_for(a) is not None), Audience.STUDENT)
        for kind, examples in (("bad", concept.bad), ("good", concept.good)):
            for text in examples:
                count += 1
                found = tuple(sorted({f.rule for f in checker.find(Document(text), audience)}))
                wrong = concept.rule_id not in found if kind == "bad" else bool(found)
                if wrong:
                    failures.append(ConceptExampleFailure(concept.id, kind, text, found))
    return count, failures
