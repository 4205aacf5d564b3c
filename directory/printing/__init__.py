"""Printed brochures, posters and wallet cards made from the loaded directory (docs/printing.md)."""


class PrintError(Exception):
    """Something the administrator can fix; the message is a plain sentence. Nothing was written."""
