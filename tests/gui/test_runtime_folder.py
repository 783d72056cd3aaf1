"""The single-instance folder without XDG_RUNTIME_DIR: a folder another local user created first in
the shared temporary folder (or a symlink planted there) is never used and never stops the app.

"Another user" is simulated with os.chown to uid 65534 (nobody), which needs root.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from tap_assistant.gui import runtime_folder
from tap_assistant.gui.runtime_folder import is_private_dir, runtime_dir

OTHER_UID = 65534

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")


@pytest.fixture
def shared_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short stand-in for /tmp (so socket paths fit) and no XDG_RUNTIME_DIR."""
    folder = Path(tempfile.mkdtemp(prefix="tr-", dir="/tmp"))
    folder.chmod(0o1777)  # like /tmp: anyone may create entries
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(runtime_folder, "_fresh", {})
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _fixed_tmp_candidate(shared_tmp: Path) -> Path:
    candidate = shared_tmp / f"tap-assistant-{os.getuid()}"
    assert candidate in runtime_folder.fixed_candidates()
    assert runtime_folder._fits(candidate)  # so it is refused for being foreign, not for its length
    return candidate


def _assert_private(folder: Path) -> None:
    info = os.lstat(folder)
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700


def test_the_fixed_folder_is_created_private_and_the_same_every_time(shared_tmp: Path) -> None:
    expected = _fixed_tmp_candidate(shared_tmp)
    assert runtime_dir() == expected == runtime_dir()
    _assert_private(expected)


def test_our_own_folder_with_loose_permissions_is_tightened(shared_tmp: Path) -> None:
    folder = _fixed_tmp_candidate(shared_tmp)
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert runtime_dir() == folder
    _assert_private(folder)


@needs_root
@pytest.mark.parametrize("mode", [0o700, 0o777])
def test_a_folder_precreated_by_another_user_is_not_used(shared_tmp: Path, mode: int) -> None:
    planted = _fixed_tmp_candidate(shared_tmp)
    planted.mkdir()
    os.chown(planted, OTHER_UID, OTHER_UID)
    planted.chmod(mode)
    chosen = runtime_dir()
    assert chosen != planted and not is_private_dir(planted)
    _assert_private(chosen)
    assert os.lstat(planted).st_uid == OTHER_UID and stat.S_IMODE(os.lstat(planted).st_mode) == mode  # left alone
    assert runtime_dir() == chosen  # the next start finds the same folder


def test_a_planted_symlink_is_not_followed(shared_tmp: Path, tmp_path: Path) -> None:
    planted = _fixed_tmp_candidate(shared_tmp)
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    planted.symlink_to(target)
    chosen = runtime_dir()
    assert chosen != planted and chosen.resolve() != target.resolve()
    _assert_private(chosen)


def test_a_planted_file_is_not_used(shared_tmp: Path) -> None:
    planted = _fixed_tmp_candidate(shared_tmp)
    planted.write_text("")
    _assert_private(runtime_dir())


@needs_root
def test_when_every_fixed_folder_is_taken_a_fresh_private_one_is_made_once(shared_tmp: Path, monkeypatch) -> None:
    planted = []
    for candidate in runtime_folder.fixed_candidates():
        candidate.mkdir(parents=True, exist_ok=True)
        os.chown(candidate, OTHER_UID, OTHER_UID)
        planted.append(candidate)
    chosen = runtime_dir()
    assert chosen not in planted and chosen.parent == shared_tmp
    _assert_private(chosen)
    assert runtime_dir() == chosen  # one folder per process: the socket and its lock stay together


@needs_root
def test_the_app_still_starts_listening_when_another_user_took_the_folder(qtbot, shared_tmp: Path) -> None:
    from tap_assistant.gui.instance import InstanceServer, lock_path, send_command

    planted = _fixed_tmp_candidate(shared_tmp)
    planted.mkdir()
    os.chown(planted, OTHER_UID, OTHER_UID)
    server = InstanceServer(lambda command: {"ok": True, "command": command})
    try:
        assert server.acquire()
        assert Path(server.name).parent == lock_path().parent != planted
        assert stat.S_IMODE(os.stat(server.name).st_mode) == 0o600
    finally:
        server.close()
    assert send_command("status", timeout_ms=200, name=server.name) is None  # closed: nobody listens
