"""Run a coroutine to completion from any test, even while another library's loop runs here.

Playwright's sync API keeps an event loop running in the main thread for the whole browser
session, so `asyncio.run` would fail in tests that run after the browser tests.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_async(coroutine):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
