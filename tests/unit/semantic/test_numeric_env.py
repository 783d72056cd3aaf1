"""The fixed kernels that make training reproducible across x86-64 machines."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from tap_assistant.semantic.numeric_env import NUMERIC_ENV, is_pinned, numeric_env

x86_only = pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="the pins are x86-64 kernel names")


@x86_only
def test_the_pins_are_the_avx2_kernels_and_are_recognised():
    assert numeric_env() == NUMERIC_ENV
    assert is_pinned(dict(NUMERIC_ENV))
    assert not is_pinned({})
    assert not is_pinned({**NUMERIC_ENV, "OPENBLAS_CORETYPE": "SkylakeX"})


@x86_only
def test_the_shell_form_exports_them_and_numpy_loads_under_them():
    exports = subprocess.run([sys.executable, "-m", "tap_assistant.semantic.numeric_env"], capture_output=True, text=True, check=True).stdout
    assert exports.splitlines() == [f"export {k}='{v}'" for k, v in NUMERIC_ENV.items()]
    probe = "from threadpoolctl import threadpool_info; import numpy; print([i['architecture'] for i in threadpool_info() if i['user_api'] == 'blas'])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={**os.environ, **NUMERIC_ENV})
    assert loaded.stdout.strip() == "['Haswell']", loaded.stderr
