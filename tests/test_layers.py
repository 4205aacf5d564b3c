"""Each package imports only what docs/architecture.md allows it: the layers stay apart."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> top-level modules it must never import
FORBIDDEN = {
    "directory": {"bot", "actions", "bench", "tests", "harness", "rasa", "rasa_sdk", "sanic"},
    "actions": {"bench", "tests", "harness", "rasa", "sanic"},
    "bot": {"actions", "bench", "tests", "harness"},
    "harness": {"bench", "tests"},
    "bench": {"tests"},
    "tests": {"bench"},
}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_stay_in_their_layer(package):
    wrong = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in FORBIDDEN[package]
    ]
    assert wrong == []


def test_actions_read_only_the_language_data_of_bot():
    allowed = {"bot.language.detect"}
    found = {
        module
        for path in (ROOT / "actions").rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("bot")
    }
    assert found <= allowed
