"""The curated service directory: entries as YAML, a SQL store, queries and an admin CLI.

The assistant reads the directory only through these functions.
"""

from .queries import DirectoryUnavailable, find_services, get_service, get_services
from .views import ServiceView

__all__ = ["DirectoryUnavailable", "ServiceView", "find_services", "get_service", "get_services"]
