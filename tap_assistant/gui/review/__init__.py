"""The front-page review window: the draft rendered as the lead story of a local newspaper."""
