"""Hospitals, their systems, their staff, and the patients who linked them.

A PatientLink is a grant: this organization may push records for this patient. The hospital
knows the link only by its id (its `Patient/{id}`) and its own identifiers for the patient;
it never learns the patient's PocketChart account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel

HIRA_SYSTEM = "http://www.hl7korea.or.kr/Identifier/hira-krnpi"


class OrganizationKind(models.TextChoices):
    CLINIC = "clinic"
    HOSPITAL = "hospital"
    TERTIARY = "tertiary"


class ConsultationMode(models.TextChoices):
    # Korean law lets Korean doctors advise medical professionals abroad, not treat patients
    # abroad directly; a hospital may open direct consultation where the law allows it.
    ADVICE_TO_PROFESSIONAL = "advice_to_professional"
    DIRECT_PATIENT = "direct_patient"


class Organization(BaseModel):
    names = models.JSONField(default=dict)  # {"ko": "...", "en": "...", ...}
    country = models.CharField(max_length=2, default="KR")
    identifier_system = models.CharField(max_length=200, default=HIRA_SYSTEM, blank=True)
    identifier_value = models.CharField(max_length=64, blank=True)
    kind = models.CharField(
        max_length=16, choices=OrganizationKind.choices, default=OrganizationKind.HOSPITAL
    )
    time_zone = models.CharField(max_length=64, default="Asia/Seoul")
    consultation_mode = models.CharField(
        max_length=32,
        choices=ConsultationMode.choices,
        default=ConsultationMode.ADVICE_TO_PROFESSIONAL,
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_system", "identifier_value"],
                condition=~models.Q(identifier_value=""),
                name="organization_identifier_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name_in("en")

    def name_in(self, language: str) -> str:
        names = self.names or {}
        base = language.split("-")[0]
        return (
            names.get(language)
            or names.get(base)
            or names.get("en")
            or next(iter(names.values()), str(self.id))
        )


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator"
    DOCTOR = "doctor"


class StaffMembership(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=16, choices=StaffRole.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="staff_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.organization_id}"


# Push, link, read under a grant, and see and close the patient's correction requests.
DEFAULT_SCOPES = "system/Bundle.c system/Patient.c system/Patient.r system/Task.r system/Task.u"


class SystemClient(BaseModel):
    """A hospital system registered for SMART Backend Services."""

    client_id = models.CharField(max_length=64, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="clients")
    name = models.CharField(max_length=200)
    jwks = models.JSONField(null=True, blank=True)  # registered keys, or
    jwks_url = models.URLField(blank=True)  # fetched from an allow-listed host
    jwks_cache = models.JSONField(null=True, blank=True)
    jwks_fetched_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(
        max_length=500,
        default="system/Bundle.c system/Patient.c system/Patient.r system/Task.r system/Task.u",
    )
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def allowed_scopes(self) -> set[str]:
        return set(self.scopes.split())


class UsedAssertion(models.Model):
    """Each client assertion's jti is accepted once; kept until the assertion expires.

    A unique row in the database (not a cache entry) so replays are refused across every
    process and machine without relying on the cache's durability.
    """

    client = models.ForeignKey(SystemClient, on_delete=models.CASCADE)
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "jti"], name="used_assertion_unique")
        ]

    def __str__(self) -> str:
        return f"assertion {self.jti[:8]}… of {self.client_id}"


class SystemToken(models.Model):
    """An opaque access token (stored as its SHA-256) for a hospital system, at most 300 s."""

    token_hash = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(SystemClient, on_delete=models.CASCADE, related_name="tokens")
    scopes = models.CharField(max_length=500)
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"token of {self.client_id} until {self.expires_at:%H:%M:%S}"


class LinkCode(BaseModel):
    """A one-time code the patient shows at the hospital desk (stored keyed-hashed)."""

    code_hash = models.CharField(max_length=64, unique=True)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="link_codes"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class LinkStatus(models.TextChoices):
    ACTIVE = "active"
    REVOKED = "revoked"


class PatientLink(BaseModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="links")
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hospital_links"
    )
    status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.ACTIVE)
    linked_by = models.ForeignKey(SystemClient, on_delete=models.SET_NULL, null=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "status"])]

    def __str__(self) -> str:
        return f"link {self.id} ({self.status})"


class LinkIdentifier(BaseModel):
    """A hospital's identifier for the patient, bound to a link.

    Found by a keyed hash of `system|value` (a server-wide index key, because a push must be
    matched before we know whose it is); the value itself is kept encrypted under the
    patient's data key.
    """

    link = models.ForeignKey(PatientLink, on_delete=models.CASCADE, related_name="identifiers")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT)
    lookup_hash = models.CharField(max_length=32)
    value_encrypted = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "lookup_hash"], name="link_identifier_unique"
            )
        ]
