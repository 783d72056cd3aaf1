#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite (GUI and end-to-end tests under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Fixed BLAS and SIMD kernels, so the retraining test reproduces the shipped heads on any x86-64
# machine (tap_assistant/semantic/numeric_env.py).
eval "$(.venv/bin/python -m tap_assistant.semantic.numeric_env)"
exec .venv/bin/python -m pytest "$@"
