"""Check that every web address in the directory still answers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List

import requests

USER_AGENT = "directory-link-check/1.0 (+https://www.askersund.se)"
_WORKERS = 8  # link checks wait on the network, not the CPU


@dataclass(frozen=True)
class LinkResult:
    """The outcome for one URL; `problem` is None when it works."""

    url: str
    used_by: List[str]
    status: int | None
    problem: str | None


def urls_in(records: Iterable[dict]) -> Dict[str, List[str]]:
    """Every `url` and `sources` address, with the ids of the entries that use it."""
    found: Dict[str, List[str]] = {}
    for record in records:
        for url in ([record["url"]] if record.get("url") else []) + record["sources"]:
            users = found.setdefault(url, [])
            if record["id"] not in users:
                users.append(record["id"])
    return found


def check_url(session: requests.Session, url: str, timeout: float) -> tuple:
    """(status, problem): HEAD first, GET when a server refuses or mishandles HEAD."""
    try:
        response = session.head(url, timeout=timeout, allow_redirects=True)
        if response.status_code >= 400:
            # Many servers answer HEAD with 403/404/405 but serve GET fine.
            response = session.get(url, timeout=timeout, allow_redirects=True, stream=True)
            response.close()
    except requests.Timeout:
        return None, f"no answer within {timeout:g} s"
    except requests.ConnectionError:
        return None, "cannot connect"
    except requests.RequestException as error:
        return None, f"request failed ({type(error).__name__})"
    if response.status_code >= 400:
        return response.status_code, f"HTTP {response.status_code} {response.reason}"
    return response.status_code, None


def check_links(
    urls: Dict[str, List[str]],
    *,
    timeout: float = 10.0,
    progress: Callable[[], None] | None = None,
) -> List[LinkResult]:
    """Check all URLs in parallel; `progress` is called once per finished URL."""
    results: List[LinkResult] = []
    with requests.Session() as session, ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        session.headers["User-Agent"] = USER_AGENT
        futures = {pool.submit(check_url, session, url, timeout): url for url in urls}
        for future in as_completed(futures):
            url = futures[future]
            status, problem = future.result()
            results.append(LinkResult(url, urls[url], status, problem))
            if progress:
                progress()
    return sorted(results, key=lambda result: result.url)
