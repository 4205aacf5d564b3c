"""Anonymous statistics: counts per day of what conversations were about, never a conversation."""
