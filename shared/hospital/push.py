"""Push FHIR Bundles from files or folders to PocketChart, as a hospital system would.

    python -m shared.hospital.push --keys var/demo/hospitals/seoul-general FILE_OR_FOLDER...

Each `*.json` file (folders are walked, in name order) is POSTed to `/fhir/R4/Bundle` as
sent, byte for byte. A progress bar runs on stderr; at the end a summary counts accepted,
duplicate and refused files and lists each refusal with PocketChart's reasons.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from shared.hospital.client import HospitalClient, HospitalError
from shared.hospital.keys import HospitalKeys

Progress = Callable[[int, int, "Outcome"], None]


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: int  # HTTP status; 0 when the file could not be sent at all
    submission: str = ""  # Content-Location of the submission
    messages: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return {202: "accepted", 200: "duplicate"}.get(self.status, "refused")


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)

    @property
    def refused(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.kind == "refused"]


def bundle_files(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for item in map(Path, paths):
        files.extend(sorted(item.rglob("*.json")) if item.is_dir() else [item])
    return files


def push_file(client: HospitalClient, path: Path) -> Outcome:
    try:
        response = client.fhir("POST", "Bundle", path.read_bytes())
    except (OSError, HospitalError) as error:
        return Outcome(path, getattr(error, "status", 0), messages=(str(error),))
    except Exception as error:  # requests' connection errors: report, go on with the rest
        return Outcome(path, 0, messages=(type(error).__name__,))
    location = response.headers.get("Content-Location", "")
    if response.status_code in (200, 202):
        return Outcome(path, response.status_code, location)
    return Outcome(path, response.status_code, messages=tuple(_reasons(response)))


def _reasons(response: Any) -> list[str]:
    try:
        body = response.json()
    except ValueError:
        return [f"HTTP {response.status_code}"]
    issues = body.get("issue", []) if isinstance(body, dict) else []
    reasons = [
        str(issue.get("diagnostics") or issue.get("code"))
        + (f" ({', '.join(issue['expression'])})" if issue.get("expression") else "")
        for issue in issues
        if isinstance(issue, dict) and issue.get("severity") in ("error", "fatal")
    ]
    return reasons or [f"HTTP {response.status_code}"]


def push_paths(
    client: HospitalClient,
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    *,
    workers: int = 1,
) -> Summary:
    """Push every Bundle file under `paths`; `progress(done, total, outcome)` after each."""
    files = bundle_files(paths)
    summary = Summary()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for outcome in pool.map(lambda path: push_file(client, path), files):
            summary.outcomes.append(outcome)
            if progress is not None:
                progress(len(summary.outcomes), len(files), outcome)
    return summary


def progress_bar(stream: TextIO = sys.stderr, width: int = 30) -> Progress:
    def draw(done: int, total: int, outcome: Outcome) -> None:
        filled = width * done // max(total, 1)
        bar = "#" * filled + "." * (width - filled)
        stream.write(f"\r[{bar}] {done}/{total} {outcome.kind:<9} {outcome.path.name[:40]:<40}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return draw


def report(summary: Summary, stream: TextIO = sys.stdout) -> None:
    stream.write(
        f"{summary.count('accepted')} accepted, {summary.count('duplicate')} duplicate, "
        f"{len(summary.refused)} refused\n"
    )
    for outcome in summary.refused:
        stream.write(f"refused {outcome.path} (HTTP {outcome.status}):\n")
        for message in outcome.messages[:20]:
            stream.write(f"  - {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.hospital.push", description=__doc__)
    parser.add_argument("paths", nargs="+", help="Bundle files or folders of them")
    parser.add_argument("--keys", required=True, help="folder made by `shared.hospital keygen`")
    parser.add_argument("--base-url", help="default: client.json's base_url")
    parser.add_argument("--client-id", help="default: client.json's client_id")
    parser.add_argument("--workers", type=int, default=1, help="concurrent pushes")
    args = parser.parse_args(argv)
    folder = Path(args.keys)
    config_file = folder / "client.json"
    config = json.loads(config_file.read_text()) if config_file.exists() else {}
    client_id = args.client_id or config.get("client_id")
    if not client_id:
        parser.error("no client id: pass --client-id or save it in KEYS/client.json")
    base_url = (args.base_url or config.get("base_url") or "http://127.0.0.1:8000").rstrip("/")
    client = HospitalClient(base_url, client_id, HospitalKeys.load(folder))
    summary = push_paths(client, args.paths, progress_bar(), workers=args.workers)
    report(summary)
    return 1 if summary.refused else 0


if __name__ == "__main__":
    sys.exit(main())
