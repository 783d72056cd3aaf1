"""`check --clipboard`: the draft from the system clipboard, read with pyperclip.

For desktop shortcuts and scripts that run without the tray app. The clipboard is only read,
never written: pyperclip's paste asks the clipboard's owner for text (on Linux through xclip,
xsel or wl-paste) and leaves the selection as it was.
"""

from __future__ import annotations

from tap_assistant.commands import UsageError
from tap_assistant.core.textutil import PreparedText

NO_CLIPBOARD = (
    "no clipboard is available to read: run this inside a desktop session "
    "(on Linux, with xclip or xsel installed, or wl-clipboard on Wayland)"
)


def read_clipboard() -> PreparedText:
    """The clipboard's text; an empty or non-text clipboard gives empty text."""
    try:
        import pyperclip
    except ImportError as error:  # a build without it
        raise UsageError("reading the clipboard needs the pyperclip package") from error
    try:
        text = pyperclip.paste()
    except pyperclip.PyperclipException as error:
        raise UsageError(NO_CLIPBOARD) from error
    return PreparedText(text if isinstance(text, str) else "")
