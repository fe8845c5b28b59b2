"""Which master keys are still needed, before an operator removes one (docs/operations.md,
"Master key"): every row or line sealed or signed under a master key names it by `kid`.

A kid still named by a live data key or the current signing key must stay in the keyring;
one named only by deletion-ledger lines or retired signing keys must stay too if those are
to keep verifying (the ledger is re-applied after every restore), and backups made under a
kid need that key for as long as the backups are kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from accounts.models import SigningKey
from common.crypto.keys import keyring
from common.models import DataKey
from exports.deletion.ledger import ledger_read


@dataclass
class KidUse:
    data_keys: int = 0
    signing_keys: int = 0  # signing keys whose private half is sealed under this kid
    current_signing: bool = False
    ledger_lines: int = 0

    @property
    def needed(self) -> bool:
        return bool(self.data_keys or self.current_signing or self.ledger_lines)


@dataclass
class KeyStatus:
    current: str
    in_keyring: list[str]
    uses: dict[str, KidUse] = field(default_factory=dict)

    def removable(self, kid: str) -> bool:
        return kid != self.current and not self.uses.get(kid, KidUse()).needed


def key_status() -> KeyStatus:
    ring = keyring()
    status = KeyStatus(ring.current.kid, [k.kid for k in ring.keys])
    live = DataKey.objects.filter(destroyed_at__isnull=True).values("kid").annotate(n=Count("id"))
    for row in live:
        status.uses.setdefault(row["kid"], KidUse()).data_keys = row["n"]
    for kid, count in Counter(SigningKey.objects.values_list("master_kid", flat=True)).items():
        status.uses.setdefault(kid, KidUse()).signing_keys = count
    signing = SigningKey.objects.order_by("-created_at").first()
    if signing is not None:
        status.uses.setdefault(signing.master_kid, KidUse()).current_signing = True
    for kid, count in Counter(line.kid for line in ledger_read().lines).items():
        status.uses.setdefault(kid, KidUse()).ledger_lines = count
    return status
