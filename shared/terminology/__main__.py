"""``python -m shared.terminology coverage [--fixtures DIR] [--top N]`` and ``check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .coverage import measure, report
from .crosswalk import crosswalk_paths, crosswalk_problems
from .schema import allowed_sources, table_problems
from .tables import read_json, table_paths

# The shared fixtures sit beside the repository checkout (see the handbook).
DEFAULT_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.terminology")
    commands = parser.add_subparsers(dest="command", required=True)
    cover = commands.add_parser("coverage", help="per-language coverage of the fixtures' codes")
    cover.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    cover.add_argument("--top", type=int, default=20)
    commands.add_parser("check", help="validate every data file against the schema")
    args = parser.parse_args(argv)
    if args.command == "coverage":
        if not args.fixtures.is_dir():
            print(f"no fixtures folder at {args.fixtures}", file=sys.stderr)
            return 2
        print(report(measure(args.fixtures), top=args.top))
        return 0
    return _check()


def _check() -> int:
    sources = allowed_sources()
    problems: list[str] = []
    for path in table_paths():
        problems += [f"{path.name}: {p}" for p in table_problems(read_json(path), sources)]
    for path in crosswalk_paths():
        problems += [f"{path.name}: {p}" for p in crosswalk_problems(read_json(path), sources)]
    print("\n".join(problems) or "all terminology data files are valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
