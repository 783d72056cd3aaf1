#!/usr/bin/env bash
# Regenerates the README screenshots of the review (light and dark), as a 1366x768 laptop with
# a taskbar shows it (see SCREENSHOT_SIZE in tap_assistant/gui/review_command.py). Uses the real
# grammar engine when it is installed. Needs Xvfb (scripts/setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
Xvfb :97 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb' EXIT
sleep 1
for theme in light dark; do
  out=resources/screenshots/review.png
  [ "$theme" = dark ] && out=resources/screenshots/review-dark.png
  DISPLAY=:97 .venv/bin/tap-assistant review resources/samples/draft-to-student.txt \
    --audience student --theme "$theme" --screenshot "$out"
  echo "screenshots: wrote $out"
done
