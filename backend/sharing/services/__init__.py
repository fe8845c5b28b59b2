"""Writes of the sharing app: making and ending shares, and serving the SHL protocol (each
manifest request and file fetch writes its access record and audit event)."""

from sharing.services.create import CreatedShare, ShareRequest, share_create
from sharing.services.fetch import FileRequest, file_fetch
from sharing.services.lifecycle import share_revoke, shares_purge_expired
from sharing.services.protocol import ManifestRequest, direct_file, manifest_open

__all__ = [
    "CreatedShare",
    "FileRequest",
    "ManifestRequest",
    "ShareRequest",
    "direct_file",
    "file_fetch",
    "manifest_open",
    "share_create",
    "share_revoke",
    "shares_purge_expired",
]
