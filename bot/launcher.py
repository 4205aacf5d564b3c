"""Start the action server and the Rasa server together; Ctrl-C stops both cleanly."""

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import List, Optional

import requests

from bot import settings


def action_server_command() -> List[str]:
    return [
        sys.executable,
        "-m",
        "bot.action_server",
        "--host",
        settings.ACTION_HOST,
        "--port",
        str(settings.ACTION_PORT),
    ]


def rasa_command(shell: bool = False) -> List[str]:
    rasa = [sys.executable, "-m", "rasa"]
    common = ["--model", str(settings.MODEL_PATH), "--endpoints", str(settings.ENDPOINTS)]
    if shell:
        return [*rasa, "shell", *common]
    command = [
        *rasa,
        "run",
        *common,
        "--credentials",
        str(settings.CREDENTIALS),
        "--interface",
        settings.RASA_HOST,
        "--port",
        str(settings.RASA_PORT),
    ]
    if settings.ENABLE_API:
        if len(settings.AUTH_TOKEN) < 16:
            raise ValueError("RASA_ENABLE_API needs RASA_AUTH_TOKEN (at least 16 characters).")
        command += ["--enable-api", "--auth-token", settings.AUTH_TOKEN]
    if settings.CORS_ORIGINS:
        if "*" in settings.CORS_ORIGINS:
            raise ValueError("RASA_CORS_ORIGINS must list the websites, not '*'.")
        command += ["--cors", *settings.CORS_ORIGINS]
    return command


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Poll `url` until it answers; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{' '.join(proc.args[:4])} exited with code {proc.returncode}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def stop(procs: List[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main(argv: Optional[List[str]] = None) -> int:
    # Ctrl-C and a service manager's SIGTERM both stop the two servers cleanly.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="talk in the terminal (rasa shell)")
    args = parser.parse_args(argv)
    if not settings.MODEL_PATH.exists():
        print(
            f"No trained model at {settings.MODEL_PATH}: run `make train` first.", file=sys.stderr
        )
        return 1
    env = {"RASA_TELEMETRY_ENABLED": "false", **os.environ, "PYTHONPATH": str(settings.ROOT)}
    procs: List[subprocess.Popen] = []
    try:
        print(f"Starting the action server on {settings.ACTION_HOST}:{settings.ACTION_PORT} ...")
        actions = subprocess.Popen(action_server_command(), cwd=settings.ROOT, env=env)
        procs.append(actions)
        wait_until_up(f"http://127.0.0.1:{settings.ACTION_PORT}/health", actions, 60)
        if args.shell:
            return subprocess.call(rasa_command(shell=True), cwd=settings.ROOT, env=env)
        print(f"Starting the Rasa server on {settings.RASA_HOST}:{settings.RASA_PORT} (about 20 s)")
        rasa = subprocess.Popen(rasa_command(), cwd=settings.ROOT, env=env)
        procs.append(rasa)
        base = f"http://127.0.0.1:{settings.RASA_PORT}"
        wait_until_up(base + "/", rasa, settings.STARTUP_TIMEOUT)
        print(
            f"\nThe assistant is ready.\n  Website chat demo: {base}/webhooks/webchat/demo\n"
            f"  REST:  POST {base}/webhooks/rest/webhook "
            '{"sender": "me", "message": "hej"}\nPress Ctrl-C to stop.\n',
            flush=True,
        )
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        return next(p.returncode for p in procs if p.poll() is not None) or 1
    except KeyboardInterrupt:
        print("\nStopping ...")
        return 0
    except (RuntimeError, TimeoutError, ValueError) as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 1
    finally:
        stop(procs)


if __name__ == "__main__":
    sys.exit(main())
