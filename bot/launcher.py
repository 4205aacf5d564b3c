"""Start the action server and the Rasa server together and keep them running (a server that
exits or hangs is restarted, bot/supervisor.py); Ctrl-C stops both cleanly."""

import argparse
import os
import signal
import subprocess
import sys
import time
from typing import List, Optional

from bot import settings
from bot.supervisor import CHECK_EVERY, Child, Supervisor


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
    rasa = [sys.executable, "-m", "bot.rasa_cli"]
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


def _say(line: str) -> None:
    print(f"[launcher] {line}", flush=True)


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
    supervisor = Supervisor(
        start=lambda command: subprocess.Popen(command, cwd=settings.ROOT, env=env), say=_say
    )
    try:
        rasa = rasa_command(shell=args.shell)  # refuses unsafe settings before anything starts
        _say(f"Starting the action server on {settings.ACTION_HOST}:{settings.ACTION_PORT} ...")
        supervisor.add(
            Child(
                "The action server",
                action_server_command(),
                _local(settings.ACTION_PORT, "/health"),
                60,
            )
        )
        if not supervisor.wait_ready("The action server"):
            raise RuntimeError("the action server did not start")
        if args.shell:
            return subprocess.call(rasa, cwd=settings.ROOT, env=env)
        _say(f"Starting the Rasa server on {settings.RASA_HOST}:{settings.RASA_PORT} (about 20 s)")
        supervisor.add(
            Child(
                "The Rasa server", rasa, _local(settings.RASA_PORT, "/"), settings.STARTUP_TIMEOUT
            )
        )
        if not supervisor.wait_ready("The Rasa server"):
            raise RuntimeError("the Rasa server did not start")
        base = _local(settings.RASA_PORT, "")
        print(
            f"\nThe assistant is ready.\n  Website chat demo: {base}/webhooks/webchat/demo\n"
            f"  REST:  POST {base}/webhooks/rest/webhook "
            '{"sender": "me", "message": "hej"}\n'
            "A server that stops or hangs is restarted. Press Ctrl-C to stop.\n",
            flush=True,
        )
        while True:
            time.sleep(CHECK_EVERY)
            supervisor.check()
    except KeyboardInterrupt:
        _say("Stopping ...")
        return 0
    except (RuntimeError, ValueError) as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 1
    finally:
        stop(supervisor.processes())


def _local(port: int, path: str) -> str:
    return f"http://127.0.0.1:{port}{path}"


if __name__ == "__main__":
    sys.exit(main())
