"""The review fits the most common school laptop screens, with a window manager and a taskbar.

Each size gets its own Xvfb, openbox and a bottom panel (trayer with a strut, as a taskbar
reserves space); the real review window opens there and every button must be on screen, and
not under the taskbar.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import REPO, XSession, _require_tools, wait_for

TASKBAR = 40


@pytest.fixture
def laptop_screen(request, tmp_path: Path):
    _require_tools()
    width, height = request.param
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=(tmp_path / "xvfb.log").open("wb"),
    )
    assert xvfb.stdout is not None
    number = xvfb.stdout.readline().decode().strip()
    session = XSession(f":{number}", [xvfb])
    try:
        session.processes.append(
            subprocess.Popen(["openbox"], env=session.env, stdout=subprocess.DEVNULL,
                             stderr=(tmp_path / "openbox.log").open("wb"))
        )
        time.sleep(0.5)
        session.processes.append(
            subprocess.Popen(
                ["trayer", "--edge", "bottom", "--align", "left", "--widthtype", "percent", "--width", "100",
                 "--height", str(TASKBAR), "--transparent", "false", "--SetDockType", "true",
                 "--SetPartialStrut", "true"],
                env=session.env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "trayer.log").open("wb"),
            )
        )
        wait_for(lambda: '"panel": ("panel" "trayer")' in session.run("xwininfo", "-root", "-tree"),
                 timeout=10, what="the taskbar")
        time.sleep(0.5)  # openbox publishes the new work area
        yield session, (width, height)
    finally:
        session.close()


def _inside(outer: list[int], inner: list[int]) -> bool:
    ox, oy, ow, oh = outer
    ix, iy, iw, ih = inner
    return ox <= ix and oy <= iy and ix + iw <= ox + ow and iy + ih <= oy + oh


@pytest.mark.parametrize("laptop_screen", [(1280, 720), (1366, 768)], indirect=True, ids=["1280x720", "1366x768"])
def test_every_review_button_is_on_screen(laptop_screen, tmp_path: Path) -> None:
    session, (width, height) = laptop_screen
    env = session.env
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    probe = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.review_fit_probe", "Maple Valley School District"],
        cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=(tmp_path / "probe.err").open("wb"),
        text=True,
    )
    session.processes.append(probe)
    assert probe.stdout is not None and probe.stdin is not None
    line = probe.stdout.readline()
    assert line, (tmp_path / "probe.err").read_text()
    report = json.loads(line)
    assert report["screen"] == [0, 0, width, height]
    # The taskbar's strut reached Qt: the free area excludes it.
    assert report["available"][3] <= height - TASKBAR, report["available"]
    available = report["available"]
    assert _inside(available, report["frame"]), f"window frame {report['frame']} outside {available}"
    # What the X server says agrees: the mapped window lies inside the screen above the taskbar.
    window_id = session.run("xdotool", "search", "--name", "Front page test").split()[0]
    # xwininfo's absolute position (xdotool's getwindowgeometry counts the frame offset twice).
    xinfo = {}
    for line in session.run("xwininfo", "-id", window_id).splitlines():
        key, _, value = line.strip().partition(":")
        xinfo[key] = value.strip()
    x_rect = [int(xinfo["Absolute upper-left X"]), int(xinfo["Absolute upper-left Y"]),
              int(xinfo["Width"]), int(xinfo["Height"])]
    assert x_rect == report["client"], f"Qt and the X server disagree: {report['client']} vs {x_rect}"
    assert _inside(available, x_rect), f"the X server places the window at {x_rect}, outside {available}"
    probe.stdin.write("done\n")
    probe.stdin.flush()
    assert probe.wait(timeout=30) == 0
    buttons = report["buttons"]
    names = {b["full_text"].replace("&", "") for b in buttons}
    assert {"Copy revised text", "Close"} <= names or any("Copy" in n for n in names), names
    assert report["cards"] >= 5 and sum(b["in_findings"] for b in buttons) >= report["cards"]
    viewport = report["findings_viewport"]
    assert _inside(available, viewport)
    for button in buttons:
        x, y, w, h = button["rect"]
        assert w > 0 and h > 0, button
        assert button["inside_parent"], f"clipped by its card: {button}"
        if button["in_findings"]:
            # The list scrolls vertically; across, every button must be within the list.
            vx, _, vw, _ = viewport
            assert vx <= x and x + w <= vx + vw, f"{button} sticks out of the findings list {viewport}"
        else:
            assert _inside(available, button["rect"]), f"{button} is off screen ({available})"
    # The masthead stays on one line.
    assert report["masthead"]["full"] == "MAPLE VALLEY SCHOOL DISTRICT"
    assert report["masthead"]["lines"] == 1
