"""What the rendered screens of sharing, follow-up and consents show: a grant, reads of the
record (one refused), a transfer-abroad consent and a follow-up request with a reply."""

from __future__ import annotations

from typing import Any


def seed(server: Any) -> None:
    care = server.care
    care.add_grant("부산가정의원")
    care.add_grant("Tokyo Medical Clinic", recipient_country="JP", status="revoked")
    care.add_access()
    care.add_access("Tokyo Medical Clinic", outcome="denied")
    care.transfers.append(
        {
            "id": "tc-1",
            "recipient_name": "Dr Jane Smith",
            "country": "US",
            "items": ["medications", "results"],
            "starts_at": "2026-03-01T00:00:00Z",
            "expires_at": "2026-06-01T00:00:00Z",
            "given_at": "2026-03-01T00:00:00Z",
            "withdrawn_at": None,
        }
    )
    care.add_consultation()
