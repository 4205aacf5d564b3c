"""Every mode runs with the assistant's corrections: an in-process agent (as a notebook or a
script would load it) and the `rasa` entry point the launcher uses, not only `rasa run`."""

import subprocess
import textwrap

import pytest

from bot import runtime
from harness.servers import PYTHON, ROOT, server_env

AGENT = textwrap.dedent("""
    import asyncio, sys
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor
    import sanic.app
    agent = Agent.load(sys.argv[1])
    from bot import rasa_patches
    from bot.guard.protocol import GuardedHttpProtocol
    assert MessageProcessor.parse_message is rasa_patches._parse_message, "not patched"
    assert sanic.app.HttpProtocol is GuardedHttpProtocol, "not guarded"
    async def talk():
        await agent.handle_text('/choose_language{"language": "<b>x</b>"}', sender_id="s")
        tracker = await agent.tracker_store.retrieve("s")
        return tracker.get_slot("language")
    print("LANGUAGE", asyncio.run(talk()))
""")


@pytest.mark.servers
def test_an_in_process_agent_runs_with_the_corrections(tmp_path):
    result = subprocess.run(
        [PYTHON, "-c", AGENT, str(ROOT / "models" / "assistant.tar.gz")],
        cwd=ROOT,
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "LANGUAGE sv" in result.stdout  # the injected value never reached the slot


CLI = textwrap.dedent("""
    import sys
    sys.argv = ["rasa", "--version"]
    import sanic.app
    from bot import rasa_cli
    try:
        rasa_cli.main()
    except SystemExit:
        pass
    from bot.guard.protocol import GuardedHttpProtocol
    print("GUARDED" if sanic.app.HttpProtocol is GuardedHttpProtocol else "NOT GUARDED")
""")


@pytest.mark.slow
def test_the_launchers_rasa_entry_point_installs_the_runtime_first(tmp_path):
    result = subprocess.run(
        [PYTHON, "-c", CLI],
        cwd=ROOT,
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "GUARDED" in result.stdout.split(), result.stdout + result.stderr[-2000:]


def test_any_rasa_but_3_6_refuses_to_start():
    runtime.check_rasa_version("3.6.21")
    with pytest.raises(runtime.UnsupportedRasa, match=r"3\.6"):
        runtime.check_rasa_version("3.7.0")
