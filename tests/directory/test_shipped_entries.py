"""The shipped directory validates and holds every service named in the shared facts."""

import re
from pathlib import Path

import pytest

from directory.settings import PACKAGE_DIR
from directory.validate import validate_directory

from .conftest import REPO_ROOT

# shared/ sits beside the repository, in a developer's workspace and in CI alike.
FACTS = [
    REPO_ROOT.parent / "shared" / "directory-facts.yml",
    Path("/work/shared/directory-facts.yml"),
]


def fact_ids():
    path = next((p for p in FACTS if p.exists()), None)
    if path is None:
        pytest.skip("shared/directory-facts.yml is not available here")
    # Read the ids line by line: the facts file is notes for people, not strict YAML.
    return set(re.findall(r'^\s*- id: "?([a-z0-9-]+)"?\s*$', path.read_text(), re.MULTILINE))


def test_shipped_entries_are_valid():
    report = validate_directory(PACKAGE_DIR / "entries")
    assert [str(problem) for problem in report.problems] == []


def test_every_fact_has_an_entry():
    shipped = {record["id"] for record in validate_directory(PACKAGE_DIR / "entries").records}
    assert sorted(fact_ids() - shipped) == []


def test_no_confidential_address_is_published():
    for record in validate_directory(PACKAGE_DIR / "entries").records:
        if record["confidential_address"]:
            assert "address" not in record
