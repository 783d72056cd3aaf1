"""A loader thread's signal after the app object is gone (a quit during loading): no exception."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal

from tap_assistant.gui.application import emit_unless_deleted


class Loader(QObject):
    loaded = Signal()


def test_a_signal_of_a_live_object_is_emitted(qtbot) -> None:
    loader = Loader()
    with qtbot.waitSignal(loader.loaded, timeout=1000):
        assert emit_unless_deleted(loader.loaded) is True


def test_a_signal_of_a_deleted_object_is_dropped_without_raising() -> None:
    loader = Loader()
    signal_instance = loader.loaded
    shiboken6.delete(loader)
    try:
        signal_instance.emit()
    except RuntimeError:
        pass  # what the loader thread raised before
    else:
        raise AssertionError("emitting on a deleted object no longer raises: this test no longer proves anything")
    assert emit_unless_deleted(signal_instance) is False
