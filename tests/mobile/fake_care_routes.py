"""Routes of the FakeServer for grants, transfer consents, shares and follow-up requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.mobile.fake_care import NOW, _iso, _png, not_found, reply

ORG_ABROAD = "org-tokyo"


def _care(s: Any) -> Any:
    return s.care


def _grant(s: Any, _b: Any, _p: Any, grant_id: str) -> Any:
    found = next((g for g in _care(s).grants if g["id"] == grant_id), None)
    return reply(200, found) if found else not_found()


def _transfer_needed(s: Any, country: str, name: str) -> Any:
    if country.upper() == "KR":
        return None
    for row in _care(s).transfers:
        if (
            row["country"] == country.upper()
            and row["recipient_name"].casefold() == name.casefold()
        ) and not row["withdrawn_at"]:
            return None
    message = f"Sending records to {country} needs your consent to this transfer abroad."
    return reply(422, {"error": {"code": "transfer_consent_required", "message": message}})


def _give_grant(s: Any, body: dict[str, Any], *_a: Any) -> Any:
    link = next((x for x in s.links if x["organization"]["id"] == body["grantee"]["id"]), None)
    if link is None:
        return reply(400, {"error": {"code": "invalid", "message": "Unknown hospital."}})
    organization = link["organization"]
    refused = _transfer_needed(s, organization["country"], organization["name"])
    if refused:
        return refused
    grant = _care(s).add_grant(
        organization["name"],
        purpose=body["purpose"],
        sections=body.get("sections", []),
        expires_at=body["expires_at"],
        recipient_country=organization["country"],
        created_at=_iso(NOW),
    )
    return reply(201, grant)


def _revoke_grant(s: Any, _b: Any, _p: Any, grant_id: str) -> Any:
    for grant in _care(s).grants:
        if grant["id"] == grant_id:
            grant["status"], grant["revoked_at"] = "revoked", _iso(NOW)
            return reply(200, grant)
    return not_found()


def _preview(_s: Any, body: dict[str, Any], *_a: Any) -> Any:
    text = (
        f"PocketChart will make the following of your health records available to "
        f"{body['recipient_name']} in {body['country']}: {', '.join(body['items'])}. "
        f"From {body['starts_at'][:16]} until {body['expires_at'][:16]}."
    )
    title = "Consent to send your records abroad"
    return reply(200, {"language": "en", "title": title, "text": text, "digest": "d" * 64})


def _give_transfer(s: Any, body: dict[str, Any], *_a: Any) -> Any:
    if not _care(s).general_abroad:
        message = "Give the agreement to transfers abroad first."
        return reply(422, {"error": {"code": "transfer_agreement_required", "message": message}})
    row = {
        "id": _care(s).new_id("tc"),
        "recipient_name": body["recipient_name"],
        "country": body["country"],
        "items": body["items"],
        "starts_at": body["starts_at"],
        "expires_at": body["expires_at"],
        "language": "en",
        "given_at": _iso(NOW),
        "withdrawn_at": None,
    }
    _care(s).transfers.insert(0, row)
    return reply(201, {"id": row["id"], "given_at": row["given_at"]})


def _withdraw(s: Any, _b: Any, _p: Any, consent_id: str) -> Any:
    for row in _care(s).transfers:
        if row["id"] == consent_id:
            row["withdrawn_at"] = _iso(NOW)
            return reply(200, {"id": consent_id, "withdrawn_at": row["withdrawn_at"]})
    return not_found()


def _agreements(s: Any, *_a: Any) -> Any:
    status = "given" if _care(s).general_abroad else "not_given"
    return reply(200, [{"kind": "transfer_abroad", "status": status, "current_version": "2026-01"}])


def _give_agreement(s: Any, body: dict[str, Any], *_a: Any) -> Any:
    if body.get("kind") == "transfer_abroad" and body.get("action") == "give":
        _care(s).general_abroad = True
    return reply(200, {"kind": body.get("kind"), "status": "given", "effect": None})


def _access_log(s: Any, _b: Any, params: dict[str, str], *_a: Any) -> Any:
    return reply(200, {"results": _care(s).access_log, "next": None})


def _share_list_item(share: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in share.items() if k != "accesses"}


def _create_share(s: Any, body: dict[str, Any], *_a: Any) -> Any:
    country = body.get("recipient_country", "KR")
    refused = _transfer_needed(s, country, body.get("recipient_name") or body.get("label", ""))
    if refused:
        return refused
    seconds = {"30m": 1800, "1d": 86_400, "7d": 604_800, "30d": 2_592_000}
    if "expires_at" in body:
        expires = body["expires_at"]
    else:
        moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds[body["expiry"]])
        expires = _iso(moment.replace(microsecond=0))
    share = {
        "id": _care(s).new_id("share"),
        "label": body.get("label", ""),
        "flag": "P" if body.get("passcode") else "",
        "status": "active",
        "created_at": _iso(NOW),
        "expires_at": expires,
        "revoked_at": None,
        "recipient_country": country,
        "summary": body.get("summary", False),
        "document_ids": [],
        "entry_count": len(body.get("entry_ids", [])),
        "files": 1,
        "passcode_failures": 0,
        "attempts_left": 10 if body.get("passcode") else None,
        "access_count": 0,
        "grant_id": "grant-share",
        "accesses": [],
    }
    _care(s).shares.insert(0, share)
    link = f"shlink:/{share['id']}"
    viewer = f"http://pocketchart.test/viewer/#{link}"
    return reply(201, {"link": link, "viewer_url": viewer, "qr_png": _png(viewer), "share": share})


def _share(s: Any, _b: Any, _p: Any, share_id: str) -> Any:
    found = next((x for x in _care(s).shares if x["id"] == share_id), None)
    return reply(200, found) if found else not_found()


def _revoke_share(s: Any, _b: Any, _p: Any, share_id: str) -> Any:
    for share in _care(s).shares:
        if share["id"] == share_id:
            share["status"], share["revoked_at"] = "revoked", _iso(NOW)
            return reply(200, share)
    return not_found()


def _options(s: Any, *_a: Any) -> Any:
    hospitals = [
        {
            "id": link["organization"]["id"],
            "name": link["organization"]["name"],
            "country": link["organization"]["country"],
            "time_zone": "Asia/Seoul",
            "mode": {
                "code": "advice_to_professional",
                "title": "Through your home doctor",
                "explanation": "The hospital's medical answer goes to your home doctor first.",
            },
        }
        for link in s.links
    ]
    languages = [{"code": "ko", "name": "한국어"}, {"code": "en", "name": "English"}]
    return reply(200, {"hospitals": hospitals, "languages": languages, "time_zone": "Asia/Seoul"})


def _create_consultation(s: Any, body: dict[str, Any], *_a: Any) -> Any:
    doctor = body.get("home_doctor")
    if not doctor:
        message = "This hospital answers through your home doctor: name them."
        return reply(400, {"error": {"code": "invalid", "message": message}})
    refused = _transfer_needed(s, doctor["country"], doctor["name"])
    if refused:
        return refused
    row = _care(s).add_consultation(state="requested", proposed=False)
    row.update(reason=body["reason"], questions=body["questions"], received=body)
    _care(s).messages[row["id"]] = []
    return reply(201, row)


def _consultation(s: Any, _b: Any, _p: Any, cid: str) -> Any:
    found = next((c for c in _care(s).consultations if c["id"] == cid), None)
    return reply(200, found) if found else not_found()


def _messages(s: Any, _b: Any, _p: Any, cid: str) -> Any:
    return reply(200, {"results": _care(s).messages.get(cid, [])})


def _post_message(s: Any, body: dict[str, Any], _p: Any, cid: str, *_a: Any) -> Any:
    thread = _care(s).messages.setdefault(cid, [])
    thread.append(
        {
            "id": f"m{len(thread) + 10}",
            "author": "patient",
            "author_name": "김민지",
            "kind": "message",
            "created_at": _iso(NOW),
            "withheld": None,
            "body": body.get("body", ""),
            "attachments": [],
        }
    )
    return reply(201, {"id": thread[-1]["id"]})


def _accept(s: Any, _b: Any, _p: Any, cid: str) -> Any:
    row = next(c for c in _care(s).consultations if c["id"] == cid)
    if not row["appointment"]:
        return reply(409, {"error": {"code": "nothing_proposed", "message": "No time."}})
    row["state"], row["appointment"]["status"] = "scheduled", "booked"
    return reply(200, {"id": cid, "state": "scheduled"})


def _invite(_s: Any, _b: Any, _p: Any, cid: str) -> Any:
    return reply(
        201, {"link": f"http://pocketchart.test/consult/{cid}-token/", "passcode": "K7QM-2XPA"}
    )


def _file(s: Any, _b: Any, _p: Any, _cid: str, fid: str) -> Any:
    from shared.api import Reply

    data = _care(s).files.get(fid)
    return Reply(200, data) if data else not_found()


ME = r"/api/v1/me"
CARE_ROUTES: list[tuple[str, str, Any, bool]] = [
    (rf"{ME}/consents", "GET", lambda s, *_: reply(200, {"results": _care(s).grants}), False),
    (rf"{ME}/consents", "POST", _give_grant, False),
    (rf"{ME}/consents/([\w-]+)", "GET", _grant, False),
    (rf"{ME}/consents/([\w-]+)/revoke", "POST", _revoke_grant, False),
    (rf"{ME}/transfer-consents/preview", "POST", _preview, False),
    (rf"{ME}/transfer-consents", "POST", _give_transfer, False),
    (
        rf"{ME}/transfer-consents",
        "GET",
        lambda s, *_: reply(200, {"results": _care(s).transfers}),
        False,
    ),
    (rf"{ME}/transfer-consents/([\w-]+)/withdraw", "POST", _withdraw, False),
    (rf"{ME}/agreements", "GET", _agreements, False),
    (rf"{ME}/agreements", "POST", _give_agreement, False),
    (rf"{ME}/access-log", "GET", _access_log, False),
    (
        rf"{ME}/shares",
        "GET",
        lambda s, *_: reply(200, {"results": [_share_list_item(x) for x in _care(s).shares]}),
        False,
    ),
    (rf"{ME}/shares", "POST", _create_share, False),
    (rf"{ME}/shares/([\w-]+)", "GET", _share, False),
    (rf"{ME}/shares/([\w-]+)/revoke", "POST", _revoke_share, False),
    (rf"{ME}/consultations/options", "GET", _options, False),
    (
        rf"{ME}/consultations",
        "GET",
        lambda s, *_: reply(200, {"results": _care(s).consultations}),
        False,
    ),
    (rf"{ME}/consultations", "POST", _create_consultation, False),
    (rf"{ME}/consultations/([\w-]+)", "GET", _consultation, False),
    (rf"{ME}/consultations/([\w-]+)/messages", "GET", _messages, False),
    (rf"{ME}/consultations/([\w-]+)/(messages|information)", "POST", _post_message, False),
    (rf"{ME}/consultations/([\w-]+)/appointment/accept", "POST", _accept, False),
    (rf"{ME}/consultations/([\w-]+)/home-doctor/invitation", "POST", _invite, False),
    (rf"{ME}/consultations/([\w-]+)/files/([\w-]+)", "GET", _file, False),
]
