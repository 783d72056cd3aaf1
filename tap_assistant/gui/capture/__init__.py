"""Getting a draft into the app: the global hotkey, selection capture and clipboard watching."""
