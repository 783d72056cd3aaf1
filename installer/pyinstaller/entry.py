"""Entry point of the frozen app: the same `tap-assistant` command line as the installed package."""

import sys

from tap_assistant.cli import main

if __name__ == "__main__":
    sys.exit(main())
