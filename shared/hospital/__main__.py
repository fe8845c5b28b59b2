"""python -m shared.hospital keygen|token|link ... (see shared/hospital/README.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from shared.hospital.client import HospitalClient, HospitalError
from shared.hospital.keys import HospitalKeys


def _client(args: argparse.Namespace) -> HospitalClient:
    folder = Path(args.keys)
    config = (
        json.loads((folder / "client.json").read_text())
        if (folder / "client.json").exists()
        else {}
    )
    base_url = args.base_url or config.get("base_url") or "http://127.0.0.1:8000"
    client_id = args.client_id or config.get("client_id")
    if not client_id:
        sys.exit("no client id: pass --client-id or save it in KEYS/client.json")
    return HospitalClient(base_url.rstrip("/"), client_id, HospitalKeys.load(folder))


def _keygen(args: argparse.Namespace) -> int:
    keys = HospitalKeys.generate(args.alg)
    keys.save(Path(args.out))
    print(f"key {keys.kid} ({keys.alg}) saved in {args.out}; register {args.out}/jwks.json")
    return 0


def _token(args: argparse.Namespace) -> int:
    print(_client(args).token())
    return 0


def _link(args: argparse.Namespace) -> int:
    identifiers = [tuple(item.split("|", 1)) for item in args.identifier]
    if any(len(pair) != 2 for pair in identifiers):
        sys.exit("--identifier takes SYSTEM|VALUE")
    patient = _client(args).link(
        code=args.code, birth_date=args.birth_date, identifiers=[(s, v) for s, v in identifiers]
    )
    print(f"linked: Patient/{patient['id']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.hospital")
    sub = parser.add_subparsers(dest="command", required=True)
    keygen = sub.add_parser("keygen", help="make a key pair and its JWKS")
    keygen.add_argument("--out", required=True)
    keygen.add_argument("--alg", default="ES384", choices=["ES384", "RS384"])
    keygen.set_defaults(run=_keygen)
    for name, run, text in (
        ("token", _token, "get an access token"),
        ("link", _link, "redeem a patient's link code"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--keys", required=True, help="folder made by keygen")
        command.add_argument("--base-url")
        command.add_argument("--client-id")
        command.set_defaults(run=run)
        if name == "link":
            command.add_argument("--code", required=True)
            command.add_argument(
                "--identifier",
                action="append",
                required=True,
                help="SYSTEM|VALUE, the hospital's patient number",
            )
            command.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except HospitalError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cannot reach PocketChart: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
