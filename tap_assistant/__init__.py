"""TAP Assistant: checks drafts against the district TAP test, locally."""

__version__ = "0.1.0"
APP_NAME = "tap-assistant"
