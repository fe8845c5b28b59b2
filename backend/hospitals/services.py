"""Writes about hospitals: registering systems, link codes, redeeming and revoking links."""

from __future__ import annotations

import base64
import io
import json
import secrets
import uuid
from datetime import date, timedelta
from typing import Any

import qrcode
from django.db import IntegrityError
from django.utils import timezone

from audit import services as audit
from common.actors import Actor
from common.crypto.envelope import encrypt_field
from common.exceptions import Conflict, Unprocessable, ValidationFailed
from hospitals.identifiers import identifier_lookup_hash, link_code_hash
from hospitals.models import (
    LinkCode,
    LinkIdentifier,
    LinkStatus,
    Organization,
    PatientLink,
    SystemClient,
)
from hospitals.principal import SystemPrincipal
from hospitals.selectors import link_of_patient
from notifications.services import notification_create

# No 0/O, 1/I/L: a code read aloud or typed from paper must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_MINUTES = 10
MAX_ACTIVE_CODES = 5


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _qr_png(text: str) -> str:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8)
    qr.add_data(text)
    buffer = io.BytesIO()
    qr.make_image().save(buffer)  # PyPNG image: always PNG
    return base64.b64encode(buffer.getvalue()).decode()


def link_code_create(*, patient_id: Any, actor: Actor) -> dict[str, Any]:
    now = timezone.now()
    live = LinkCode.objects.filter(
        patient_id=patient_id, used_at__isnull=True, expires_at__gt=now
    ).order_by("created_at")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with audit.atomic():
        for stale in list(live)[: max(0, live.count() - MAX_ACTIVE_CODES + 1)]:
            stale.expires_at = now  # only the newest few codes stay usable
            stale.save(update_fields=["expires_at", "updated_at"])
        row = LinkCode.objects.create(
            code_hash=link_code_hash(code),
            patient_id=patient_id,
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        audit.record(
            actor=actor,
            action="link.code.create",
            patient_id=patient_id,
            object_type="link_code",
            object_id=row.id,
        )
    return {"code": code, "expires_at": row.expires_at, "qr_png": _qr_png(code)}


def _usable_code(code: str) -> LinkCode:
    # Lock the code's row only: FOR UPDATE on the joined patient row would block the
    # foreign-key checks other transactions run at commit while they hold the audit chain's
    # lock, which this one then waits for (a deadlock the load suite found).
    row = (
        LinkCode.objects.select_for_update(of=("self",))
        .select_related("patient")
        .filter(code_hash=link_code_hash(normalise_code(code)))
        .first()
    )
    if row is None or row.used_at is not None or row.expires_at <= timezone.now():
        raise Unprocessable(
            "The link code is unknown, already used or expired. Ask the "
            "patient to make a new code in the app.",
            code="code_invalid",
            expression=["Parameters.parameter.where(name='code')"],
        )
    return row


def _bind(link: PatientLink, identifiers: list[tuple[str, str]]) -> None:
    for system, value in identifiers:
        digest = identifier_lookup_hash(system, value)
        existing = (
            LinkIdentifier.objects.select_related("link")
            .filter(organization_id=link.organization_id, lookup_hash=digest)
            .first()
        )
        if existing is not None:
            if existing.link.patient_id != link.patient_id:
                raise Conflict(
                    "This identifier is already bound to another patient's link.",
                    expression=["Parameters.parameter.where(name='identifier')"],
                )
            existing.link = link  # re-linking after a revoke moves the identifier
            existing.save(update_fields=["link", "updated_at"])
            continue
        row = LinkIdentifier(link=link, organization_id=link.organization_id, lookup_hash=digest)
        row.value_encrypted = encrypt_field(
            link.patient_id,
            json.dumps([system, value]).encode(),
            table="hospitals_linkidentifier",
            row_id=row.id,
            field="value",
        )
        row.save()


def _active_link(principal: SystemPrincipal, patient_id: Any) -> tuple[PatientLink, bool]:
    link = PatientLink.objects.filter(
        organization_id=principal.organization_id, patient_id=patient_id, status=LinkStatus.ACTIVE
    ).first()
    if link is not None:
        return link, False
    link = PatientLink.objects.create(
        organization_id=principal.organization_id,
        patient_id=patient_id,
        linked_by_id=principal.client_pk,
    )
    return link, True


def link_redeem(
    *, principal: SystemPrincipal, code: str, identifiers: list[tuple[str, str]], birth_date: date
) -> PatientLink:
    with audit.atomic():
        row = _usable_code(code)
        if row.patient.birth_date != birth_date:
            raise Unprocessable(
                "birthDate does not match the patient who made this code: check that the "
                "chart at the desk is this patient's.",
                code="birth_date_mismatch",
                expression=["Parameters.parameter.where(name='birthDate')"],
            )
        link, created = _active_link(principal, row.patient_id)
        try:
            _bind(link, identifiers)
        except IntegrityError:
            raise Conflict("This identifier was bound at the same moment; retry.") from None
        row.used_at = timezone.now()
        row.save(update_fields=["used_at", "updated_at"])
        organization = Organization.objects.get(id=principal.organization_id)
        if created:
            notification_create(
                user_id=row.patient_id,
                kind="link.created",
                params={
                    "hospital": organization.name_in(row.patient.preferred_language),
                    "organization_id": str(organization.id),
                    "link_id": str(link.id),
                },
            )
        audit.record(
            actor=principal.actor,
            action="link.create",
            patient_id=row.patient_id,
            object_type="patient_link",
            object_id=link.id,
            detail={"identifiers": len(identifiers), "new": created},
        )
    return link


def link_revoke(*, patient_id: Any, link_id: uuid.UUID | str, actor: Actor) -> PatientLink:
    with audit.atomic():
        link = link_of_patient(patient_id=patient_id, link_id=link_id)
        if link.status == LinkStatus.REVOKED:
            return link  # revoking twice is not an error: the outcome is what was asked
        link.status = LinkStatus.REVOKED
        link.revoked_at = timezone.now()
        link.save(update_fields=["status", "revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            action="link.revoke",
            patient_id=patient_id,
            object_type="patient_link",
            object_id=link.id,
        )
    return link


def client_register(
    *,
    organization: Organization,
    name: str,
    jwks: dict[str, Any] | None,
    jwks_url: str = "",
    scopes: str | None = None,
    actor: Actor,
) -> SystemClient:
    if not jwks and not jwks_url:
        raise ValidationFailed("A client needs a JWKS or a JWKS URL.")
    with audit.atomic():
        client = SystemClient.objects.create(
            client_id=secrets.token_urlsafe(18),
            organization=organization,
            name=name,
            jwks=jwks,
            jwks_url=jwks_url,
            **({"scopes": scopes} if scopes else {}),
        )
        audit.record(
            actor=actor,
            action="system_client.register",
            object_type="system_client",
            object_id=client.client_id,
            detail={"organization": str(organization.id)},
        )
    return client
