"""The typed client of PocketChart's patient API, shared by the phone app and the tests.

Pure Python (requests): it never imports Django or Kivy (tests/shared/test_isolation.py).
"""

from shared.api.client import PocketChartClient
from shared.api.errors import ApiError, Offline, SessionExpired
from shared.api.tokens import TokenKeeper, TokenPair
from shared.api.transport import Reply, RequestsTransport, Transport

__all__ = [
    "ApiError",
    "Offline",
    "PocketChartClient",
    "Reply",
    "RequestsTransport",
    "SessionExpired",
    "TokenKeeper",
    "TokenPair",
    "Transport",
]
