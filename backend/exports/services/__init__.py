"""Writes of the exports app: archive jobs (request, build, expiry) and account deletion."""

from exports.services.jobs import (
    ExportRequested,
    export_build,
    export_request,
    exports_erase,
    exports_purge_expired,
    exports_requeue_stale,
)

__all__ = [
    "ExportRequested",
    "export_build",
    "export_request",
    "exports_erase",
    "exports_purge_expired",
    "exports_requeue_stale",
]
