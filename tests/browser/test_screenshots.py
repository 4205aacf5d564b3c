"""The screenshot script (tests/browser/screenshots.py) still works."""

import pytest

from tests.browser.screenshots import take

pytestmark = pytest.mark.servers


def test_screenshots_are_taken(browser, servers, tmp_path):
    for path in take(browser, servers.url, tmp_path):
        assert path.stat().st_size > 10_000, path
