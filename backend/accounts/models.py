"""People who sign in (patients, hospital staff, operators), their legal agreements, their
sessions and the keys that sign their access tokens. Email is the login.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models


class Role(models.TextChoices):
    PATIENT = "patient"
    STAFF = "staff"
    OPERATOR = "operator"


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("an email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(role=Role.OPERATOR, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    # Never a resident registration number: Korean law forbids collecting it without a
    # statutory basis, and we have none.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PATIENT)
    name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    preferred_language = models.CharField(max_length=16, default="en")
    time_zone = models.CharField(max_length=64, default="Asia/Seoul")
    country = models.CharField(max_length=2, blank=True)
    # Sealed with the user's own data key (common.crypto.envelope); never stored in clear.
    passport_number = models.BinaryField(null=True, blank=True, editable=False)
    totp_secret = models.BinaryField(null=True, blank=True, editable=False)
    # The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)  # may open the Django admin (operators)
    date_joined = models.DateTimeField(auto_now_add=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()

    def __str__(self) -> str:
        return f"{self.role} {self.id}"


class AgreementKind(models.TextChoices):
    TERMS = "terms"
    PRIVACY = "privacy"
    SENSITIVE_HEALTH_DATA = "sensitive_health_data"
    TRANSFER_ABROAD = "transfer_abroad"


class AgreementEnd(models.TextChoices):
    WITHDRAWN = "withdrawn"
    RENEWED = "renewed"  # given again for a newer text version


class Agreement(models.Model):
    """One giving of one legal agreement. Rows are never deleted: withdrawing or renewing it
    stamps `ended_at`, and giving it again adds a row, so the history is the table."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(max_length=32, choices=AgreementKind.choices)
    version = models.CharField(max_length=32)
    language = models.CharField(max_length=16)
    given_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=AgreementEnd.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "kind", "given_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(ended_at__isnull=True),
                name="accounts_one_standing_agreement_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.version} of {self.user_id}"


class AuthSession(models.Model):
    """A signed-in device. Its id is in every access token; revoking it ends access at once.
    It is also the refresh-token family: reuse of a spent token revokes the session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="auth_sessions")
    typ = models.CharField(max_length=16)  # the user's role when it started
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    expires_at = models.DateTimeField()  # absolute end, whatever the refreshes
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=32, blank=True)
    user_agent = models.CharField(max_length=256, blank=True)
    client_ip = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"session {self.id}"


class RefreshToken(models.Model):
    """An opaque refresh token, kept only as its SHA-256. Spent once (`used_at`)."""

    id = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(AuthSession, on_delete=models.CASCADE, related_name="refresh")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refresh token {self.id} of {self.session_id}"


class SigningKey(models.Model):
    """An access-token signing key. The public half is in clear (verification needs nothing
    secret); the private half is sealed under a sub-key of the master key named by
    `master_kid`. The newest key signs; older ones verify until `verify_until`."""

    kid = models.CharField(primary_key=True, max_length=32)
    algorithm = models.CharField(max_length=16)
    public_pem = models.TextField()
    private_sealed = models.BinaryField()
    master_kid = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    verify_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"signing key {self.kid}"
