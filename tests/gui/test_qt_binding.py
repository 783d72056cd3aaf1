"""The Qt binding the app is built on keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 drops one reference to None on every call of a Qt method that
returns nothing; a tray app that runs for days makes millions of such calls, and when None's
count reaches zero the interpreter aborts ("Fatal Python error: none_dealloc"). pyproject.toml
keeps PySide6 below 6.12; this test fails on a binding with that bug.
"""

from __future__ import annotations

import sys

CALLS = 2_000


def test_void_qt_calls_leave_the_reference_count_of_none_unchanged(qapp) -> None:  # noqa: ANN001
    from PySide6.QtCore import QObject, QTimer

    holder = QObject()
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        holder.setObjectName("tap")
        timer.setInterval(5)
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 100, f"{lost} references to None lost over {CALLS} void Qt calls"
