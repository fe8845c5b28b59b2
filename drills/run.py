"""Failure drills against throwaway PostgreSQL and Redis (docs/operations.md, "Failure drills").

    .venv/bin/python drills/run.py --drill redis-outage [--pushes 500]
    .venv/bin/python drills/run.py --drill worker-kill --pushes 200
    .venv/bin/python drills/run.py --drill postgres-restart --pushes 300
    .venv/bin/python drills/run.py --drill restore

Each run makes its own cluster (initdb into a temporary folder, PostgreSQL on 55432, Redis on
56379, gunicorn on 58000; other free loopback ports when those are taken), prints PASS or
FAIL with its figures, exits 0 or 1, and tears everything down (--keep leaves the folder with
the logs for a post-mortem).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "backend"), str(REPO)]

from drills.stack import Stack  # noqa: E402


def _django(stack: Stack) -> None:
    """The runner itself measures through the ORM, on the throwaway database."""
    import django

    os.environ.update(stack.app.env)
    django.setup()


def _print_push_drill(result: object) -> bool:
    from drills.scenarios import Result

    if not isinstance(result, Result):
        raise TypeError("not a push drill's result")
    figures, pushed = result.figures, result.pushed
    print(f"{'PASS' if result.verdict.passed else 'FAIL'} {result.name}: {result.pushes} pushes")
    print(
        f"  accepted {len(pushed.accepted)}, re-sent after no answer/5xx {pushed.retries}, "
        f"pushing took {pushed.seconds:.1f} s"
    )
    print(
        f"  submissions {figures.submissions}; documents {figures.documents}, versions "
        f"{figures.versions}, index rows {figures.index_rows} "
        f"({figures.entries_per_document[0]} per document), duplicates "
        f"{figures.duplicate_index_rows}, most attempts {figures.most_attempts}"
    )
    print(f"  all stored {result.recovered_in:.1f} s after the last push")
    if result.note:
        print(f"  {result.note}")
    for problem in result.verdict.problems:
        print(f"  problem: {problem}")
    return result.verdict.passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--drill",
        required=True,
        choices=["redis-outage", "worker-kill", "postgres-restart", "restore"],
    )
    parser.add_argument("--pushes", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the folder with the logs")
    args = parser.parse_args(argv)
    with Stack(redis=args.drill != "restore", keep=args.keep) as stack:
        print(
            f"throwaway stack in {stack.root} (PostgreSQL :{stack.postgres.port}, web "
            f":{stack.web_port})",
            flush=True,
        )
        _django(stack)
        if args.drill == "restore":
            from drills.restore import print_restore, restore_drill

            return 0 if print_restore(restore_drill(stack)) else 1
        from drills.scenarios import DRILLS

        return 0 if _print_push_drill(DRILLS[args.drill](stack, args.pushes)) else 1


if __name__ == "__main__":
    sys.exit(main())
