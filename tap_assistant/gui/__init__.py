"""Everything Qt: the tray app, capture, the front-page review and the settings window.

The core (`tap_assistant.core`) never imports this package; this package only talks to the core
through `build_checker(config).check(text, audience)` and the `Report` it returns.
"""
