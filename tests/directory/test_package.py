"""The directory stays a plain package: no Rasa, and the assistant's API is importable."""

import subprocess
import sys

from .conftest import REPO_ROOT


def test_no_rasa_import():
    code = (
        "import sys, directory, directory.cli, directory.queries, directory.export; "
        "sys.exit(any(name == 'rasa' or name.startswith(('rasa.', 'rasa_sdk')) "
        "for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT).returncode == 0


def test_public_api():
    import directory

    assert {"find_services", "get_service", "get_services", "ServiceView"} <= set(directory.__all__)
