"""The numpy encoder against sentence-transformers, and its tokenizer and batching."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from tap_assistant.semantic.encoder import MAX_TOKENS, _gelu, features

FIXTURE = Path(__file__).parent / "fixtures" / "reference_embeddings.json"


def test_embeddings_match_sentence_transformers(encoder) -> None:
    # Made once with sentence-transformers and torch in a throwaway venv: fixtures/make_reference.py
    reference = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(reference["sentences"]) >= 20
    ours = encoder.encode(reference["sentences"])
    theirs = np.array(reference["embeddings"], dtype=np.float32)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, dict(zip(reference["sentences"], cosines.round(5)))


def test_batching_and_padding_do_not_change_a_vector(encoder) -> None:
    texts = ["Hi", "Please bring your permission slip to the front office by Friday afternoon.", "ok 👍"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_token_sums_add_up_to_the_pooled_vector_of_both(encoder) -> None:
    sums = encoder.token_sums(["See you at practice.", "Bring water."])
    ids = encoder.token_ids(["See you at practice.", "Bring water."])
    assert sums.shape == (2, 768)
    pooled = features(sums.sum(axis=0, keepdims=True))
    assert abs(np.linalg.norm(pooled) - 1.0) < 1e-5
    # The first half of a single text's sums, mean-pooled, is the model's own embedding.
    own = sums[0, :384] / len(ids[0])
    assert np.allclose(own / np.linalg.norm(own), encoder.encode(["See you at practice."])[0], atol=1e-5)


def test_tokenizer_offsets_stay_inside_the_text_for_hard_input(encoder) -> None:
    texts = ["Café crème 😀 שלום مرحبا 我们", "a\u202eem txet\u202c b", "x" * 3000, " ".join(["word"] * 600)]
    for text, encoding in zip(texts, encoder.tokenizer.encode_batch(texts)):
        assert len(encoding.ids) <= MAX_TOKENS
        real = [(s, e) for s, e in encoding.offsets if e > s]
        assert real, text[:20]
        assert all(0 <= s < e <= len(text) for s, e in real)
        assert [s for s, _ in real] == sorted(s for s, _ in real)
    assert len(encoder.tokenizer.encode(" ".join(["word"] * 600)).ids) == MAX_TOKENS


def test_gelu_matches_the_exact_erf_form() -> None:
    grid = np.linspace(-8, 8, 4001, dtype=np.float32)
    exact = np.array([0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in grid.astype(np.float64)])
    assert np.max(np.abs(_gelu(grid.copy()) - exact)) < 1e-5


def test_sharded_and_chunked_sums_match_one_pass(encoder, monkeypatch) -> None:
    import tap_assistant.semantic.encoder as encoder_module

    # Varied lengths, enough tokens to be dealt into shards and (with a small chunk) into chunks.
    texts = [f"Sentence {i}: " + " ".join(["practice moves to the gym on Friday"] * (1 + i % 7)) for i in range(40)]
    ids = encoder.token_ids(texts)
    sharded = encoder.sums_of_ids(ids)
    monkeypatch.setattr(encoder_module, "_CHUNK_TOKENS", 300)
    monkeypatch.setattr(encoder, "_threads", 1)
    one_thread_small_chunks = encoder.sums_of_ids(ids)
    alone = np.vstack([encoder.sums_of_ids([row]) for row in ids[:5]])
    assert np.allclose(sharded, one_thread_small_chunks, rtol=1e-4, atol=1e-3)
    assert np.allclose(sharded[:5], alone, rtol=1e-4, atol=1e-3)
    assert not np.allclose(sharded[0], sharded[1], rtol=1e-4, atol=1e-3)  # rows kept in their order


def test_piece_sums_split_a_texts_token_sums_from_the_same_pass(encoder) -> None:
    texts = ["Two students told me that Jaylen is bringing a knife tomorrow.", "Bring water."]
    cut = texts[0].index("Jaylen")
    whole, pieces = encoder.piece_sums(texts, [[cut], []])
    assert np.allclose(whole, encoder.token_sums(texts), rtol=1e-4, atol=1e-3)
    assert [p.shape for p in pieces] == [(2, 768), (1, 768)]
    for text_whole, text_pieces in zip(whole, pieces):
        assert np.allclose(text_pieces.sum(axis=0), text_whole, rtol=1e-4, atol=1e-3)
    # Each piece is read in the context of the whole text: not the sums of the piece alone.
    alone = encoder.token_sums([texts[0][:cut]])[0]
    assert not np.allclose(pieces[0][0], alone, rtol=1e-2, atol=1e-1)
