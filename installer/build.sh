#!/usr/bin/env bash
# Builds TAP Assistant's distributables on Linux (see installer/README.md).
#
#   installer/build.sh bundle   PyInstaller one-folder app + jlink'd Java + LanguageTool -> dist/tap-assistant/
#   installer/build.sh deb      Debian package -> dist/tap-assistant_<version>_amd64.deb (builds the bundle if missing)
#   installer/build.sh msi      MSI from the WiX sources with wixl, to validate them -> dist/tap-assistant-<version>-x64.msi
#                               (payload: dist/tap-assistant, or TAP_MSI_PAYLOAD=DIR; the real Windows MSI is
#                               built on Windows by installer/windows/build.ps1 from the same sources)
#   installer/build.sh all      bundle, deb and msi
#
# Environment: PYTHON (default .venv/bin/python), TAP_JDK (a JDK 17 with jmods; default
# /usr/lib/jvm/java-17-openjdk-amd64), TAP_DEB_VERSION (package version, default the app's),
# TAP_BUILD_DIR (work folder, default build/installer), TAP_DIST_DIR (default dist).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
JDK=${TAP_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
WORK=${TAP_BUILD_DIR:-$ROOT/build/installer}
DIST=${TAP_DIST_DIR:-$ROOT/dist}
BUNDLE=$DIST/tap-assistant
VERSION=$("$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import tap_assistant; print(tap_assistant.__version__)' "$ROOT")
DEB_VERSION=${TAP_DEB_VERSION:-$VERSION}

# Java modules LanguageTool's HTTP server needs, checked by running the server on the jlink'd
# runtime and sending a real /v2/check (jdeps misses some: see installer/README.md, "Java runtime").
#   java.desktop: org.languagetool.gui.Configuration uses java.awt.Color on every check
#   jdk.httpserver: the server itself; java.management: its thread-pool monitoring
#   java.sql, java.naming: the (unused but always initialised) database layer and logging
#   jdk.zipfs, jdk.crypto.ec, java.net.http, jdk.unsupported: needed by libraries, not found by jdeps
JLINK_MODULES=java.base,java.logging,java.xml,java.naming,java.sql,java.management,java.desktop,jdk.httpserver,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,java.net.http

log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

ensure_pyinstaller() {
  if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
    log "installing the 'installer' extra (PyInstaller) into $(dirname "$(dirname "$PYTHON")")"
    "$PYTHON" -m pip install -q -e "$ROOT[installer]"
  fi
}

build_runtime() {
  local out=$1
  [ -d "$JDK/jmods" ] || die "no jmods in $JDK (install openjdk-17-jdk-headless or set TAP_JDK)"
  rm -rf "$out"
  # No --compress: the packages compress anyway, and an uncompressed image starts the engine
  # about 3 s faster on 2 cores. The class-data-sharing archive saves another second per start.
  "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$JLINK_MODULES" \
    --strip-debug --no-man-pages --no-header-files --output "$out"
  "$out/bin/java" -Xshare:dump >/dev/null
}

install_engine() {
  local dir=$1
  rm -rf "$dir"
  if "$PYTHON" -m tap_assistant engine install --help >/dev/null 2>&1; then
    "$PYTHON" -m tap_assistant engine install --dir "$dir"
  else  # older trees without the subcommand: the same installer through its Python API
    "$PYTHON" -c 'import sys; from pathlib import Path; from tap_assistant.engine.install import install_engine; install_engine(Path(sys.argv[1]), progress=print)' "$dir"
  fi
  [ -f "$dir/engine.json" ] || die "the engine was not installed in $dir"
}

install_model() {
  local dir=$1
  rm -rf "$dir"
  "$PYTHON" -m tap_assistant model install --dir "$dir"
  [ -f "$dir/model.json" ] || die "the sentence model was not installed in $dir"
}

cmd_bundle() {
  local started=$SECONDS
  ensure_pyinstaller
  log "PyInstaller one-folder build"
  rm -rf "$BUNDLE"
  mkdir -p "$DIST" "$WORK"
  "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller" "$ROOT/installer/pyinstaller/tap-assistant.spec"
  log "Java runtime (jlink: $JLINK_MODULES)"
  build_runtime "$BUNDLE/runtime"
  log "LanguageTool engine"
  install_engine "$BUNDLE/engine"
  log "sentence model of the meaning check (pinned all-MiniLM-L6-v2, no torch)"
  install_model "$BUNDLE/model"
  cp "$ROOT/LICENSE" "$ROOT/THIRD-PARTY-NOTICES.md" "$BUNDLE/"
  log "smoke test"
  "$BUNDLE/tap-assistant" --version
  # Exit status 0-2 is the verdict; the JSON report proves the checker really ran.
  local report status=0
  report=$("$BUNDLE/tap-assistant" check --no-grammar --format json "$ROOT/resources/samples/draft-to-student.txt") \
    || status=$?
  [ "$status" -le 2 ] && grep -q '"verdict"' <<<"$report" || die "the bundled app cannot check a draft (exit status $status)"
  python3 -c 'import json, sys; s = json.loads(sys.stdin.read())["semantic"]; sys.exit(0 if s["status"] == "checked" else f"semantic: {s}")' \
    <<<"$report" || die "the bundled app's meaning check does not run"
  log "bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1)) in $((SECONDS - started)) s"
}

# Debian packages the bundle needs from the system: the libraries its ELF files link to that it
# does not carry (as the PyInstaller bootloader does, the bundle's own libraries resolve first).
system_depends() {
  local root=$1 elves libs
  command -v file >/dev/null || die "the 'file' command is missing (apt-get install file)"
  # The Java runtime's graphics libraries (X11 toolkit, splash screen, sound, fonts, JPEG, colour
  # management) are never loaded by the headless engine, so what they link to is not a dependency.
  elves=$(find "$root" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) \
            ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' \
            ! -name 'libfontmanager.so' ! -name 'libjavajpeg.so' ! -name 'libjawt.so' ! -name 'liblcms.so' -print0 \
          | xargs -0 file -N | awk -F: '/ELF/ {print $1}')
  [ -n "$elves" ] || die "no ELF files found in $root"
  libs=$(LD_LIBRARY_PATH="$root/_internal:$root/runtime/lib:$root/runtime/lib/server" \
           xargs -r ldd <<<"$elves" 2>/dev/null \
         | awk -v root="$root/" '$2 == "=>" && $3 ~ /^\// && index($3, root) != 1 {print $3}' | sort -u || true)
  [ -n "$libs" ] || { echo libc6; return 0; }
  local lib real owner
  for lib in $libs; do
    real=$(readlink -f "$lib")
    # dpkg knows a library by the path its package shipped: with merged /usr that may be the
    # /lib or the /usr/lib spelling, of the link or of its target.
    owner=""
    for candidate in "$lib" "$real" "${lib#/usr}" "${real#/usr}" "/usr$lib" "/usr$real"; do
      owner=$(dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1) && [ -n "$owner" ] && break
    done
    [ -n "$owner" ] || die "no Debian package owns $lib (needed by the bundle)"
    echo "$owner"
  done | tr ',' '\n' | sed 's/ //g' | sort -u | paste -sd, | sed 's/,/, /g'
}

cmd_deb() {
  local started=$SECONDS
  [ -x "$BUNDLE/tap-assistant" ] || cmd_bundle
  local stage=$WORK/deb/root linux=$ROOT/installer/linux
  log "staging the Debian package"
  rm -rf "$WORK/deb"
  mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/tap-assistant" \
    "$stage/etc/xdg/autostart" "$stage/usr/share/tap-assistant"
  cp -a "$BUNDLE" "$stage/opt/tap-assistant"
  install -m 0755 "$linux/tap-assistant.sh" "$stage/usr/bin/tap-assistant"
  install -m 0644 "$linux/org.tapassistant.TAPAssistant.desktop" "$stage/usr/share/applications/"
  install -m 0644 "$linux/autostart.desktop" "$stage/etc/xdg/autostart/org.tapassistant.TAPAssistant.desktop"
  install -m 0644 "$linux/org.tapassistant.TAPAssistant.svg" "$stage/usr/share/icons/hicolor/scalable/apps/"
  # The policy template is not a conffile: IT (or config management) often places
  # /etc/xdg/tap-assistant/policy.toml before the package arrives, and a conffile would make
  # dpkg ask what to do, which fails an unattended install. postinst copies the template there
  # only when the file is absent; the package never ships nor overwrites it.
  install -m 0644 "$ROOT/resources/policy/policy.toml" "$stage/usr/share/tap-assistant/policy.toml"
  install -m 0644 "$ROOT/THIRD-PARTY-NOTICES.md" "$stage/usr/share/doc/tap-assistant/THIRD-PARTY-NOTICES.md"
  install -m 0644 "$ROOT/installer/README.md" "$stage/usr/share/doc/tap-assistant/IT-GUIDE.md"
  { echo "TAP Assistant is free software under the GNU General Public License, version 3 only;"
    echo "the full text is in /opt/tap-assistant/LICENSE (also /usr/share/common-licenses/GPL-3)."
    echo "It bundles third-party software under their own licences: see THIRD-PARTY-NOTICES.md."
  } > "$stage/usr/share/doc/tap-assistant/copyright"

  local policy_md5 depends size
  policy_md5=$(md5sum "$stage/usr/share/tap-assistant/policy.toml" | cut -d' ' -f1)
  sed "s/@POLICY_MD5@/$policy_md5/" "$linux/postrm" > "$stage/DEBIAN/postrm"
  install -m 0755 "$linux/postinst" "$stage/DEBIAN/postinst"
  chmod 0755 "$stage/DEBIAN/postrm"
  depends=$(system_depends "$stage/opt/tap-assistant")
  size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  sed -e "s/@VERSION@/$DEB_VERSION/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/${depends:-libc6}/" \
    "$linux/control.in" > "$stage/DEBIAN/control"
  (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print0 | sed -z 's|^\./||' | sort -z \
     | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
  local deb=$DIST/tap-assistant_${DEB_VERSION}_amd64.deb
  log "dpkg-deb"
  # gzip: xz takes minutes on 350 MB with 2 cores for a few MB less.
  dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
  log "package: $deb ($(du -h "$deb" | cut -f1), installed $((size / 1024)) MB) in $((SECONDS - started)) s"
  echo "$deb"
}

cmd_msi() {
  command -v wixl >/dev/null || die "wixl is missing (apt-get install wixl)"
  local payload=${TAP_MSI_PAYLOAD:-$BUNDLE} work=$WORK/msi
  [ -d "$payload" ] || die "no payload folder $payload (build the bundle or set TAP_MSI_PAYLOAD)"
  rm -rf "$work"; mkdir -p "$work" "$DIST"
  # wixl resolves sources relative to the working directory, and only relative paths work.
  ln -s "$(cd "$payload" && pwd)" "$work/payload"
  "$PYTHON" "$ROOT/installer/windows/harvest.py" "$work/payload" "$work/files.wxs"
  local msi=$DIST/tap-assistant-$VERSION-x64.msi
  (cd "$work" && wixl -a x64 -I "$ROOT/installer/windows" -D SourceDir=payload -D Version="$VERSION" \
      -o "$msi" "$ROOT/installer/windows/tap-assistant.wxs" files.wxs 2>&1 \
      | grep -v -e "has no property named 'Secure'" -e '^$' >&2 || true)
  [ -s "$msi" ] || die "wixl did not write $msi"
  log "msi: $msi ($(du -h "$msi" | cut -f1))"
  echo "$msi"
}

case "${1:-}" in
  bundle) cmd_bundle ;;
  deb) cmd_deb ;;
  msi) cmd_msi ;;
  all) cmd_bundle; cmd_deb; cmd_msi ;;
  *) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 2 ;;
esac
