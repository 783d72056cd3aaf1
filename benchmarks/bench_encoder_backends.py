"""Encoder backends: the numpy forward pass against onnxruntime running the same BERT graph.

The ONNX graph is written node by node with `onnx.helper` from the weights `read_safetensors`
returns: no torch, no transformers, no exported model. It computes exactly what
`SentenceEncoder._forward` returns for one padded batch: the mask-weighted sums of the token
vectors after the last layer and after `MIDDLE_LAYER` (two outputs of shape [batch, 384]).
Both backends get the same token ids and the same `_length_batches` batching; tokenisation is
outside the timings.

onnx and onnxruntime are not project dependencies, so run this in a throwaway venv:

    python3 -m venv /tmp/onnxenv
    /tmp/onnxenv/bin/pip install onnx onnxruntime numpy tokenizers platformdirs tomli-w
    /tmp/onnxenv/bin/pip install -e . --no-deps     # from the project folder
    /tmp/onnxenv/bin/python benchmarks/bench_encoder_backends.py [--model-dir DIR] [--runs N]
    # one thread each instead of two:
    OPENBLAS_NUM_THREADS=1 /tmp/onnxenv/bin/python benchmarks/bench_encoder_backends.py --threads 1

(platformdirs and tomli-w only because importing `tap_assistant.semantic` reads the config
module.) Without onnx/onnxruntime the script prints why and exits 0. It prints the numerical
agreement (minimum per-row cosine of the normalised sums over ~50 varied sentences), load
times, and median/p95 of both backends on a 300-word draft, a 5,000-word draft and 1 sentence.
No assertions. See benchmarks/encoder_backends.md for figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

try:
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper
except ImportError as error:  # not project dependencies: skip, do not fail
    print(f"SKIPPED: onnx and onnxruntime are needed for this benchmark ({error}).")
    print("Run it in a throwaway venv, see the docstring of benchmarks/bench_encoder_backends.py.")
    raise SystemExit(0) from None

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus import RISKY, SENTENCES, draft  # noqa: E402

from tap_assistant.semantic.encoder import (  # noqa: E402
    _LAYER_NORM_EPS,
    MIDDLE_LAYER,
    EncoderShape,
    SentenceEncoder,
    _length_batches,
    normalise_rows,
)
from tap_assistant.semantic.safetensors_file import read_safetensors  # noqa: E402
from tap_assistant.semantic.segments import split_units  # noqa: E402

OPSET = 17  # LayerNormalization
THREADS = 2  # onnxruntime intra-op threads; numpy's OpenBLAS uses one per core unless told

EXTRA_SENTENCES = [
    "",
    "Hi",
    "Thanks!",
    "OK.",
    "Can you stay after class tomorrow?",
    "Your son was absent on Monday and Tuesday; please send a note.",
    "The field trip costs $12.50 per student, payable by cash or check by 10/3.",
    "Ms. Alvarez will cover Rm. 12 while I'm at the district training (9 a.m.-3 p.m.).",
    "Don't tell your parents about this, it's our little secret.",
    "You're my favourite student, honestly the best in the whole school.",
    "Why would anyone think that was acceptable?!?",
    "lol ur so funny, ttyl",
    "Please review the attached IEP draft before our meeting on Thursday at 3:45.",
    "Nous avons une réunion avec les parents la semaine prochaine.",
    "Die Hausaufgaben sind bis Montag fällig.",
    "学生们明天要参加考试。",
    "Great job everyone 🎉🎉 see you Monday 😊",
    "URGENT: the gym is closed until further notice due to a water leak.",
    "https://district.example.org/calendar?month=march&year=2025",
    "Contact: j.smith@district.example.org | (555) 010-4477 ext. 204",
    "a " * 40,
    "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopic",
    "The quick brown fox jumps over the lazy dog while the students watch quietly from the window.",
    "I've noticed some behaviour in class that worries me, and I would like to talk with you about it soon.",
    "Grades: Math 92%, Reading 88%, Science 95%, Social Studies 90%.",
    "   leading and trailing spaces   ",
    "Line one\nline two\nline three",
    "If your child needs accommodations for the state assessment, please contact the counselling "
    "office before the end of the month so that we can make arrangements with the testing "
    "coordinator and make sure every student has what they need on the day.",
    " ".join(SENTENCES),  # about 200 tokens
    " ".join(SENTENCES + RISKY),  # over 256 tokens: truncated
    " ".join(SENTENCES * 3),
    "Remember: no phones in class, no exceptions.",
    "The PTA bake sale raised $1,245 for the new library books!",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# ---------------------------------------------------------------------------------------------
# The ONNX graph
# ---------------------------------------------------------------------------------------------


class _GraphBuilder:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, hint: str, array: np.ndarray) -> str:
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attributes) -> str:
        output = self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=output, **attributes))
        return output


def build_graph(tensors: dict[str, np.ndarray], shape: EncoderShape = EncoderShape()) -> onnx.ModelProto:
    """The BERT forward pass of `SentenceEncoder._forward`, from the safetensors weights."""
    hidden, heads = shape.hidden, shape.heads
    head_size = hidden // heads
    g = _GraphBuilder()

    def f32(name: str) -> np.ndarray:
        return np.asarray(tensors[name], dtype=np.float32)

    def linear(x: str, prefix: str) -> str:  # stored (out, in); MatMul wants (in, out)
        weight = g.const(f"{prefix}.W", f32(f"{prefix}.weight").T)
        bias = g.const(f"{prefix}.b", f32(f"{prefix}.bias"))
        return g.op("Add", [g.op("MatMul", [x, weight]), bias])

    def layer_norm(x: str, prefix: str) -> str:
        scale = g.const(f"{prefix}.g", f32(f"{prefix}.weight"))
        bias = g.const(f"{prefix}.b", f32(f"{prefix}.bias"))
        return g.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=_LAYER_NORM_EPS)

    i64 = lambda *values: np.array(values, dtype=np.int64)  # noqa: E731
    heads_shape = g.const("heads_shape", i64(0, 0, heads, head_size))  # 0 copies that dim
    merged_shape = g.const("merged_shape", i64(0, 0, hidden))
    scale = g.const("scale", np.array(1.0 / np.sqrt(head_size), dtype=np.float32))
    one = g.const("one", np.array(1.0, dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    inv_sqrt2 = g.const("inv_sqrt2", np.array(0.7071067811865476, dtype=np.float32))
    big = g.const("big", np.array(1e9, dtype=np.float32))

    # Embeddings: word + (position + token type 0), sliced to the batch's length; LayerNorm.
    words = g.op("Gather", [g.const("word_embeddings", f32("embeddings.word_embeddings.weight")), "input_ids"], axis=0)
    positions = f32("embeddings.position_embeddings.weight") + f32("embeddings.token_type_embeddings.weight")[0]
    length = g.op("Shape", ["input_ids"], start=1, end=2)
    position_rows = g.op("Slice", [g.const("positions", positions), g.const("zero", i64(0)), length, g.const("axis0", i64(0))])
    x = layer_norm(g.op("Add", [words, position_rows]), "embeddings.LayerNorm")

    # Padded keys get -1e9 before the softmax, as in numpy: (mask - 1) * 1e9, shape [B, 1, 1, L].
    attention_bias = g.op(
        "Unsqueeze", [g.op("Mul", [g.op("Sub", ["attention_mask", one]), big]), g.const("axes12", i64(1, 2))]
    )
    mask_row = g.op("Unsqueeze", ["attention_mask", g.const("axes1", i64(1))])  # [B, 1, L]
    squeeze_axis = g.const("squeeze1", i64(1))

    def masked_sum(x: str, output: str) -> None:  # [B,1,L] @ [B,L,D] -> [B,D]
        g.nodes.append(helper.make_node("Squeeze", [g.op("MatMul", [mask_row, x]), squeeze_axis], [output], name=output))

    for index in range(shape.layers):
        p = f"encoder.layer.{index}"

        def split_heads(t: str, perm: list[int]) -> str:
            return g.op("Transpose", [g.op("Reshape", [t, heads_shape])], perm=perm)

        query = split_heads(linear(x, f"{p}.attention.self.query"), [0, 2, 1, 3])  # [B,H,L,d]
        key = split_heads(linear(x, f"{p}.attention.self.key"), [0, 2, 3, 1])  # [B,H,d,L]
        value = split_heads(linear(x, f"{p}.attention.self.value"), [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [query, key]), scale]), attention_bias])
        probs = g.op("Softmax", [scores], axis=-1)
        context = g.op("Transpose", [g.op("MatMul", [probs, value])], perm=[0, 2, 1, 3])
        context = g.op("Reshape", [context, merged_shape])
        attended = layer_norm(g.op("Add", [x, linear(context, f"{p}.attention.output.dense")]), f"{p}.attention.output.LayerNorm")
        up = linear(attended, f"{p}.intermediate.dense")
        # Exact GELU: x * 0.5 * (1 + erf(x / sqrt 2)).
        erf = g.op("Erf", [g.op("Mul", [up, inv_sqrt2])])
        gelu = g.op("Mul", [up, g.op("Mul", [g.op("Add", [erf, one]), half])])
        x = layer_norm(g.op("Add", [attended, linear(gelu, f"{p}.output.dense")]), f"{p}.output.LayerNorm")
        if index == MIDDLE_LAYER:
            masked_sum(x, "middle_sum")
    masked_sum(x, "last_sum")

    graph = helper.make_graph(
        g.nodes,
        "minilm_l6_token_sums",
        inputs=[
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        outputs=[
            helper.make_tensor_value_info("last_sum", TensorProto.FLOAT, ["batch", hidden]),
            helper.make_tensor_value_info("middle_sum", TensorProto.FLOAT, ["batch", hidden]),
        ],
        initializer=g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tap-assistant-bench")
    model.ir_version = 8  # readable by any onnxruntime that has opset 17
    onnx.checker.check_model(model)
    return model


class OnnxEncoder:
    """`sums_of_ids` with the forward pass in onnxruntime; same padding and batching as numpy."""

    def __init__(self, session: ort.InferenceSession, hidden: int = 384) -> None:
        self.session = session
        self.hidden = hidden

    def sums_of_ids(self, ids: list[list[int]]) -> np.ndarray:
        out = np.empty((len(ids), 2 * self.hidden), dtype=np.float32)
        for batch in _length_batches([len(row) for row in ids]):
            rows = [ids[i] for i in batch]
            length = max(len(row) for row in rows)
            token_ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for row, values in enumerate(rows):
                token_ids[row, : len(values)] = values
                mask[row, : len(values)] = 1.0
            last, middle = self.session.run(["last_sum", "middle_sum"], {"input_ids": token_ids, "attention_mask": mask})
            out[batch] = np.hstack([last, middle])
        return out


def make_session(model_bytes: bytes, threads: int = THREADS) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


def check_numerics(encoder: SentenceEncoder, onnx_encoder: OnnxEncoder) -> None:
    texts = SENTENCES + RISKY + EXTRA_SENTENCES
    ids = encoder.token_ids(texts)
    reference = encoder.sums_of_ids(ids)
    candidate = onnx_encoder.sums_of_ids(ids)
    hidden = encoder.shape.hidden
    lengths = sorted(len(row) for row in ids)
    print(f"numerics: {len(texts)} texts, {lengths[0]}-{lengths[-1]} tokens, {len(_length_batches(lengths))} batches")
    for label, columns in (("last layer", slice(0, hidden)), (f"layer {MIDDLE_LAYER} (middle)", slice(hidden, 2 * hidden))):
        a, b = normalise_rows(reference[:, columns]), normalise_rows(candidate[:, columns])
        cosine = np.sum(a.astype(np.float64) * b, axis=1)
        scale = np.abs(reference[:, columns]).max(axis=1)
        relative = (np.abs(reference[:, columns] - candidate[:, columns]).max(axis=1) / scale).max()
        verdict = "ok" if cosine.min() >= 0.9999 else "BELOW 0.9999"
        print(
            f"  {label:22} min cosine {cosine.min():.8f} (row {int(cosine.argmin())})   "
            f"max |diff| / max |sum| {relative:.2e}   {verdict}"
        )


def time_pair(label: str, ids: list[list[int]], backends: dict[str, object], runs: int, warmup: int = 3) -> None:
    """Runs the backends alternately (order flipped each run) so background load hits both."""
    names = list(backends)
    for _ in range(warmup):
        for name in names:
            backends[name].sums_of_ids(ids)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        for name in names if run % 2 == 0 else reversed(names):
            start = time.perf_counter()
            backends[name].sums_of_ids(ids)
            samples[name].append((time.perf_counter() - start) * 1000)
    tokens = sum(len(row) for row in ids)
    batches = len(_length_batches([len(row) for row in ids]))
    print(f"{label}: {len(ids)} texts, {tokens} tokens, {batches} batches")
    medians = {}
    for name in names:
        medians[name] = statistics.median(samples[name])
        print(f"  {name:12} median {medians[name]:9.2f} ms   p95 {percentile(samples[name], 0.95):9.2f} ms   (n={runs})")
    print(f"  numpy / onnxruntime median ratio {medians['numpy'] / medians['onnxruntime']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per case (>= 30)")
    parser.add_argument(
        "--threads", type=int, default=THREADS,
        help="onnxruntime intra-op threads (for numpy set OPENBLAS_NUM_THREADS in the environment)",
    )
    args = parser.parse_args()
    if args.model_dir is None:
        from tap_assistant.semantic.model_files import find_model_dir

        args.model_dir = find_model_dir().path
    if not (args.model_dir / "model.safetensors").is_file():
        print(f"SKIPPED: no model in {args.model_dir} (install it: tap-assistant model install)")
        raise SystemExit(0)
    print(
        f"onnx {onnx.__version__}, onnxruntime {ort.__version__} (CPUExecutionProvider, intra_op threads {args.threads}), "
        f"numpy {np.__version__} (BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}), "
        f"{os.cpu_count()} CPUs"
    )

    start = time.perf_counter()
    encoder = SentenceEncoder(args.model_dir)
    numpy_load = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    model_bytes = build_graph(read_safetensors(args.model_dir / "model.safetensors")).SerializeToString()
    build_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    session = make_session(model_bytes, args.threads)
    session_ms = (time.perf_counter() - start) * 1000
    onnx_encoder = OnnxEncoder(session, encoder.shape.hidden)
    print(f"load: numpy SentenceEncoder {numpy_load:.0f} ms")
    print(
        f"load: onnx graph built from safetensors {build_ms:.0f} ms ({len(model_bytes) / 1e6:.1f} MB serialised) "
        f"+ InferenceSession {session_ms:.0f} ms = {build_ms + session_ms:.0f} ms"
    )
    # First call on each backend (allocations, ORT's first-run kernel setup), one short sentence.
    first_ids = encoder.token_ids([SENTENCES[0]])
    for name, backend in (("numpy", encoder), ("onnxruntime", onnx_encoder)):
        start = time.perf_counter()
        backend.sums_of_ids(first_ids)
        print(f"first call: {name} {(time.perf_counter() - start) * 1000:.1f} ms")

    check_numerics(encoder, onnx_encoder)

    backends = {"numpy": encoder, "onnxruntime": onnx_encoder}
    runs = max(30, args.runs)
    short = [unit.text for unit in split_units(draft(300, seed=7))]
    long = [unit.text for unit in split_units(draft(5000, seed=11))]
    time_pair("(a) 300-word draft, its sentences", encoder.token_ids(short), backends, runs)
    time_pair("(b) 5,000-word draft, its sentences", encoder.token_ids(long), backends, runs)
    time_pair("(c) 1 sentence", encoder.token_ids([SENTENCES[3]]), backends, max(runs, 100))


if __name__ == "__main__":
    main()
