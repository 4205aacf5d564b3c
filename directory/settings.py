"""Every environment variable the directory reads, with safe local defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
TAXONOMY_PATH = PACKAGE_DIR / "taxonomy.yml"
LOCALES_PATH = PACKAGE_DIR / "locales.yml"


@dataclass(frozen=True)
class Settings:
    """Resolved settings; read fresh on each call so tests and admins can change the environment."""

    db_url: str
    entries_dir: Path
    guidance_dir: Path  # the action plan and staff guidance (directory/guidance/)
    snapshot_path: Path
    municipality: str
    chat_url: str | None  # the chat page printed sheets point to (QR code); None: not set


def get_settings() -> Settings:
    """Read the environment now (cheap: a few dict look-ups)."""
    var = PROJECT_ROOT / "var"
    return Settings(
        db_url=os.environ.get("DIRECTORY_DB_URL") or f"sqlite:///{var / 'directory.db'}",
        entries_dir=Path(os.environ.get("DIRECTORY_ENTRIES_DIR") or PACKAGE_DIR / "entries"),
        guidance_dir=Path(os.environ.get("DIRECTORY_GUIDANCE_DIR") or PACKAGE_DIR / "guidance"),
        snapshot_path=Path(
            os.environ.get("DIRECTORY_SNAPSHOT_PATH") or var / "directory-snapshot.json"
        ),
        municipality=os.environ.get("DIRECTORY_MUNICIPALITY") or "Askersund",
        chat_url=os.environ.get("PRINT_CHAT_URL") or None,
    )
