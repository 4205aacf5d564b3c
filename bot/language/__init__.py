"""Language detection for short chat messages: script, lexicon and context before statistics."""
