"""User fields sealed with the user's own data key: passport number and TOTP secret.

The associated data names table, row and field, so a ciphertext copied to another user or
column fails to open; destroying the data key (account deletion) makes both unreadable.
"""

from __future__ import annotations

from accounts.models import User
from common.crypto.envelope import decrypt_field, encrypt_field

TABLE = "accounts_user"


def seal(user: User, field: str, value: str) -> bytes:
    return encrypt_field(user.id, value.encode(), table=TABLE, row_id=user.id, field=field)


def unseal(user: User, field: str, blob: bytes) -> str:
    return decrypt_field(user.id, bytes(blob), table=TABLE, row_id=user.id, field=field).decode()
