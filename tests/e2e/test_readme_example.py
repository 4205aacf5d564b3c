"""The README's curl example works as written: same headers, same body, a referral back."""

import itertools
import re
import shlex
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.servers

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_curl_example_gets_a_referral(servers):
    line = next(line for line in README.read_text(encoding="utf-8").splitlines() if "curl" in line)
    words = shlex.split(line)
    headers = dict(h.split(": ", 1) for flag, h in itertools.pairwise(words) if flag == "-H")
    body = words[words.index("-d") + 1]
    path = re.search(r"localhost:\d+(/\S+)", line).group(1)
    reply = requests.post(servers.url + path, data=body.encode(), headers=headers, timeout=30)
    assert reply.status_code == 200, reply.text
    services = [s["id"] for r in reply.json() if "custom" in r for s in r["custom"]["services"]]
    assert "kvinnofridslinjen" in services
