"""Consultations and what hangs off them.

In clear: states, dates, the hospital, the consultation language, the interpreter flag, the
home doctor's country and time zone (the console filters and schedules by them) and sizes.
Everything a person wrote (department, reason, questions, messages, the home doctor's name
and contact, the licence number, the decline reason) and every uploaded file is sealed with
the patient's data key (consultations.sealing), so it dies with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class State(models.TextChoices):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    INFO_NEEDED = "info_needed"
    SCHEDULED = "scheduled"
    ANSWERED = "answered"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Consultation(BaseModel):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultations"
    )
    organization = models.ForeignKey(
        "hospitals.Organization", on_delete=models.PROTECT, related_name="consultations"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.REQUESTED)
    state_changed_at = models.DateTimeField()
    # The hospital's mode when the request was made: changing the setting later never
    # changes who sees the answers of a consultation already under way.
    mode = models.CharField(max_length=32)
    language = models.CharField(max_length=8)
    interpreter_needed = models.BooleanField(default=False)
    patient_time_zone = models.CharField(max_length=64)
    home_doctor_country = models.CharField(max_length=2, blank=True)
    home_doctor_time_zone = models.CharField(max_length=64, blank=True)
    content = models.BinaryField()  # sealed {department, reason, questions}
    home_doctor = models.BinaryField(blank=True, default=b"")  # sealed {name, email, phone}
    decline_reason = models.BinaryField(blank=True, default=b"")  # sealed text
    transfer_consent = models.ForeignKey(
        "consent.TransferConsent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_doctor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["patient", "-created_at"], name="consult_patient"),
            models.Index(fields=["organization", "state", "created_at"], name="consult_queue"),
        ]

    def __str__(self) -> str:
        return f"consultation {self.id} ({self.state})"


class PreferredSlot(BaseModel):
    """A time the patient can make, entered in their zone and stored as instants."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"slot {self.starts_at:%Y-%m-%d %H:%M}Z"


class Party(models.TextChoices):
    PATIENT = "patient"
    STAFF = "staff"
    HOME_DOCTOR = "home_doctor"


class MessageKind(models.TextChoices):
    MESSAGE = "message"
    INFO_REQUEST = "info_request"  # the hospital asking for more information
    ANSWER = "answer"  # the hospital's written answer


class Message(BaseModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    author_type = models.CharField(max_length=16, choices=Party.choices)
    author_id = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    # Clinical content from the hospital: released to the home doctor once the licence is
    # confirmed, and (in the default mode) to the patient once the home doctor has it.
    clinical = models.BooleanField(default=False)
    body = models.BinaryField()
    delivered_at = models.DateTimeField(null=True, blank=True)  # first shown to the home doctor

    class Meta:
        indexes = [models.Index(fields=["consultation", "created_at"], name="consult_thread")]

    def __str__(self) -> str:
        return f"{self.kind} by {self.author_type}"


class Attachment(BaseModel):
    """A photo or document: its type sniffed, images re-encoded without metadata, sealed."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.CharField(max_length=16, choices=Party.choices)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"attachment {self.id} ({self.content_type})"


class AppointmentStatus(models.TextChoices):
    PROPOSED = "proposed"
    BOOKED = "booked"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class Appointment(BaseModel):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=AppointmentStatus.choices)
    video_link = models.URLField(blank=True)  # we do not host video
    proposed_by = models.CharField(max_length=64)
    # Set by the one update that wins the right to send: a reminder is never sent twice.
    reminded_24h_at = models.DateTimeField(null=True, blank=True)
    reminded_1h_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "starts_at"], name="consult_appt_due")]

    def __str__(self) -> str:
        return f"appointment {self.starts_at:%Y-%m-%d %H:%M}Z ({self.status})"


class LicenceState(models.TextChoices):
    NOT_STATED = "not_stated"
    STATED = "stated"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class Invitation(BaseModel):
    """The home doctor's way in: a link (its token hashed) and a one-time passcode."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="invitation"
    )
    link_hash = models.CharField(max_length=64, unique=True)
    link = models.BinaryField()  # sealed token, so later emails can carry the link again
    passcode_hash = models.CharField(max_length=64)
    passcode_used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveIntegerField(default=0)
    issued_at = models.DateTimeField()
    licence_state = models.CharField(
        max_length=16, choices=LicenceState.choices, default=LicenceState.NOT_STATED
    )
    licence = models.BinaryField(blank=True, default=b"")  # sealed {name, number}
    licence_country = models.CharField(max_length=2, blank=True)
    licence_decided_by = models.CharField(max_length=64, blank=True)
    licence_decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation to {self.consultation_id} ({self.licence_state})"


class PortalSession(BaseModel):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="sessions")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"portal session of {self.invitation_id}"


class Audience(models.TextChoices):
    PATIENT = "patient"  # in the app
    STAFF = "staff"  # by email
    HOME_DOCTOR = "home_doctor"  # by email


class Notice(BaseModel):
    """An outbox row: one notification to one side, written with the change it announces
    and delivered once by a Celery task (which finds it sent if it runs again)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=32)
    audience = models.CharField(max_length=16, choices=Audience.choices)
    # Sealed, for the invitation only (its passcode); wiped once the email has gone.
    secret = models.BinaryField(blank=True, default=b"")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "created_at"], name="consult_notice_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.audience}"
