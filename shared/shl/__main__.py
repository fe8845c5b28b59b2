"""Command line: `python -m shared.shl {open,decode,qr} ...`.

Exit codes: 0 done, 1 could not save, 2 bad usage, 3 not a valid link, 4 passcode needed or
wrong, 5 link expired, revoked or file gone, 6 network or server trouble, 7 file would not
decrypt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from shared.shl import errors
from shared.shl.payload import decode
from shared.shl.reader import (
    FHIR_JSON,
    SMART_API_ACCESS,
    SMART_HEALTH_CARD,
    ReaderOptions,
    ShlFile,
    open_link,
)

# File names come from this fixed table only, never from server-supplied text.
_EXTENSIONS = {
    FHIR_JSON: ".json",
    SMART_API_ACCESS: ".json",
    "application/json": ".json",
    SMART_HEALTH_CARD: ".smart-health-card",
}
_EXIT_CODES: list[tuple[type[errors.ShlError], int]] = [
    (errors.InvalidLink, 3),
    (errors.PasscodeRequired, 4),
    (errors.WrongPasscode, 4),
    (errors.LinkNotFound, 5),
    (errors.LinkExpired, 5),
    (errors.FileUnavailable, 5),
    (errors.ReaderError, 6),
    (errors.JweError, 7),
]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except errors.ShlError as error:
        print(str(error), file=sys.stderr)
        return next((c for kind, c in _EXIT_CODES if isinstance(error, kind)), 1)
    except OSError as error:
        print(f"Could not save: {error.strerror} ({error.filename})", file=sys.stderr)
        return 1
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m shared.shl",
        description="Open, inspect and draw SMART Health Links.",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    _add_open_command(commands)

    decoder = commands.add_parser("decode", help="print the link's payload as JSON")
    decoder.add_argument("link")
    decoder.set_defaults(handler=_decode)

    qr = commands.add_parser("qr", help="write the link as a QR code PNG (error correction M)")
    qr.add_argument("link")
    qr.add_argument("--out", type=Path, required=True, help="PNG file to write")
    qr.set_defaults(handler=_qr)
    return parser


def _add_open_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    opener = commands.add_parser("open", help="fetch, decrypt and save the files behind a link")
    opener.add_argument("link", help="shlink:/… or a viewer URL with #shlink:/…")
    opener.add_argument("--recipient", required=True, help="who is opening it, shown to the sharer")
    opener.add_argument(
        "--passcode", help="for P links; omit to be prompted (argv is visible to other users)"
    )
    opener.add_argument("--out", type=Path, default=Path("."), help="directory for the files")
    opener.add_argument("--embedded-length-max", type=int, help="largest embedded file wanted")
    opener.add_argument("--allow-expired", action="store_true", help="try even if exp has passed")
    opener.add_argument("--allow-http", action="store_true", help="allow plain http to any host")
    opener.set_defaults(handler=_open)


def _open(args: argparse.Namespace) -> int:
    payload = decode(args.link)
    passcode = args.passcode
    if payload.needs_passcode and not passcode and sys.stdin.isatty():
        passcode = getpass.getpass("Passcode: ")
    files = open_link(
        args.link,
        recipient=args.recipient,
        passcode=passcode,
        embedded_length_max=args.embedded_length_max,
        allow_expired=args.allow_expired,
        options=ReaderOptions(allow_http=args.allow_http),
    )
    saved = save_files(files, args.out)
    title = f'"{_printable(payload.label)}"' if payload.label else "the link"
    print(f"Opened {title}: {len(saved)} file(s) saved to {args.out}")
    for path, file in zip(saved, files, strict=True):
        print(f"  {path.name}  {_printable(file.content_type)}  {len(file.data):,} bytes")
    return 0


def save_files(files: Sequence[ShlFile], out: Path) -> list[Path]:
    """Write `file-1.json`, `file-2.smart-health-card`, … readable by the owner only, and
    never over an existing file: these are health records."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, file in enumerate(files, start=1):
        path = out / f"file-{number}{_EXTENSIONS.get(file.content_type, '.bin')}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(file.data)
        paths.append(path)
    return paths


def _decode(args: argparse.Namespace) -> int:
    print(json.dumps(decode(args.link).to_json(), indent=2, ensure_ascii=False))
    return 0


def _qr(args: argparse.Namespace) -> int:
    from shared.shl.qr import qr_png  # Pillow loads only for this command

    decode(args.link)  # refuse to print a QR code nobody could open
    args.out.write_bytes(qr_png(args.link.strip()))
    print(f"QR code written to {args.out}")
    return 0


def _printable(text: str) -> str:
    """Drop control characters: labels and content types come from whoever made the link,
    and escape sequences could rewrite the terminal."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


if __name__ == "__main__":
    sys.exit(main())
