"""What arrived for a person: a kind (clear, for filtering) and parameters (encrypted).

Even "you linked Hospital X" says where someone is treated, so the parameters are sealed
under the recipient's data key; the text is rendered at read time in their language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class Notification(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=48)
    params_encrypted = models.BinaryField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
