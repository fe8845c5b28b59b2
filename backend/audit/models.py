"""The append-only, hash-chained audit trail.

Rows hold ids, not foreign keys: deleting an account must never touch the trail. Each row's
hash covers its canonical form and the previous row's hash, so an edited, removed or inserted
row breaks the chain at that point (see audit.chain).
"""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    SUCCESS = "success"
    DENIED = "denied"
    FAILURE = "failure"


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor_type = models.CharField(max_length=32)  # patient, staff, operator, hospital, share ...
    actor_id = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64)
    patient_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=32, blank=True)
    client_ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=256, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    # Ids, counts and reason codes only; never health data (checked in audit.services).
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["patient_id", "seq"]),
            models.Index(fields=["actor_type", "actor_id", "seq"]),
            models.Index(fields=["action", "seq"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.outcome}"


class AuditSegment(models.Model):
    """A sealed run of the chain: one calendar month (UTC) of events, by sequence number.

    Retention removes expired segments whole. The row stays, marked purged, as the anchor
    verification starts from: `last_hash` of the newest purged segment is the `prev_hash`
    of the first event kept. `mac` (HMAC under a key derived from the master key, like the
    checkpoint) makes a forged anchor fail, so deleting events cannot be passed off as a
    purge. `permission_changes` counts events that must be kept 3 years, not 2.
    """

    first_seq = models.BigIntegerField(unique=True)
    last_seq = models.BigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)  # the hash the first event links to
    last_hash = models.CharField(max_length=64)
    first_at = models.DateTimeField()  # earliest occurred_at in the segment
    last_at = models.DateTimeField()  # latest occurred_at: the segment expires after it
    events = models.PositiveIntegerField()
    permission_changes = models.PositiveIntegerField(default=0)
    sealed_at = models.DateTimeField()
    purged_at = models.DateTimeField(null=True, blank=True)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["first_seq"]

    def __str__(self) -> str:
        state = "purged" if self.purged_at else "kept"
        return f"segment #{self.first_seq}-#{self.last_seq} ({state})"
