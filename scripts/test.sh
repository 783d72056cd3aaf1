#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite (GUI and end-to-end tests under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
