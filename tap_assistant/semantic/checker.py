"""The meaning check: a draft's sentences scored by the concept heads, as findings.

Every sentence (or line) is encoded once. Its score is checked alone, and the token sums of
neighbouring sentences are added up to score each pair, and for a short message the whole of
it, without running the encoder again (see `SentenceEncoder.token_sums`); the n-gram counts the
wording reader sees add up the same way. Training embeds corpus items the same way
(`training.embed_items`), so what the heads learned and what they see agree.

Quoted earlier messages are not the writer's words: only the disclosure concepts (a student's or
a colleague's private matters) still read them, since a forwarded chain discloses what it holds.
The same goes for someone else's words the writer reports in a sentence of their own ("his mom
said ...", "two students told me that ..."): for every other concept, the sentence is read from
the writer's own words around them (`core.reported_speech.find_reported_clause_spans`), except
to a student reader.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from tap_assistant.core.document import Document
from tap_assistant.core.model import Audience, Finding, Severity, Source
from tap_assistant.core.reported_speech import find_reported_clause_spans
from tap_assistant.core.sharing_consent import states_consent_to_share
from tap_assistant.semantic.concepts import Concept
from tap_assistant.semantic.encoder import SentenceEncoder, features
from tap_assistant.semantic.heads import BOTH, SENSITIVITIES, ConceptHeads, fires
from tap_assistant.semantic.ngrams import combine, sentence_bag
from tap_assistant.semantic.plain_words import plain_words
from tap_assistant.semantic.segments import MIN_WORDS, Unit, quiet_signature_units, split_units, word_count

#: Concepts that read quoted text too: what a forwarded chain discloses still counts.
QUOTED_CONCEPTS = frozenset({"student_disclosure", "personnel"})
#: A message of at most this many units is also scored as a whole.
WHOLE_MAX_UNITS = 12
#: At most this many findings per concept in one draft (the best, not overlapping).
MAX_FINDINGS_PER_CONCEPT = 2
#: A keyword rule's finding (`confirm_by_meaning`) becomes a note when every concept reads below this
#: share of its threshold near it. Chosen on the studied sets (docs/meaning-check-history.md, release 17).
QUIET_REACH = 0.5
_CACHE_SIZE = 2048


@dataclass(frozen=True)
class Candidate:
    """A run of units scored together: one sentence, a pair, or the whole message."""

    first: int
    last: int  # inclusive
    quoted: bool


class _SumCache:
    """Token sums of recently checked sentences, in memory only (re-checks after a fix are quick)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        with self._lock:
            found = []
            for text in texts:
                vector = self._items.get(text)
                if vector is not None:
                    self._items.move_to_end(text)
                found.append(vector)
            return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors):
                self._items[text] = vector
                self._items.move_to_end(text)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


class SemanticChecker:
    """Scores drafts with the shipped heads. Thread-safe; build one and keep it."""

    def __init__(
        self,
        encoder: SentenceEncoder,
        heads: ConceptHeads,
        concepts: Sequence[Concept],
        sensitivity: str = "standard",
        disabled: Sequence[str] = (),
    ) -> None:
        if sensitivity not in SENSITIVITIES:
            raise ValueError(f"sensitivity must be one of {', '.join(SENSITIVITIES)}")
        self.encoder = encoder
        self.heads = heads
        by_id = {concept.id: concept for concept in concepts}
        disabled_ids = set(disabled)
        #: (column in the heads, concept) for every concept that has a head and is switched on.
        self.active = [
            (column, by_id[concept_id])
            for column, concept_id in enumerate(heads.concept_ids)
            if concept_id in by_id and concept_id not in disabled_ids
        ]
        self.thresholds = heads.thresholds[sensitivity]
        self._cache = _SumCache(_CACHE_SIZE)

    def warm_up(self) -> None:
        """Run the encoder once so the first real check does not pay for BLAS and tokenizer start-up."""
        self.encoder.token_sums(["Warm-up: see you at practice at 3:30 in the gym."])

    def unit_sums(self, texts: Sequence[str]) -> np.ndarray:
        cached = self._cache.get_many(texts)
        missing = [i for i, vector in enumerate(cached) if vector is None]
        if missing:
            fresh = self.encoder.token_sums([texts[i] for i in missing])
            self._cache.put_many([texts[i] for i in missing], fresh)
            for row, index in enumerate(missing):
                cached[index] = fresh[row]
        return np.stack(cached) if cached else np.zeros((0, 2 * self.encoder.shape.hidden), np.float32)

    def find(self, document: Document, audience: Audience) -> list[Finding]:
        units = split_units(document.text)
        if not units or not self.active:
            return []
        quoted = [document.is_quoted(unit.start) for unit in units]
        readers_own = [document.is_readers_own(unit.start) for unit in units]
        quiet = quiet_signature_units(document.signature_start, units)
        candidates = candidate_runs([unit.words for unit in units], quoted, quiet)
        if not candidates:
            return []
        reported = reported_words(units, quoted) if audience is not Audience.STUDENT else {}
        vectors, scores = self._scored(units, candidates, reported)
        findings: list[Finding] = []
        for column, concept in self.active:
            severity = concept.severity_for(audience)
            if severity is None:
                continue
            if concept.eased_by_consent and states_consent_to_share(document):
                severity = Severity.INFO
            findings.extend(
                self._concept_findings(
                    document.text, units, readers_own, candidates, vectors, scores, column, concept, severity, audience
                )
            )
        return findings

    def _scored(
        self, units: list[Unit], candidates: list[Candidate], reported: dict[int, list[tuple[int, int]]] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each candidate's vector and its scores (candidate, view, concept): the encoder runs once
        per sentence (cached), a pair or a whole message adds up its sentences' sums and n-grams.
        Where a sentence reports someone else's words (`reported`), every concept but the
        disclosures reads the candidates that hold it from the writer's own words only."""
        read = [plain_words(unit.text) for unit in units]
        sums = self.unit_sums(read)
        cumulative = np.vstack([np.zeros((1, sums.shape[1]), np.float32), np.cumsum(sums, axis=0)])
        vectors = features(np.stack([cumulative[c.last + 1] - cumulative[c.first] for c in candidates]))
        bags = [sentence_bag(text) for text in read]
        scores = self.heads.scores(vectors, [combine(bags[c.first : c.last + 1]) for c in candidates])
        own = self._own_words(units, read, reported or {})
        if own:
            self._rescore_own_words(candidates, sums, bags, own, scores)
        return vectors, scores

    def _own_words(
        self, units: list[Unit], read: list[str], reported: dict[int, list[tuple[int, int]]]
    ) -> dict[int, tuple[np.ndarray, str]]:
        """Per sentence that reports someone else's words: the token sum and the read text of the
        writer's own words around them (the same encoder pass, `SentenceEncoder.piece_sums`)."""
        pieces_of: dict[int, tuple[list[str], list[bool]]] = {}
        for index, spans in reported.items():
            text = units[index].text
            bounds = sorted({0, len(text), *(b for span in spans for b in span if 0 < b < len(text))})
            pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
            theirs = [any(s <= a and b <= e for s, e in spans) for a, b in zip(bounds, bounds[1:])]
            read_pieces = [plain_words(piece) for piece in pieces]
            if "".join(read_pieces) == read[index]:  # written out the same piece by piece: the cuts carry over
                pieces_of[index] = (read_pieces, theirs)
        if not pieces_of:
            return {}
        order = list(pieces_of)
        _, rows = self.encoder.piece_sums(
            [read[i] for i in order], [_offsets(pieces_of[i][0]) for i in order]
        )
        own: dict[int, tuple[np.ndarray, str]] = {}
        for index, piece_rows in zip(order, rows):
            read_pieces, theirs = pieces_of[index]
            keep = [k for k, reported_piece in enumerate(theirs) if not reported_piece]
            own[index] = (piece_rows[keep].sum(axis=0), "".join(read_pieces[k] for k in keep))
        return own

    def _rescore_own_words(
        self,
        candidates: list[Candidate],
        sums: np.ndarray,
        bags: list,
        own: dict[int, tuple[np.ndarray, str]],
        scores: np.ndarray,
    ) -> None:
        """Scores again, in place, every candidate that holds a sentence in `own`, from that
        sentence's own words; only the columns of the concepts that do not read quoted words."""
        own_sums = sums.copy()
        own_bags = list(bags)
        for index, (vector, text) in own.items():
            own_sums[index] = vector
            own_bags[index] = sentence_bag(text)
        touched = [i for i, c in enumerate(candidates) if any(c.first <= index <= c.last for index in own)]
        raw = np.stack([own_sums[candidates[i].first : candidates[i].last + 1].sum(axis=0) for i in touched])
        own_scores = self.heads.scores(
            features(raw), [combine(own_bags[candidates[i].first : candidates[i].last + 1]) for i in touched]
        )
        for row, i in enumerate(touched):
            c = candidates[i]
            if c.first == c.last and word_count(own[c.first][1]) < MIN_WORDS:
                own_scores[row] = 0.0  # nothing of the writer's own to read
        columns = [k for k, concept_id in enumerate(self.heads.concept_ids) if concept_id not in QUOTED_CONCEPTS]
        scores[np.ix_(touched, range(scores.shape[1]), columns)] = own_scores[:, :, columns]

    def quiet_near(self, document: Document, offsets: Sequence[int]) -> list[bool]:
        """For each offset: is every active concept's best reading (score over that view's
        threshold) below QUIET_REACH in the sentence that holds it and in each pair of sentences
        that ends or starts there? Short sentences and signature lines are read here too, so every
        offset has a reading."""
        units = split_units(document.text)
        if not units or not self.active:
            return [False] * len(offsets)
        quoted = [document.is_quoted(unit.start) for unit in units]
        candidates = candidate_runs([MIN_WORDS] * len(units), quoted)
        _, scores = self._scored(units, candidates)
        columns = [column for column, _ in self.active]
        thresholds = self.thresholds[:, columns]
        reach = np.where(thresholds < 1.0, scores[:, :, columns] / thresholds, 0.0).max(axis=(1, 2))
        starts = [unit.start for unit in units]
        quiet = []
        for offset in offsets:
            held = max(bisect.bisect_right(starts, offset) - 1, 0)
            near = [i for i, c in enumerate(candidates) if held in (c.first, c.last)]
            quiet.append(bool(near) and float(reach[near].max()) < QUIET_REACH)
        return quiet

    def _concept_findings(
        self,
        text: str,
        units: list[Unit],
        readers_own: list[bool],
        candidates: list[Candidate],
        vectors: np.ndarray,
        scores: np.ndarray,
        column: int,
        concept: Concept,
        severity: Severity,
        audience: Audience,
    ) -> list[Finding]:
        thresholds = self.thresholds[:, column]
        # How far each candidate gets towards firing: its best view's score over that view's threshold.
        reach = np.where(thresholds < 1.0, scores[:, :, column] / thresholds, 0.0).max(axis=1)
        fired = fires(scores[:, :, column], thresholds)
        ranked = sorted(np.flatnonzero(fired), key=lambda i: (-float(reach[i]), candidates[i].last - candidates[i].first))
        single_reach = {c.first: float(reach[i]) for i, c in enumerate(candidates) if c.first == c.last}
        taken: list[tuple[int, int]] = []
        findings = []
        for index in ranked:
            candidate = candidates[index]
            if candidate.quoted and (concept.id not in QUOTED_CONCEPTS or readers_own[candidate.first]):
                continue  # quoted text is read for disclosures only, and never the reader's own words
            first, last = _narrow(candidate, single_reach)
            if any(first <= t_last and t_first <= last for t_first, t_last in taken):
                continue
            score = float(scores[index, BOTH, column])
            sure = score >= float(self.heads.sure[column])
            if not sure and audience in concept.sure_only_for:
                continue  # a reader who may have a right to it: only a sure reading is shown
            taken.append((first, last))
            start, end = units[first].start, units[last].end
            shown = severity
            if not sure and severity.rank > Severity.CAUTION.rank:
                shown = Severity.CAUTION
            findings.append(
                Finding(
                    rule=concept.rule_id,
                    pillar=concept.pillar,
                    severity=shown,
                    start=start,
                    end=end,
                    text=text[start:end],
                    message=concept.message,
                    why=concept.why,
                    source=Source.SEMANTIC,
                    headline=concept.headline,
                    clause=", ".join(concept.clauses),
                    tips=concept.tips,
                    title=concept.title,
                    score=score,
                    example=self.heads.nearest_example(vectors[index], column),
                    also_pillars=concept.also_pillars,
                )
            )
            if len(findings) >= MAX_FINDINGS_PER_CONCEPT:
                break
        return findings


def candidate_runs(
    words: Sequence[int], quoted: Sequence[bool], quiet: Sequence[bool] | None = None
) -> list[Candidate]:
    """What is scored, given each unit's word count, whether it is quoted and whether it is a
    quiet signature line (`segments.quiet_signature_units`): each sentence long enough to read
    alone and not quiet, each pair of neighbours (both quoted or both not, not both quiet), and a
    short message's own units as a whole. Training scores corpus items with the same rule."""
    quiet = quiet or [False] * len(words)
    candidates = [
        Candidate(i, i, quoted[i]) for i, count in enumerate(words) if count >= MIN_WORDS and not quiet[i]
    ]
    for i in range(len(words) - 1):
        if quoted[i] == quoted[i + 1] and not (quiet[i] and quiet[i + 1]):
            candidates.append(Candidate(i, i + 1, quoted[i]))
    own = [i for i in range(len(words)) if not quoted[i]]
    if 2 < len(own) <= WHOLE_MAX_UNITS and own[-1] - own[0] + 1 == len(own):
        candidates.append(Candidate(own[0], own[-1], False))
    return candidates


def reported_words(units: Sequence[Unit], quoted: Sequence[bool]) -> dict[int, list[tuple[int, int]]]:
    """Per sentence of the writer's own that reports someone else's words: where those words are,
    as offsets into the sentence (`core.reported_speech.find_reported_clause_spans`)."""
    found = {}
    for index, unit in enumerate(units):
        if not quoted[index]:
            spans = find_reported_clause_spans(unit.text)
            if spans:
                found[index] = spans
    return found


def _offsets(pieces: Sequence[str]) -> list[int]:
    """Where each piece after the first begins in the pieces joined."""
    offsets, position = [], 0
    for piece in pieces[:-1]:
        position += len(piece)
        offsets.append(position)
    return offsets


def _narrow(candidate: Candidate, single_reach: dict[int, float]) -> tuple[int, int]:
    """The sentence to highlight for a pair or a whole message: its best single, if it gets at
    least halfway to firing on its own."""
    if candidate.first == candidate.last:
        return candidate.first, candidate.last
    inside = [(reach, i) for i, reach in single_reach.items() if candidate.first <= i <= candidate.last]
    if inside:
        best_reach, best = max(inside)
        if best_reach >= 0.5:
            return best, best
    return candidate.first, candidate.last
