from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from audit import services as audit
from common.actors import SYSTEM
from common.crypto.envelope import rewrap_all
from common.crypto.keys import keyring, reset_keyring_cache


class Command(BaseCommand):
    help = (
        "Re-wrap every patient data key under the current (first) master key. Payloads are "
        "not touched. Put the new key first in PHR_MASTER_KEY, keep the old one after it, run "
        "this, then remove the old key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reset_keyring_cache()
        current = keyring().current.kid
        with audit.atomic():
            rewrapped, already = rewrap_all()
            audit.record(
                actor=SYSTEM,
                action="key.master.rotate",
                object_type="master_key",
                object_id=current,
                detail={"rewrapped": rewrapped},
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"master key {current}: {rewrapped} data keys re-wrapped, {already} already current"
            )
        )
