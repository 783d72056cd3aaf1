"""The Debian package, for real: build the bundle and the .deb, install them with dpkg on this
machine, check a draft with the installed command and the bundled engine and Java, start the
installed tray app under Xvfb, upgrade over itself keeping a changed policy file, remove and
purge; install unattended (stdin closed) over a policy file IT placed first.

Needs root (dpkg) and the build tools scripts/setup.sh installs. The bundle is built once per
module (about 2.5 minutes on 2 cores); set TAP_TEST_DEB=/path/to/tap-assistant_<v>_amd64.deb to
reuse a package built by `installer/build.sh deb` (its bundle folder beside it is reused too).
The package is purged at the end whatever happens, and the tests refuse to run if a
tap-assistant package was already installed (they would remove it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.e2e.conftest import XSession, wait_for, x_session  # noqa: F401 - the fixture is used

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "tap-assistant"
POLICY = Path("/etc/xdg/tap-assistant/policy.toml")
TEMPLATE = Path("/usr/share/tap-assistant/policy.toml")
APP_DIR = Path("/opt/tap-assistant")
SAMPLE = REPO / "resources" / "samples" / "draft-to-student.txt"
JLINK_MODULES = {
    "java.base", "java.logging", "java.xml", "java.naming", "java.sql", "java.management",
    "java.desktop", "jdk.httpserver", "jdk.unsupported", "jdk.zipfs", "jdk.crypto.ec", "java.net.http",
}

pytestmark = [
    pytest.mark.installer,
    pytest.mark.slow,
    pytest.mark.timeout(2400),  # the first test also builds the bundle and both packages
    pytest.mark.skipif(os.geteuid() != 0, reason="installs a package with dpkg: run as root"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb"),
]


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        list(args), env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def package_status() -> str:
    """dpkg's status of the package: "" (unknown), "installed", "config-files", ..."""
    result = run("dpkg-query", "-W", "-f=${db:Status-Status}", PACKAGE, check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


@dataclass(frozen=True)
class Packages:
    first: Path  # the package as built
    upgrade: Path  # the same bundle with a higher version, for the upgrade
    bundle: Path
    version: str


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Packages]:
    if package_status() not in ("", "not-installed"):
        pytest.skip(f"a {PACKAGE} package is already installed here; the installer tests would remove it")
    reused = os.environ.get("TAP_TEST_DEB", "").strip()
    dist = Path(reused).resolve().parent if reused else tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("build")
    env = dict(os.environ, TAP_DIST_DIR=str(dist), TAP_BUILD_DIR=str(work))
    build = str(REPO / "installer" / "build.sh")
    if reused:
        first = Path(reused).resolve()
    else:
        first = Path(run("bash", build, "deb", env=env, timeout=1800).stdout.strip().splitlines()[-1])
    version = run("dpkg-deb", "-f", str(first), "Version").stdout.strip()
    upgrade_env = dict(env, TAP_DEB_VERSION=f"{version}+upgrade1")
    upgrade = Path(run("bash", build, "deb", env=upgrade_env, timeout=1800).stdout.strip().splitlines()[-1])
    try:
        yield Packages(first, upgrade, dist / "tap-assistant", version)
    finally:
        # Never leave the package on the machine, nor a gigabyte of build output in /tmp.
        run("dpkg", "--purge", PACKAGE, check=False, timeout=300)
        shutil.rmtree(work, ignore_errors=True)
        if reused:
            upgrade.unlink(missing_ok=True)
        else:
            shutil.rmtree(dist, ignore_errors=True)


def installed_files() -> list[Path]:
    listed = run("dpkg-query", "-L", PACKAGE).stdout.splitlines()
    return [Path(line) for line in listed if line.startswith("/") and not Path(line).is_dir()]


def leftovers(files: list[Path]) -> list[Path]:
    return [path for path in files if path.exists() or path.is_symlink()]


def clean_env(tmp_path: Path) -> dict[str, str]:
    """A user with empty home and XDG folders, no Java anywhere on PATH and no JAVA_HOME: the
    only engine and Java the app can find are the ones in the package."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir(parents=True, exist_ok=True)
    env = {
        "HOME": str(tmp_path / "home"),
        "PATH": str(empty_bin),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(tmp_path / "xdg" / "config"),
        "XDG_DATA_HOME": str(tmp_path / "xdg" / "data"),
        "XDG_STATE_HOME": str(tmp_path / "xdg" / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg" / "cache"),
        "XDG_RUNTIME_DIR": str(tmp_path / "xdg" / "run"),
    }
    for key in ("HOME", "XDG_RUNTIME_DIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    Path(env["XDG_RUNTIME_DIR"]).chmod(0o700)
    return env


def check_installed(env: dict[str, str], *extra: str) -> dict:
    result = run("/usr/bin/tap-assistant", "check", "--format", "json", "--audience", "student", *extra,
                 str(SAMPLE), env=env, timeout=300, check=False)
    assert result.returncode in (0, 1, 2), result.stderr
    return json.loads(result.stdout)


# ------------------------------------------------------------------------------------------------


def test_bundle_is_self_contained(packages: Packages) -> None:
    bundle = packages.bundle
    assert (bundle / "tap-assistant").is_file()
    assert (bundle / "engine" / "engine.json").is_file()
    assert list((bundle / "engine" / "lib").glob("languagetool-server-*.jar"))
    assert (bundle / "model" / "model.json").is_file() and (bundle / "model" / "model.safetensors").is_file()
    # The meaning check runs without torch: the bundle must not carry it.
    assert not (bundle / "_internal" / "torch").exists()
    for notice in ("LICENSE", "THIRD-PARTY-NOTICES.md"):
        assert (bundle / notice).is_file()
    assert "GNU GENERAL PUBLIC LICENSE" in (bundle / "LICENSE").read_text(encoding="utf-8")
    modules = run(str(bundle / "runtime" / "bin" / "java"), "--list-modules").stdout
    names = {line.split("@")[0] for line in modules.split()}
    assert JLINK_MODULES <= names
    assert "jdk.compiler" not in names and "java.se" not in names  # cut down, not a whole JDK
    # Only the Qt modules the app uses.
    qt_libs = {p.name.split(".")[0] for p in (bundle / "_internal" / "PySide6").glob("Qt*.abi3.so")}
    assert qt_libs <= {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg", "QtDBus"}, qt_libs


def test_package_metadata(packages: Packages) -> None:
    info = run("dpkg-deb", "-I", str(packages.first)).stdout
    assert "Package: tap-assistant" in info and "Architecture: amd64" in info
    contents = run("dpkg-deb", "-c", str(packages.first)).stdout
    for path in (
        "./usr/bin/tap-assistant",
        "./opt/tap-assistant/tap-assistant",
        "./opt/tap-assistant/LICENSE",
        "./opt/tap-assistant/THIRD-PARTY-NOTICES.md",
        "./usr/share/doc/tap-assistant/copyright",
        "./usr/share/doc/tap-assistant/THIRD-PARTY-NOTICES.md",
        "./usr/share/applications/org.tapassistant.TAPAssistant.desktop",
        "./etc/xdg/autostart/org.tapassistant.TAPAssistant.desktop",
        "./usr/share/tap-assistant/policy.toml",
    ):
        assert path in contents, path
    # The policy file is created by postinst when absent, never shipped: a conffile there would
    # make dpkg prompt when IT placed the file first.
    assert "./etc/xdg/tap-assistant/policy.toml" not in contents
    extracted = Path(run("mktemp", "-d").stdout.strip())
    try:
        run("dpkg-deb", "-e", str(packages.first), str(extracted))
        conffiles = extracted / "conffiles"
        assert not conffiles.exists() or str(POLICY) not in conffiles.read_text()
    finally:
        shutil.rmtree(extracted)


def test_install_check_tray_upgrade_remove_purge(packages: Packages, x_session: XSession, tmp_path: Path) -> None:
    # Install.
    run("dpkg", "-i", str(packages.first), timeout=600)
    assert package_status() == "installed"
    files = installed_files()
    assert Path("/usr/bin/tap-assistant") in files and TEMPLATE in files and POLICY not in files
    assert POLICY.read_bytes() == TEMPLATE.read_bytes()  # created from the template
    autostart = Path("/etc/xdg/autostart/org.tapassistant.TAPAssistant.desktop").read_text()
    assert "Exec=tap-assistant run" in autostart

    # The installed command checks a draft with the bundled engine and Java (nothing else exists
    # for it: empty PATH, no JAVA_HOME, an empty user data folder).
    env = clean_env(tmp_path / "user")
    report = check_installed(env)
    assert report["grammar"]["status"] == "checked", report["grammar"]
    assert report["semantic"]["status"] == "checked", report["semantic"]  # the bundled model
    assert report["verdict"] == "stop"
    assert not list(Path(env["XDG_DATA_HOME"]).rglob("engine.json"))  # nothing was downloaded
    assert not list(Path(env["XDG_DATA_HOME"]).rglob("model.json"))

    # The installed tray app shows its icon in a real tray host.
    app_env = dict(env, DISPLAY=x_session.display)
    settings = Path(env["XDG_CONFIG_HOME"]) / "tap-assistant" / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[settings]\ngrammar_enabled = false\n", encoding="utf-8")
    with (tmp_path / "app.log").open("wb") as log:
        app = subprocess.Popen(["/usr/bin/tap-assistant", "run"], env=app_env, stdout=log, stderr=log)
        try:
            icons = wait_for(
                lambda: [line for line in x_session.tray_children() if "TAP Assistant" in line],
                timeout=60, what="the installed app's icon in trayer",
            )
            assert icons
            assert app.poll() is None
        finally:
            app.terminate()
            try:
                app.wait(timeout=30)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(timeout=10)

    # IT changes the district policy; an upgrade keeps it, and the app reads it.
    text = POLICY.read_text(encoding="utf-8")
    changed = text.replace('# district_name = "Your School District"', 'district_name = "Upgrade Test District"', 1)
    assert changed != text
    POLICY.write_text(changed, encoding="utf-8")
    run("dpkg", "-i", str(packages.upgrade), timeout=600)
    assert run("dpkg-query", "-W", "-f=${Version}", PACKAGE).stdout == f"{packages.version}+upgrade1"
    assert POLICY.read_text(encoding="utf-8") == changed
    assert not list(POLICY.parent.glob("policy.toml.dpkg-*"))
    assert "Upgrade Test District" in check_installed(env, "--no-grammar")["headline"]

    # Remove: nothing is left but the changed policy file; no file appeared under /opt at run time.
    files = installed_files()
    run("dpkg", "-r", PACKAGE, timeout=600)
    assert package_status() == "config-files"
    assert leftovers(files) == []
    assert not APP_DIR.exists()
    assert POLICY.read_text(encoding="utf-8") == changed

    # Purge removes the policy file too.
    run("dpkg", "--purge", PACKAGE, timeout=300)
    assert package_status() in ("", "not-installed")
    assert not POLICY.exists() and not POLICY.parent.exists()


def test_removing_an_untouched_install_leaves_nothing(packages: Packages) -> None:
    run("dpkg", "-i", str(packages.first), timeout=600)
    files = installed_files()
    run("dpkg", "-r", PACKAGE, timeout=600)
    assert leftovers(files) == []
    assert not APP_DIR.exists() and not POLICY.parent.exists()
    # Reinstalling after such a removal brings the policy template back.
    run("dpkg", "-i", str(packages.first), timeout=600)
    assert POLICY.is_file()
    run("dpkg", "--purge", PACKAGE, timeout=300)
    assert not POLICY.exists() and package_status() in ("", "not-installed")


def unattended(*args: str) -> subprocess.CompletedProcess:
    """Run a dpkg command as config management does: no terminal, standard input closed (not
    even /dev/null), no debconf frontend to answer for it."""
    env = {k: v for k, v in os.environ.items() if k != "DEBIAN_FRONTEND"}
    return subprocess.run(
        ["sh", "-c", 'exec "$@" 0<&-', "sh", *args],
        env=env, capture_output=True, text=True, timeout=600, start_new_session=True,
    )


def test_unattended_install_over_a_preseeded_policy_keeps_it(packages: Packages, tmp_path: Path) -> None:
    """Config management places IT's policy first, then installs with no terminal."""
    assert not POLICY.exists()
    POLICY.parent.mkdir(parents=True, exist_ok=True)
    # Odd bytes on purpose (no final newline, CRLF, a tab, non-ASCII) so any rewrite shows.
    preseeded = (
        b'# placed by config management\r\n[settings]\r\ndistrict_name = "Pr\xc3\xa9seeded District"\r\n'
        b'locked = ["district_name"]\t'
    )
    POLICY.write_bytes(preseeded)
    POLICY.chmod(0o640)
    try:
        result = unattended("dpkg", "-i", str(packages.first))
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        assert package_status() == "installed"
        assert POLICY.read_bytes() == preseeded
        assert POLICY.stat().st_mode & 0o777 == 0o640
        assert not list(POLICY.parent.glob("policy.toml.*"))
        env = clean_env(tmp_path / "user")
        assert "Préseeded District" in check_installed(env, "--no-grammar")["headline"]

        # An upgrade, unattended too, keeps it byte for byte.
        result = unattended("dpkg", "-i", str(packages.upgrade))
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        assert POLICY.read_bytes() == preseeded
        assert not list(POLICY.parent.glob("policy.toml.*"))

        # Remove keeps IT's file; purge deletes it as before.
        assert unattended("dpkg", "-r", PACKAGE).returncode == 0
        assert POLICY.read_bytes() == preseeded
        assert unattended("dpkg", "--purge", PACKAGE).returncode == 0
        assert not POLICY.exists() and package_status() in ("", "not-installed")
    finally:
        run("dpkg", "--purge", PACKAGE, check=False, timeout=300)
        POLICY.unlink(missing_ok=True)
