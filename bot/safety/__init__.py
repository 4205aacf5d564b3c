"""The rule-based danger check: runs on every message, independent of the classifier."""
