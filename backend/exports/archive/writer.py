"""Writing an archive: a zip streamed into shared.archive's encryptor, so no plaintext byte
of it is ever written to disk. The zip opens with README.txt and ends with manifest.json
(every file's size and SHA-256, and what was left out and why)."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exports.archive.contents import Contents, Part, dumps
from shared.archive import EncryptingWriter, KdfParams

README = """PocketChart export
==================

Everything PocketChart held for you when this archive was made.

documents/<id>/v<n>.json      each version of each record, as the hospital sent it (FHIR R4)
documents/<id>/document.json  where it came from, its kind and its versions
documents/<id>/attachments/   files the hospital attached; in the FHIR JSON an attachment's
                              url "urn:uuid:<attachment id>" names the file <attachment id>.*
summary/ips-<lang>.json       your summary as an International Patient Summary (FHIR R4)
account/                      your profile and the legal agreements you gave
consent/                      grants of access (FHIR Consent), transfer-abroad consents, and
                              who accessed your records
sharing/shares.json           the links you shared
corrections/requests.json     correction requests you sent to hospitals
consultations/<id>.json       follow-up consultations with their messages
manifest.json                 every file with its size and SHA-256

Entries you hid are left out unless you asked for them (manifest.json says how many).
"""


@dataclass(frozen=True)
class Written:
    files: int
    size: int


def write_archive(
    contents: Contents,
    target: Path,
    *,
    key: bytes,
    params: KdfParams,
    made_at: datetime,
    progress: Callable[[int], None],
) -> Written:
    total = max(1, contents.steps())
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        progress(min(99, done * 100 // total))

    listed: list[dict[str, object]] = []
    with target.open("wb") as sink:
        stream = EncryptingWriter(sink, key, params)
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for part in [Part("README.txt", README.encode()), *contents.parts(step)]:
                archive.writestr(part.name, part.data)
                listed.append(_listed(part))
            manifest = {
                "format": "pocketchart-export/1",
                "made_at": made_at.isoformat(),
                "patient": str(contents.patient.id),
                "language": contents.language,
                "hidden_included": contents.include_hidden,
                "counts": contents.counts,
                "files": listed,
            }
            archive.writestr("manifest.json", dumps(manifest))
        stream.close()
    return Written(files=len(listed) + 1, size=target.stat().st_size)


def _listed(part: Part) -> dict[str, object]:
    return {
        "name": part.name,
        "size": len(part.data),
        "sha256": hashlib.sha256(part.data).hexdigest(),
    }
