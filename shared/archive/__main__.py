"""`python -m shared.archive decrypt FILE --password PASSWORD [--out FILE.zip]`

Decrypts a PocketChart export archive (format: shared/archive/__init__.py) into the zip it
holds. The plaintext is written to a temporary file beside the output and renamed only after
the last chunk authenticated, so a wrong password or a damaged file leaves no partial zip.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from shared.archive import ArchiveError, decrypt_file


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shared.archive")
    commands = parser.add_subparsers(dest="command", required=True)
    decrypt = commands.add_parser("decrypt", help="decrypt an export archive into its zip")
    decrypt.add_argument("file", type=Path)
    decrypt.add_argument("--password", help="the one-time password (or PHR_ARCHIVE_PASSWORD)")
    decrypt.add_argument("--out", type=Path, help="where to write the zip (default: FILE.zip)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    password = args.password or os.environ.get("PHR_ARCHIVE_PASSWORD", "")
    if not password:
        print("Give --password (or set PHR_ARCHIVE_PASSWORD).", file=sys.stderr)
        return 2
    out: Path = args.out or args.file.with_name(args.file.stem + ".zip")
    partial = out.with_name(out.name + ".partial")
    try:
        with args.file.open("rb") as source, partial.open("wb") as sink:
            size = decrypt_file(source, sink, password)
    except (ArchiveError, OSError) as error:
        partial.unlink(missing_ok=True)
        print(f"Could not decrypt {args.file}: {error}", file=sys.stderr)
        return 1
    partial.replace(out)
    print(f"{out} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
