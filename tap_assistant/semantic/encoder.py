"""The sentence encoder: all-MiniLM-L6-v2 (a 6-layer BERT) run with numpy, no torch.

Tokenisation is the model's own `tokenizer.json` through the `tokenizers` package. The forward
pass is plain batched float32 matrix products (numpy hands them to its BLAS): embeddings, six
encoder layers (self-attention, GELU feed-forward, post-layer-norm), then the mean of the token
vectors and L2 normalisation, exactly as sentence-transformers' Transformer, Pooling (mean) and
Normalize modules compute it. `tests/unit/semantic/test_encoder.py` checks the result against
embeddings computed once with sentence-transformers.

Texts are sorted by length and batched so that padding stays small; each batch is padded to its
longest text and padded positions are masked out of attention and pooling.
"""

from __future__ import annotations

import ctypes
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from tap_assistant.semantic.safetensors_file import read_safetensors

#: sentence-transformers' max_seq_length for this model (sentence_bert_config.json).
MAX_TOKENS = 256
#: The encoder layer (0-based) whose mean vector the concept heads read beside the last one's.
#: Chosen by cross-validation on the training corpus: the third layer lifted out-of-fold recall
#: at a fixed false-alarm rate from 0.52 to 0.65 over the last layer alone.
MIDDLE_LAYER = 2
#: How many token positions one attention group may hold (texts x padded length).
_BATCH_TOKENS = 4096
#: How many real tokens one packed chunk may hold (bounds the memory of a long document).
_CHUNK_TOKENS = 2048
#: At most this many cores run one encoding: a chunk's texts are dealt into this many shards,
#: each run on its own thread with one BLAS thread (numpy releases the GIL in its products, and
#: plain threads wait without spinning, unlike a loaded BLAS thread pool). Two, because the
#: laptop is also running the grammar engine and the user's programs.
MAX_THREADS = 2
#: A chunk with fewer real tokens than this is not worth a second thread.
_SHARD_MIN_TOKENS = 96
#: Token rows per block of the feed-forward step, so its four-times-wider activations stay small
#: (1.5 MB, in the CPU cache through the GELU's dozen elementwise passes) on a long document.
#: Latency did not change measurably (bench_semantic.py; within this machine's noise).
_FEED_FORWARD_ROWS = 256
#: A batch grows while its real tokens fill at least this share of its padded size.
_MIN_FILL = 0.9
_LAYER_NORM_EPS = 1e-12
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429))


@dataclass(frozen=True)
class EncoderShape:
    layers: int = 6
    hidden: int = 384
    heads: int = 12


@dataclass(frozen=True)
class _Layer:
    qkv_weight: np.ndarray  # (hidden, 3 * hidden): query, key and value in one product
    qkv_bias: np.ndarray
    out_weight: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up_weight: np.ndarray
    up_bias: np.ndarray
    down_weight: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def _layer_norm(x: np.ndarray, norm: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(variance + _LAYER_NORM_EPS) * norm[0] + norm[1]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), in place on `x`.

    erf comes from Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7, under float32's
    rounding at these magnitudes); numpy has no erf, and the work is done in place because this
    is the largest elementwise step of the forward pass.
    """
    z = np.abs(x)
    z *= np.float32(0.7071067811865476)
    t = z * _ERF_P
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    a1, a2, a3, a4, a5 = _ERF_A
    poly = t * a5
    for coefficient in (a4, a3, a2, a1):
        poly += coefficient
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    np.subtract(np.float32(1.0), poly, out=poly)
    np.copysign(poly, x, out=poly)  # erf(x / sqrt 2)
    poly += np.float32(1.0)
    poly *= np.float32(0.5)
    x *= poly
    return x


def _length_batches(lengths: list[int]) -> list[list[int]]:
    """Indices grouped by similar length, so padding wastes at most about a tenth of the work."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches: list[list[int]] = []
    batch: list[int] = []
    real = 0
    for index in order:
        padded = (len(batch) + 1) * lengths[index]
        if batch and (padded > _BATCH_TOKENS or real + lengths[index] < _MIN_FILL * padded):
            batches.append(batch)
            batch, real = [], 0
        batch.append(index)
        real += lengths[index]
    if batch:
        batches.append(batch)
    return batches


def one_blas_thread() -> None:
    """Run BLAS on one thread: on a 2-core laptop that is also running the app, the engine and
    the user's programs, two BLAS threads fight for the cores and a check slowed from ~130 ms to
    over a second in a measurement (benchmarks/encoder_backends.md). Checks are short; one
    thread is steadier."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


#: glibc's malloc options (mallopt) and the sizes set for them.
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_BYTES = 4 << 20
_M_TRIM_THRESHOLD = -1
_TRIM_THRESHOLD_BYTES = 8 << 20


def _tune_malloc_for_arrays() -> None:
    """Two glibc malloc settings for the forward pass's short-lived arrays.

    - Arrays over 4 MB (a long document's activations) are mapped and unmapped. By default glibc
      raises this threshold each time such a block is freed, so after one long document tens of
      megabytes stay in the heap, and in the app's RSS, for good.
    - Up to 8 MB of freed memory stays at the top of the heap instead of going back to the
      system at 128 KB. Otherwise every temporary array of a draft (a few MB each) is faulted in
      page by page again: the GELU step ran 3.7 times slower for it.

    Measured together, the encoder alone on benchmarks/bench_semantic.py's drafts, two threads:
    a 300-word draft 108 -> 86 ms median, 5,000 words 1.5 -> 1.2 s; RSS growth of the whole
    check 145 -> 131 MB. No effect outside glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)
    mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD_BYTES)


def _piece_token_starts(offsets: Sequence[tuple[int, int]], cuts: Sequence[int]) -> list[int]:
    """For pieces starting at character offsets `cuts`: the index of each piece's first token
    (0 for the first piece, which holds [CLS]). Special tokens have offsets (0, 0)."""
    real = [i for i, (begin, end) in enumerate(offsets) if end > begin]
    token_starts = [0]
    for cut in cuts:
        first = next((i for i in real if offsets[i][0] >= cut), len(offsets) - 1)
        token_starts.append(max(first, token_starts[-1]))
    return token_starts


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def features(sums: np.ndarray) -> np.ndarray:
    """What the concept heads read: the final and middle layers' mean vectors, each normalised.

    Scaled by 1/sqrt(2) so a feature row has unit length and cosine similarity still works
    between rows (for the nearest corpus example).
    """
    half = sums.shape[1] // 2
    scale = np.float32(1.0 / np.sqrt(2.0))
    return np.hstack([normalise_rows(sums[:, :half]), normalise_rows(sums[:, half:])]) * scale


class SentenceEncoder:
    """Turns texts into unit-length 384-dimensional vectors."""

    def __init__(self, model_dir: Path, shape: EncoderShape = EncoderShape()) -> None:
        from tokenizers import Tokenizer

        one_blas_thread()
        _tune_malloc_for_arrays()
        self.shape = shape
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        tensors = read_safetensors(model_dir / "model.safetensors")
        self._word_embeddings = tensors["embeddings.word_embeddings.weight"]  # memory-mapped
        position = np.array(tensors["embeddings.position_embeddings.weight"], dtype=np.float32)
        token_type = np.array(tensors["embeddings.token_type_embeddings.weight"][0], dtype=np.float32)
        # Token type is always 0 for a single sentence: fold it into the position table.
        self._positions = position + token_type
        self._embedding_norm = self._norm(tensors, "embeddings.LayerNorm")
        self._layers = [self._load_layer(tensors, i) for i in range(shape.layers)]
        self._threads = max(1, min(MAX_THREADS, os.cpu_count() or 1))
        self._pool = ThreadPoolExecutor(self._threads - 1, "encoder") if self._threads > 1 else None

    @staticmethod
    def _norm(tensors: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
        return (
            np.array(tensors[f"{prefix}.weight"], dtype=np.float32),
            np.array(tensors[f"{prefix}.bias"], dtype=np.float32),
        )

    def _load_layer(self, tensors: dict[str, np.ndarray], index: int) -> _Layer:
        p = f"encoder.layer.{index}"

        def weight(name: str) -> np.ndarray:  # stored (out, in); we multiply x @ W, so (in, out)
            return np.ascontiguousarray(np.asarray(tensors[f"{p}.{name}.weight"], dtype=np.float32).T)

        def bias(name: str) -> np.ndarray:
            return np.array(tensors[f"{p}.{name}.bias"], dtype=np.float32)

        attention = ("attention.self.query", "attention.self.key", "attention.self.value")
        return _Layer(
            qkv_weight=np.ascontiguousarray(np.concatenate([weight(n) for n in attention], axis=1)),
            qkv_bias=np.concatenate([bias(n) for n in attention]),
            out_weight=weight("attention.output.dense"),
            out_bias=bias("attention.output.dense"),
            norm1=self._norm(tensors, f"{p}.attention.output.LayerNorm"),
            up_weight=weight("intermediate.dense"),
            up_bias=bias("intermediate.dense"),
            down_weight=weight("output.dense"),
            down_bias=bias("output.dense"),
            norm2=self._norm(tensors, f"{p}.output.LayerNorm"),
        )

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given (sentence-transformers' output)."""
        return normalise_rows(self.token_sums(texts)[:, : self.shape.hidden])

    def token_sums(self, texts: Sequence[str]) -> np.ndarray:
        """Per text, the sum of its token vectors after the last layer and after `MIDDLE_LAYER`.

        Columns [0, hidden) are the final layer (mean-pooled and normalised, they are the
        model's sentence embedding); columns [hidden, 2 * hidden) the middle layer, which keeps
        more of the wording and helps the concept heads (see `features`). Summing rows of several
        texts and normalising gives the mean-pooled vector of all their tokens together: how the
        checker scores a pair of sentences or a whole message without running the encoder again.
        """
        if not texts:
            return np.zeros((0, 2 * self.shape.hidden), dtype=np.float32)
        return self.sums_of_ids(self.token_ids(texts))

    def sums_of_ids(self, ids: list[list[int]]) -> np.ndarray:
        return self._sums(ids, None)[0]

    def piece_sums(self, texts: Sequence[str], cuts: Sequence[Sequence[int]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """`token_sums` of each text, and the sums of its token vectors over the pieces its `cuts`
        (character offsets, ascending) divide it into, from the same forward pass: every token
        is read in the context of the whole text. A piece holds the tokens that start in it (the
        first piece also the [CLS] token, the last the [SEP]); a piece with no token, or past
        the truncation, sums to zero. One row per piece, len(cuts) + 1 per text."""
        if not texts:
            return np.zeros((0, 2 * self.shape.hidden), dtype=np.float32), []
        encodings = self.tokenizer.encode_batch(list(texts))
        starts = [_piece_token_starts(encoding.offsets, text_cuts) for encoding, text_cuts in zip(encodings, cuts)]
        whole, pieces = self._sums([encoding.ids for encoding in encodings], starts)
        return whole, [p if p is not None else np.zeros((1, 2 * self.shape.hidden), np.float32) for p in pieces]

    def _sums(
        self, ids: list[list[int]], piece_starts: list[list[int]] | None
    ) -> tuple[np.ndarray, list[np.ndarray | None]]:
        out = np.empty((len(ids), 2 * self.shape.hidden), dtype=np.float32)
        pieces: list[np.ndarray | None] = [None] * len(ids)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        begin = 0
        while begin < len(order):  # chunks of at most _CHUNK_TOKENS real tokens, shortest first
            end, tokens = begin, 0
            while end < len(order) and (end == begin or tokens + len(ids[order[end]]) <= _CHUNK_TOKENS):
                tokens += len(ids[order[end]])
                end += 1
            self._forward_shards(ids, piece_starts, order[begin:end], tokens, out, pieces)
            begin = end
        return out, pieces

    def _forward_shards(
        self,
        ids: list[list[int]],
        piece_starts: list[list[int]] | None,
        chunk: list[int],
        tokens: int,
        out: np.ndarray,
        pieces: list[np.ndarray | None],
    ) -> None:
        """One chunk, dealt by length into one shard per thread (so each gets about as many
        tokens), the last shard on the calling thread."""
        shards = min(self._threads, len(chunk), max(1, tokens // _SHARD_MIN_TOKENS))
        parts = [chunk[k::shards] for k in range(shards)]

        def run(part: list[int]) -> tuple[np.ndarray, list[np.ndarray] | None]:
            return self._forward([ids[i] for i in part], [piece_starts[i] for i in part] if piece_starts else None)

        pending = [self._pool.submit(run, part) for part in parts[:-1]] if self._pool else []
        results = [(parts[-1], run(parts[-1]))] + [(part, future.result()) for part, future in zip(parts, pending)]
        for part, (whole, part_pieces) in results:
            out[part] = whole
            if part_pieces is not None:
                for i, rows in zip(part, part_pieces):
                    pieces[i] = rows

    def _forward(
        self, batch: list[list[int]], piece_starts: list[list[int]] | None = None
    ) -> tuple[np.ndarray, list[np.ndarray] | None]:
        """One chunk of texts, sorted by length, packed: no padding outside attention.

        Every layer but attention works on each token alone, so those products run once on all
        the chunk's real tokens stacked into one matrix (large, efficient products, no padding).
        Attention needs each text's tokens together: texts of similar length are gathered into
        padded groups (`_length_batches`) for it, and the results scattered back.
        """
        lengths = np.array([len(row) for row in batch])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        flat_ids = np.fromiter((t for row in batch for t in row), dtype=np.int64, count=int(lengths.sum()))
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = self._word_embeddings[flat_ids].astype(np.float32) + self._positions[positions]
        x = _layer_norm(x, self._embedding_norm)
        groups = [_AttentionGroup(starts[g], lengths[g]) for g in _length_batches(list(lengths))]
        middle = middle_tokens = None
        for index, layer in enumerate(self._layers):
            x = self._layer(x, layer, groups)
            if index == MIDDLE_LAYER:
                middle_tokens = x
                middle = np.add.reduceat(x, starts, axis=0)
        whole = np.hstack([np.add.reduceat(x, starts, axis=0), middle])
        if piece_starts is None:
            return whole, None
        both = np.hstack([x, middle_tokens])
        cumulative = np.vstack([np.zeros((1, both.shape[1]), np.float32), np.cumsum(both, axis=0, dtype=np.float64)])
        rows = []
        for text_start, length, text_pieces in zip(starts, lengths, piece_starts):
            bounds = np.minimum(np.array(list(text_pieces) + [length]), length) + text_start
            rows.append((cumulative[bounds[1:]] - cumulative[bounds[:-1]]).astype(np.float32))
        return whole, rows

    def _layer(self, x: np.ndarray, layer: _Layer, groups: list["_AttentionGroup"]) -> np.ndarray:
        hidden = self.shape.hidden
        heads = self.shape.heads
        head_size = hidden // heads
        qkv = x @ layer.qkv_weight
        qkv += layer.qkv_bias
        context = np.empty_like(x)
        for group in groups:
            size, length = group.index.shape
            packed = qkv[group.index].reshape(size, length, 3, heads, head_size).transpose(2, 0, 3, 1, 4)
            query, key, value = packed[0], packed[1], packed[2]  # (batch, heads, length, head_size)
            scores = query @ key.transpose(0, 1, 3, 2) * np.float32(1.0 / np.sqrt(head_size))
            scores += group.bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            attended = (scores @ value).transpose(0, 2, 1, 3).reshape(size, length, hidden)
            context[group.index[group.valid]] = attended[group.valid]
        projected = context @ layer.out_weight
        projected += layer.out_bias
        projected += x
        attended = _layer_norm(projected, layer.norm1)
        out = np.empty_like(attended)
        for begin in range(0, len(attended), _FEED_FORWARD_ROWS):  # the wide activations stay in cache
            block = slice(begin, begin + _FEED_FORWARD_ROWS)
            up = attended[block] @ layer.up_weight
            up += layer.up_bias
            out[block] = _gelu(up) @ layer.down_weight
        out += layer.down_bias
        out += attended
        return _layer_norm(out, layer.norm2)


class _AttentionGroup:
    """Rows of the packed token matrix laid out as a padded (texts, length) grid for attention."""

    def __init__(self, starts: np.ndarray, lengths: np.ndarray) -> None:
        length = int(lengths.max())
        offsets = np.arange(length)
        self.valid = offsets[None, :] < lengths[:, None]
        # Padded slots point at the text's first token; the bias keeps them out of the softmax.
        self.index = np.where(self.valid, starts[:, None] + offsets[None, :], starts[:, None])
        self.bias = ((self.valid - 1.0) * np.float32(1e9)).astype(np.float32)[:, None, None, :]
