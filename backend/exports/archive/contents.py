"""Everything PocketChart holds for a patient, as files of an archive (PIPA Art. 35-2).

Documents come as the hospitals sent them (every version, FHIR JSON, RRNs already removed at
intake) with their attachments; the summary as an IPS document; the account, its legal
agreements, grants (FHIR Consent), transfer-abroad consents, the access log, shares,
correction requests and follow-up consultations as JSON. Reads go through each app's own
selectors with the patient as actor, so each is audited as the patient's own read.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from accounts import sealed
from accounts.models import User
from accounts.selectors import actor_for, agreements_of
from common.crypto.envelope import data_key_for, decrypt_field
from consent.fhir.consent import consent_bundle
from consent.selectors import LogFilter, access_log, grants_of
from consent.selectors.transfer import transfer_consents_of
from consultations.selectors.reads import (
    patient_consultation,
    patient_consultations,
    patient_thread,
)
from corrections.selectors import corrections_of
from exports.archive.hidden import HiddenIndex, keys_in, without_hidden
from records.exports.checks import ExportInvalid
from records.exports.ips import ips_document
from records.models import Attachment, Document, DocumentVersion
from records.selectors.presenting import organization_name
from sharing.selectors import shares_of

logger = logging.getLogger("pocketchart.exports")

EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "text/plain": "txt",
}
FIXED_PARTS = 7  # summary, account, agreements, grants, transfers, access log, the rest


@dataclasses.dataclass(frozen=True)
class Part:
    name: str
    data: bytes


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2, default=_plain)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(type(value).__name__)


class Contents:
    """The archive's parts for one patient, in order, with a step count for progress."""

    def __init__(self, patient: User, *, language: str, include_hidden: bool) -> None:
        self.patient, self.language, self.include_hidden = patient, language, include_hidden
        self.actor = actor_for(patient)
        self.key = data_key_for(patient.id)
        self.hidden = HiddenIndex() if include_hidden else HiddenIndex.of(patient.id)
        self.counts: dict[str, int] = {"hidden_entries_left_out": 0}

    def steps(self) -> int:
        versions = DocumentVersion.objects.filter(document__patient=self.patient).count()
        return versions + FIXED_PARTS

    def parts(self, step: Callable[[], None]) -> Iterator[Part]:
        for document in Document.objects.filter(patient=self.patient).order_by("created_at"):
            yield from self._document(document, step)
        yield from self._summary()
        step()
        yield from self._account(step)

    def _open(self, table: str, row_id: object, field: str, blob: bytes | memoryview) -> bytes:
        return decrypt_field(
            self.patient.id, bytes(blob), table=table, row_id=row_id, field=field, key=self.key
        )

    def _document(self, document: Document, step: Callable[[], None]) -> Iterator[Part]:
        versions = list(document.versions.order_by("-number"))  # current first
        folder = f"documents/{document.id}"
        keys = None
        for version in versions:
            bundle = orjson.loads(
                self._open("records_documentversion", version.id, "payload", version.payload)
            )
            if keys is None:
                keys = keys_in(bundle, self.hidden.positions.get(document.id, set()))
            bundle, removed = without_hidden(bundle, keys)
            self.counts["hidden_entries_left_out"] += removed
            text = dumps(bundle)
            yield Part(f"{folder}/v{version.number}.json", text)
            yield from self._attachments(folder, version, text)
            step()
        yield Part(f"{folder}/document.json", dumps(self._document_meta(document, versions)))

    def _attachments(self, folder: str, version: DocumentVersion, text: bytes) -> Iterator[Part]:
        for attachment in Attachment.objects.filter(version=version).order_by("created_at"):
            if f"urn:uuid:{attachment.id}".encode() not in text:
                continue  # named only by an entry the patient hid
            extension = EXTENSIONS.get(attachment.content_type, "bin")
            data = self._open("records_attachment", attachment.id, "data", attachment.data)
            yield Part(f"{folder}/attachments/{attachment.id}.{extension}", data)

    def _document_meta(self, document: Document, versions: list[DocumentVersion]) -> dict:
        organization = document.organization
        return {
            "id": document.id,
            "source": {
                "name": organization_name(organization, self.language),
                "identifier": {
                    "system": organization.identifier_system,
                    "value": organization.identifier_value,
                },
            },
            "kind": document.kind,
            "bundle_type": document.bundle_type,
            "status": document.status,
            "current_version": document.current_version,
            "versions": [
                {
                    "number": v.number,
                    "received": v.created_at.isoformat(),
                    "retraction": v.retraction,
                    "file": f"v{v.number}.json",
                }
                for v in reversed(versions)
            ],
        }

    def _summary(self) -> Iterator[Part]:
        try:
            ips = ips_document(
                patient=self.patient, language=self.language, include_hidden=self.include_hidden
            )
        except ExportInvalid:
            # Logged by the builder (locations only); the documents above are the record.
            self.counts["summary_unavailable"] = 1
            return
        yield Part(f"summary/ips-{self.language}.json", dumps(ips))

    def _account(self, step: Callable[[], None]) -> Iterator[Part]:
        patient, actor = self.patient, self.actor
        yield Part("account/profile.json", dumps(_profile(patient)))
        step()
        yield Part("account/agreements.json", dumps(agreements_of(patient)))
        step()
        grants = consent_bundle(grants_of(actor=actor, patient=patient))
        yield Part("consent/grants.json", dumps(grants))
        step()
        transfers = transfer_consents_of(actor=actor, patient=patient)
        yield Part("consent/transfer-consents.json", dumps(transfers))
        step()
        yield Part("consent/access-log.json", dumps(self._access_log()))
        step()
        yield Part("sharing/shares.json", dumps(shares_of(actor=actor, patient=patient)))
        yield Part("corrections/requests.json", dumps(corrections_of(actor=actor, patient=patient)))
        yield from self._consultations()
        step()

    def _consultations(self) -> Iterator[Part]:
        """Each follow-up consultation with its messages (their attached photos stay in the
        app: the thread names them)."""
        listed = patient_consultations(actor=self.actor, language=self.language)
        for item in listed:
            _, view = patient_consultation(
                actor=self.actor, consultation_id=item["id"], language=self.language
            )
            thread = patient_thread(actor=self.actor, consultation_id=item["id"])
            body = {"consultation": view, "messages": thread}
            yield Part(f"consultations/{item['id']}.json", dumps(body))

    def _access_log(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        before: int | None = None
        while True:
            page = access_log(
                actor=self.actor, patient=self.patient, wanted=LogFilter(before=before, limit=100)
            )
            entries.extend(page.entries)
            if page.next_before is None:
                return entries
            before = page.next_before


def _profile(patient: User) -> dict[str, Any]:
    passport = None
    if patient.passport_number:
        passport = sealed.unseal(patient, "passport_number", bytes(patient.passport_number))
    return {
        "id": patient.id,
        "email": patient.email,
        "name": patient.name,
        "birth_date": patient.birth_date.isoformat() if patient.birth_date else None,
        "preferred_language": patient.preferred_language,
        "time_zone": patient.time_zone,
        "country": patient.country,
        "passport_number": passport,
        "date_joined": patient.date_joined.isoformat(),
    }
