"""Models every app relies on: the base model and the patients' wrapped data keys."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID keys, made before insert: encrypted fields bind their ciphertext to the row id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DataKey(models.Model):
    """One owner's data key, wrapped by a master key (named by `kid`). Never held in clear."""

    owner_id = models.UUIDField(unique=True)
    kid = models.CharField(max_length=32)
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(auto_now=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kid"])]

    def __str__(self) -> str:
        return f"data key of {self.owner_id} ({'destroyed' if self.destroyed_at else self.kid})"
