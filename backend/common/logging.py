"""Logging that cannot leak health data through exception messages.

An exception's text may quote the value that broke it (a name, a code, a note). We keep the
type and the stack (file, line, function) for debugging and drop every message.
"""

from __future__ import annotations

import logging
import traceback


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
        return True
