"""Clipboard contents helpers: snapshots for restoring, our own-write marker, privacy hints."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

#: Added to everything the app itself puts on the clipboard, so the watcher skips it.
OWN_WRITE_FORMAT = "application/x-tap-assistant-own"

#: Formats password managers and privacy-aware apps use to say "do not record this".
#: KDE/KeePassXC, Windows (clipboard viewers, cloud clipboard), macOS (nspasteboard.org).
PRIVACY_HINT_FORMATS = (
    "x-kde-passwordmanagerhint",
    "clipboard viewer ignore",
    "excludeclipboardcontentfrommonitorprocessing",
    "org.nspasteboard.concealedtype",
    "org.nspasteboard.transienttype",
    "application/x-nspasteboard-concealed-type",
)


def snapshot(mime: QMimeData | None) -> QMimeData:
    """A deep copy of every format, so the user's clipboard can be put back exactly."""
    copy = QMimeData()
    if mime is None:
        return copy
    for fmt in mime.formats():
        copy.setData(fmt, mime.data(fmt))
    return copy


def is_empty(mime: QMimeData | None) -> bool:
    return mime is None or not mime.formats()


def is_own_write(mime: QMimeData | None) -> bool:
    return mime is not None and mime.hasFormat(OWN_WRITE_FORMAT)


def has_privacy_hint(mime: QMimeData | None) -> bool:
    if mime is None:
        return False
    for fmt in mime.formats():
        lowered = fmt.lower()
        if any(hint in lowered for hint in PRIVACY_HINT_FORMATS):
            return True
        if "canincludeinclipboardhistory" in lowered or "canuploadtocloudclipboard" in lowered:
            # Windows: a DWORD 0 means "keep out of history"; treat any such flag as a hint.
            return True
    return False


def own_text(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    mime.setData(OWN_WRITE_FORMAT, b"1")
    return mime


def mark_own(mime: QMimeData) -> QMimeData:
    mime.setData(OWN_WRITE_FORMAT, b"1")
    return mime
