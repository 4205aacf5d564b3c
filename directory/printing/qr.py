"""The QR code to the chat page, as an inline SVG image: nothing is fetched when printing."""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    """Medium error correction, so a folded or worn sheet still scans; a quiet zone of 4 modules
    as the standard asks (scanners need it)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=4))
