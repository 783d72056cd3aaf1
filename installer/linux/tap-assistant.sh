#!/bin/sh
# /usr/bin/tap-assistant: the command on PATH; the app itself lives in /opt/tap-assistant.
exec /opt/tap-assistant/tap-assistant "$@"
