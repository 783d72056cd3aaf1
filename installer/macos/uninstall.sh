#!/bin/sh
# Removes TAP Assistant from this Mac (run with sudo). The district policy file in this folder and
# managed preferences (MDM profiles) are left alone: remove the profile in your MDM.
set -e
AGENT=/Library/LaunchAgents/org.tapassistant.TAPAssistant.plist
for uid in $(ps -axo uid= -o comm= | awk '/TAPAssistant/ {print $1}' | sort -u); do
    launchctl bootout "gui/$uid" "$AGENT" 2>/dev/null || true
done
rm -f "$AGENT"
rm -rf "/Applications/TAP Assistant.app"
rm -f "/Library/Application Support/tap-assistant/uninstall.sh"
rmdir "/Library/Application Support/tap-assistant" 2>/dev/null || true
pkgutil --forget org.tapassistant.TAPAssistant >/dev/null 2>&1 || true
echo "TAP Assistant removed."
