"""Grants of access, transfer-abroad consents, and who read what.

A Grant is general on purpose: hospital read grants are made here, share links (sharing) and
consultation scopes (consultations) make Grants of their own grantee type, and every one of
them is decided by the same `consent.policy`. Push grants are not rows here: they are the
hospitals' PatientLinks, listed beside these (consent.selectors.grants).

What stays in clear: the data scope (section keys, document kinds, document and organization
ids, dates), purpose, period, status and country — the policy turns them into SQL filters.
What a person wrote (a recipient's name) is sealed with the patient's data key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class GranteeType(models.TextChoices):
    ORGANIZATION = "organization"  # a hospital's system, over FHIR
    STAFF = "staff"  # staff members of an organization, in the staff console
    SHARE = "share"  # whoever holds a SMART Health Link
    CONSULTATION = "consultation"  # the parties of one follow-up consultation


class Purpose(models.TextChoices):
    TREATMENT = "treatment"
    REFERRAL = "referral"
    FOLLOW_UP = "follow-up"
    PATIENT_REQUEST = "patient-request"


class GrantStatus(models.TextChoices):
    ACTIVE = "active"
    REVOKED = "revoked"
    # "expired" is never stored: it is read from expires_at at the second of each request.


class TransferConsent(BaseModel):
    """One specific consent to one transfer abroad (PIPA Art. 28-8): recipient, country,
    items and period, given after the patient was shown exactly this text."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transfer_consents"
    )
    recipient_name = models.BinaryField()  # sealed: a third person's name
    country = models.CharField(max_length=2)
    items = models.JSONField(default=list)  # section keys and document kinds; ["all"] for all
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    language = models.CharField(max_length=16)
    text_digest = models.CharField(max_length=64)  # SHA-256 of the text the patient was shown
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["patient", "country", "withdrawn_at"], name="consent_transfer_patient"
            )
        ]

    def __str__(self) -> str:
        return f"transfer consent {self.id} ({self.country})"


class Grant(BaseModel):
    """Who may read which of a patient's data, for what purpose, when.

    Empty scope lists mean "not restricted on that dimension"; the dimensions are ANDed.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    grantee_type = models.CharField(max_length=16, choices=GranteeType.choices)
    grantee_id = models.CharField(max_length=64)  # organization, share or consultation id
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    sections = models.JSONField(default=list, blank=True)  # IPS section keys
    kinds = models.JSONField(default=list, blank=True)  # document kinds
    document_ids = models.JSONField(default=list, blank=True)
    source_organization_ids = models.JSONField(default=list, blank=True)
    data_from = models.DateField(null=True, blank=True)
    data_to = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=GrantStatus.choices, default=GrantStatus.ACTIVE
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    recipient_country = models.CharField(max_length=2)
    transfer_consent = models.ForeignKey(
        TransferConsent, on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )

    class Meta:
        indexes = [
            models.Index(fields=["patient", "status"], name="consent_grant_patient"),
            models.Index(
                fields=["grantee_type", "grantee_id", "patient", "status"],
                name="consent_grant_grantee",
            ),
        ]

    def __str__(self) -> str:
        return f"grant {self.id} to {self.grantee_type} {self.grantee_id} ({self.status})"


class AccessRecord(BaseModel):
    """Who read (or was refused), beyond what the audit row may hold.

    The audit event names this row by id (`detail.access_record`); the recipient's name a
    share-link reader typed, or a consultation's doctor, lives here sealed, never in the
    audit trail, so it dies with the patient's data key while the trail stays intact.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    grant = models.ForeignKey(
        Grant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_type = models.CharField(max_length=32)
    organization = models.ForeignKey(
        "hospitals.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.BinaryField(blank=True, default=b"")
    recipient_country = models.CharField(max_length=2, blank=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "created_at"], name="consent_access_patient")]

    def __str__(self) -> str:
        return f"access {self.id} by {self.actor_type}"
