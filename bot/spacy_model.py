"""Build the blank Swedish spaCy pipeline with lookup lemmas locally: no model download."""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    """Save a blank `sv` pipeline whose lemmatizer reads spacy-lookups-data's tables."""
    nlp = spacy.blank("sv")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lookup table from spacy-lookups-data into the pipeline
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    print(f"spaCy pipeline written to {target}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "var/spacy/sv_lookup"))
