"""Turning raw input into checkable text, and converting offsets for Qt.

Qt's QString counts UTF-16 code units; Python counts code points. Characters outside the Basic
Multilingual Plane (most emoji) take two UTF-16 units, so every offset after one shifts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from tap_assistant.core.model import Notice

#: Longest text checked; the rest is left unchecked with a notice (documented in the README).
MAX_CHECK_CHARS = 200_000


def _all_bmp(text: str) -> bool:
    """True when every character is one UTF-16 unit (the usual case; checked at C speed)."""
    return not text or max(text) <= "\uffff"


def utf16_offset(text: str, index: int) -> int:
    """UTF-16 code-unit position of the code-point `index` in `text`."""
    prefix = text[:index]
    if _all_bmp(prefix):
        return index
    return index + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def utf16_span(text: str, start: int, end: int) -> tuple[int, int]:
    return utf16_offset(text, start), utf16_offset(text, end)


def codepoint_offset(text: str, utf16_index: int) -> int:
    """Inverse of `utf16_offset`: the code-point index at a UTF-16 position."""
    if _all_bmp(text):
        return min(max(utf16_index, 0), len(text))
    units = 0
    for index, ch in enumerate(text):
        if units >= utf16_index:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def is_blank(text: str) -> bool:
    """True when nothing in `text` can be read: only spaces, line breaks and invisible or
    control characters (a zero-width space, a direction mark, NUL)."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


@dataclass
class PreparedText:
    text: str
    notices: list[Notice] = field(default_factory=list)


def decode_input(data: bytes) -> PreparedText:
    """Decode bytes as UTF-8; invalid bytes become U+FFFD and are reported, never fatal."""
    notices: list[Notice] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif _utf16_bom(data):
        # Windows Notepad's "Unicode": UTF-16 with a byte-order mark.
        text = data.decode("utf-16", errors="replace")
        if "\ufffd" in text:
            notices.append(Notice("invalid-utf16", "Invalid UTF-16 sequences were replaced by \ufffd."))
        return PreparedText(text, notices)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        notices.append(
            Notice("invalid-utf8", f"{bad} invalid UTF-8 byte sequence(s) were replaced by \ufffd.")
        )
    return PreparedText(text, notices)


_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF-", b"PK\x03\x04", b"\x7fELF",
    b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\xfd7zXZ", b"RIFF", b"OggS", b"ID3",
)


def _utf16_bom(data: bytes) -> bool:
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) or len(data) % 2:
        return False
    try:
        data[:8192].decode("utf-16")
    except UnicodeDecodeError:
        return False
    return True


def looks_binary(data: bytes) -> bool:
    """True for content that is clearly not a text draft (an image, an archive, a program).

    A stray NUL or a few bad bytes in a real draft are fine: those are replaced and reported.
    """
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith(_BINARY_MAGIC):
        return True
    if _utf16_bom(sample):
        return False  # text in UTF-16 (half its bytes are NULs)
    control = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    # A few NULs or control bytes in a short draft are fine (they are kept and reported).
    if control > max(8, len(sample) // 10):
        return True
    invalid = sample.decode("utf-8", errors="replace").count("\ufffd")
    return invalid > max(8, len(sample) // 20)


def cap_text(text: str, limit: int = MAX_CHECK_CHARS) -> PreparedText:
    if len(text) <= limit:
        return PreparedText(text)
    return PreparedText(
        text[:limit],
        [
            Notice(
                "truncated",
                f"The text has {len(text):,} characters; only the first {limit:,} were checked.",
            )
        ],
    )
