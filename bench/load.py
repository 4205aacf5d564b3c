"""Speed and memory of the assistant, side by side with Rasa's stock starter assistant.

In one run, on loopback:
- training time from scratch (no cache) of the assistant and of the stock starter bot;
- cold start (process start to first answer) of both Rasa servers;
- an async load generator: virtual users hold realistic multi-turn conversations (2-5 turns,
  think time 0, a fresh sender per conversation; all nine languages for the assistant,
  greetings and moods for the stock bot) at 1, 10, 25 and 50 concurrent users, each level bounded
  in time and in requests; throughput, latency p50/p95/p99 and errors per level;
- peak RSS (VmHWM, and the highest VmRSS seen while polling /proc) of the Rasa servers and of the
  assistant's action server.

The stock bot is generated at run time with `rasa init --no-prompt` in a temporary folder (which
trains it from scratch; `--stock-retrain` also times a separate `rasa train`) and served with
`rasa run` (REST channel, no action server: the starter has no custom actions in use). All
servers run side by side and take turns level by level. `--write-docs` writes a table and a
latency plot into docs/.

    python -m bench.load [--write-docs] [--duration 15] [--users 1,10,25,50] [--skip-training]
"""

import argparse
import asyncio
import contextlib
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional
from zoneinfo import ZoneInfo

from bench.docs_section import write_section
from bench.load_report import draw, report
from bench.loadgen import measure
from bench.machine import load_average, machine, revision
from bench.stacks import make_stock, start_assistant, start_stock, start_workers, train_assistant

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "assistant-bench"
PLOT = "bench-latency.png"


async def main_async(args) -> int:
    meta: Dict[str, object] = {
        "when": datetime.now(ZoneInfo("Europe/Stockholm")).strftime("%A %Y-%m-%d %H:%M")
        + " Swedish time",
        "revision": revision(),
        "machine": machine(),
        "duration": args.duration,
        "max_requests": args.max_requests,
    }
    print(f"{meta['machine']}; load average {load_average():.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as name:
        tmp = Path(name)
        if not args.skip_training:
            load_before = load_average()
            meta["train_assistant_s"] = await asyncio.to_thread(train_assistant, tmp)
            meta["train_load"] = f"{load_before:.2f}"
            print(
                f"assistant: trained from scratch in {meta['train_assistant_s']:.0f} s "
                f"(load {load_before:.2f})",
                flush=True,
            )
        if args.stock_project:  # an earlier `rasa init` project (for trying the bench quickly)
            stock_made = {"project": args.stock_project, "init_s": None}
            (args.stock_project / "credentials.yml").write_text("rest:\n")
        else:
            stock_made = await asyncio.to_thread(make_stock, tmp, args.stock_retrain)
            print(
                f"stock bot: rasa init (scaffold and training) {stock_made['init_s']:.0f} s",
                flush=True,
            )
        meta["stock_init_s"] = stock_made["init_s"]
        meta["train_stock_s"] = stock_made.get("train_s", stock_made["init_s"])
        meta["train_stock_how"] = "`rasa train`" if "train_s" in stock_made else "`rasa init`"
        with contextlib.ExitStack() as stack:
            print(f"starting the servers (load {load_average():.2f})", flush=True)
            stock = await asyncio.to_thread(start_stock, stock_made["project"], stack)
            ours = await asyncio.to_thread(start_assistant, tmp / "servers", stack)
            workers = None
            if args.sanic_workers > 1:
                workers = await asyncio.to_thread(start_workers, tmp, stack, args.sanic_workers)
            targets = [t for t in (stock, ours, workers) if t]
            await measure(targets, args.users, args.duration, args.max_requests)
    meta["sanic_workers"] = args.sanic_workers
    text = report(meta, ours, stock, PLOT if args.write_docs else None, workers)
    print(text)
    if args.write_docs:
        draw(ours, stock, DOCS.parent / PLOT, workers)
        write_section(DOCS, SECTION, text, title="Benchmarks")
        print(f"wrote {DOCS.relative_to(ROOT)} and docs/{PLOT}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per level")
    parser.add_argument("--max-requests", type=int, default=5000, help="messages per level")
    parser.add_argument(
        "--users", type=lambda s: [int(x) for x in s.split(",")], default=[1, 10, 25, 50]
    )
    parser.add_argument(
        "--skip-training",
        action="store_true",
        help="skip the training measurements (rasa init still trains once)",
    )
    parser.add_argument(
        "--stock-project", type=Path, help="reuse this `rasa init` project with a trained model"
    )
    parser.add_argument(
        "--stock-retrain",
        action="store_true",
        help="also time a separate `rasa train` of the stock bot",
    )
    parser.add_argument(
        "--sanic-workers",
        type=int,
        default=1,
        help="also measure our Rasa server with this many Sanic workers "
        "(needs redis-server; the default 1 skips it)",
    )
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
