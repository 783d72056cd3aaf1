#!/usr/bin/env bash
# Builds dist/TAPAssistant-<version>.pkg on macOS: the .app (PyInstaller, windowed), a jlink'd Java
# runtime and the LanguageTool engine inside it, the LaunchAgent, the uninstaller; then pkgbuild and
# productbuild. Set TAP_SIGN_IDENTITY ("Developer ID Installer: ...") to sign the package and
# TAP_APP_SIGN_IDENTITY ("Developer ID Application: ...") to sign the app (hardened runtime; the
# JVM needs the JIT entitlements in entitlements.plist). Notarize with `xcrun notarytool` after.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
JDK=${TAP_JDK:-$(/usr/libexec/java_home -v 17)}
DIST=$ROOT/dist
WORK=$ROOT/build/installer/macos
VERSION=$("$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import tap_assistant; print(tap_assistant.__version__)' "$ROOT")
# Same module list as installer/build.sh (see installer/README.md, "Java runtime").
JLINK_MODULES=java.base,java.logging,java.xml,java.naming,java.sql,java.management,java.desktop,jdk.httpserver,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,java.net.http

"$PYTHON" -m pip install -q -e "$ROOT[installer]"
rm -rf "$WORK" "$DIST/TAP Assistant.app" "$DIST/tap-assistant"
mkdir -p "$WORK/root/Applications" "$WORK/root/Library/LaunchAgents" \
  "$WORK/root/Library/Application Support/tap-assistant" "$DIST"
TAP_VERSION=$VERSION "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK/pyinstaller" "$ROOT/installer/pyinstaller/tap-assistant.spec"
APP="$DIST/TAP Assistant.app"
MACOS_DIR="$APP/Contents/MacOS"   # the engine looks for runtime/ and engine/ beside the executable
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$JLINK_MODULES" \
  --strip-debug --no-man-pages --no-header-files --output "$MACOS_DIR/runtime"
"$MACOS_DIR/runtime/bin/java" -Xshare:dump >/dev/null
"$PYTHON" -m tap_assistant engine install --dir "$MACOS_DIR/engine"
cp "$ROOT/LICENSE" "$ROOT/THIRD-PARTY-NOTICES.md" "$APP/Contents/Resources/"

if [ -n "${TAP_APP_SIGN_IDENTITY:-}" ]; then
  find "$MACOS_DIR/runtime" -type f \( -name '*.dylib' -o -perm -u+x \) -print0 \
    | xargs -0 codesign --force --timestamp --options runtime \
        --entitlements "$ROOT/installer/macos/entitlements.plist" --sign "$TAP_APP_SIGN_IDENTITY"
  codesign --force --deep --timestamp --options runtime \
    --entitlements "$ROOT/installer/macos/entitlements.plist" --sign "$TAP_APP_SIGN_IDENTITY" "$APP"
fi

ditto "$APP" "$WORK/root/Applications/TAP Assistant.app"
install -m 0644 "$ROOT/installer/macos/org.tapassistant.TAPAssistant.plist" "$WORK/root/Library/LaunchAgents/"
install -m 0755 "$ROOT/installer/macos/uninstall.sh" "$WORK/root/Library/Application Support/tap-assistant/"
# Not relocatable: install to /Applications even if a copy of the app sits elsewhere.
pkgbuild --analyze --root "$WORK/root" "$WORK/components.plist"
plutil -replace 0.BundleIsRelocatable -bool NO "$WORK/components.plist"
pkgbuild --root "$WORK/root" --component-plist "$WORK/components.plist" \
  --identifier org.tapassistant.TAPAssistant --version "$VERSION" \
  --scripts "$ROOT/installer/macos/scripts" --install-location / "$WORK/TAPAssistant-component.pkg"
sign=()
[ -n "${TAP_SIGN_IDENTITY:-}" ] && sign=(--sign "$TAP_SIGN_IDENTITY")
productbuild --package "$WORK/TAPAssistant-component.pkg" "${sign[@]}" "$DIST/TAPAssistant-$VERSION.pkg"
echo "$DIST/TAPAssistant-$VERSION.pkg"
