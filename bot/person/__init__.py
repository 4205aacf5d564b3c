"""Facts about the person writing, read from their words (patterns per language)."""
