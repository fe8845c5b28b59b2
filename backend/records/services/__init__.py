"""Writes of the records app. `bundle_push` takes a hospital's push; `submission_index` files
an accepted push into the index; `submissions_sweep` re-queues work a broker outage or a
killed worker left behind."""

from records.services.indexing import submission_index
from records.services.push import bundle_push
from records.services.queue import submissions_sweep

__all__ = ["bundle_push", "submission_index", "submissions_sweep"]
