"""The environment that makes training reproducible on any x86-64 machine.

OpenBLAS (as numpy ships it) picks its kernels for the CPU it runs on, and numpy picks its own
SIMD loops the same way; different kernels round differently, and twenty epochs of training turn
last-bit differences into different weights (measured: an AMD EPYC with AVX-512 retrained the
heads of an earlier machine with hidden weights up to 0.39 apart). With the kernels fixed to
what every x86-64 CPU with AVX2 has (OpenBLAS's Haswell kernels, numpy's AVX2 loops), the same
corpus gives the same heads on any such machine. These variables are read when numpy loads, so
they must be set before Python starts: `scripts/test.sh` sets them for the test suite, and
`python -m tap_assistant.semantic.training` restarts itself with them.

    eval "$(python -m tap_assistant.semantic.numeric_env)"   # export them in a shell
"""

from __future__ import annotations

import os
import platform
from typing import Mapping

#: Only for x86-64: the names mean nothing elsewhere, and an ARM machine keeps its own kernels.
NUMERIC_ENV = {
    "OPENBLAS_CORETYPE": "Haswell",
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
}


def numeric_env() -> dict[str, str]:
    return dict(NUMERIC_ENV) if platform.machine().lower() in ("x86_64", "amd64") else {}


def is_pinned(environ: Mapping[str, str] = os.environ) -> bool:
    return all(environ.get(key) == value for key, value in numeric_env().items())


def main() -> int:
    for key, value in numeric_env().items():
        print(f"export {key}='{value}'")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
