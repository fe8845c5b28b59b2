"""An entry the patient hid is absent from shares made afterwards (sharing builds its files
with records' exports, which leave hidden entries out), as from the PDF and the archive."""

from __future__ import annotations

from shared.shl import decode, decrypt


def test_a_new_share_leaves_a_hidden_entry_out(api, alice, alice_records):
    client = api(alice)
    condition = next(e for e in alice_records if e.resource_type == "Condition")
    display = client.get(f"/api/v1/me/records/{condition.id}").json()["display"]

    def shared_text() -> str:
        body = {"summary": True, "expiry": "1d"}
        payload = decode(client.post("/api/v1/me/shares", body, format="json").json()["link"])
        path = "/" + payload.url.split("://", 1)[1].split("/", 1)[1]
        manifest = {"recipient": "Dr. Lee", "embeddedLengthMax": 10_000_000}
        files = api().post(path, manifest, format="json").json()["files"]
        return "".join(decrypt(f["embedded"], payload.key)[1].decode() for f in files)

    assert display in shared_text()
    assert client.post(f"/api/v1/me/records/{condition.id}/hide").status_code == 200
    assert display not in shared_text()
