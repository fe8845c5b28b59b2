"""Logging that cannot leak health data through exception messages, nor capability URLs.

An exception's text may quote the value that broke it (a name, a code, a note). We keep the
type and the stack (file, line, function) for debugging and drop every message.

Some paths are bearer secrets: a SMART Health Link's manifest id (256 bits, the link itself
for anyone who also has the key) and the home doctor's portal link. django.request logs the
path of every 4xx/5xx (a wrong passcode, an expired link), so those segments are replaced,
in the message and in the request attached to the record, before any handler sees them.
"""

from __future__ import annotations

import logging
import re
import traceback

CAPABILITY_PATH = re.compile(r"/(shl|consult)/[^/\s'\"?]+")


def redact_path(text: str) -> str:
    return CAPABILITY_PATH.sub(r"/\1/[redacted]", text)


def redacted_traceback(exc: BaseException) -> str:
    lines = [f"{type(exc).__module__}.{type(exc).__qualname__} (message withheld)"]
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    return "\n".join(lines)


class RedactExceptionsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}\n{redacted_traceback(record.exc_info[1])}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        request = getattr(record, "request", None)
        if request is not None:
            message = record.getMessage()
            if CAPABILITY_PATH.search(message) or CAPABILITY_PATH.search(repr(request)):
                record.msg, record.args = redact_path(message), None
                # Handlers that read the request (the admins' mail) fall back to the message.
                record.request = None
        return True
