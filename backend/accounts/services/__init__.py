"""Writes of the accounts app: each service runs in audit.atomic() and records its event."""

from accounts.services.agreements import (
    AgreementGiven,
    agreement_give,
    agreement_withdraw,
    withdrawal_effect,
)
from accounts.services.login import auth_login, credentials_check
from accounts.services.passwords import (
    password_change,
    password_reset_confirm,
    password_reset_request,
)
from accounts.services.profile import user_deactivate, user_update
from accounts.services.registration import (
    Registration,
    email_verify,
    user_register,
    verification_resend,
)
from accounts.services.sessions import (
    TokenPair,
    session_logout,
    session_refresh,
    session_resume,
    session_revoke,
    session_start,
    sessions_revoke_all,
)
from accounts.services.staff import (
    StaffCreated,
    signing_key_rotate,
    staff_create,
    staff_totp_reset,
)

__all__ = [
    "AgreementGiven",
    "Registration",
    "StaffCreated",
    "TokenPair",
    "agreement_give",
    "agreement_withdraw",
    "auth_login",
    "credentials_check",
    "email_verify",
    "password_change",
    "password_reset_confirm",
    "password_reset_request",
    "session_logout",
    "session_refresh",
    "session_resume",
    "session_revoke",
    "session_start",
    "sessions_revoke_all",
    "signing_key_rotate",
    "staff_create",
    "staff_totp_reset",
    "user_deactivate",
    "user_register",
    "user_update",
    "verification_resend",
    "withdrawal_effect",
]
