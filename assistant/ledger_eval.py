"""Precision and recall of the assignment ledger against hand labels.

Labels (tests/fixtures/seed_assignments.json) are a list of
``{"file", "assignees", "supporters", "task_contains", "deadline_text", "deadline"}``.
``task_contains`` is a verbatim piece of the task copied from the original seed file without
crossing a line break, so it survives re-flowing; it is compared after Unicode normalization
and whitespace collapsing.

An extracted record matches a label when both come from the same file, their assignee sets
share a body (``assistant.bodies.body_key``), and the record's task contains ``task_contains``.
Each label and each record is matched at most once. Records are attributed to files through
their ``doc_id``: ``run_seed_eval`` uses the file name as the doc_id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.bodies import body_key
from assistant.models import Assignment, Notice
from assistant.text import normalize_unicode

DEFAULT_LABELS = (
    Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed_assignments.json"
)
_SPACES_RE = re.compile(r"\s+")
RECALL_FLOOR = 0.9  # quality floors on the seed notices, from the issue
PRECISION_FLOOR = 0.85
_NOTICE_METADATA = (
    "title",
    "doc_type",
    "number",
    "issuer",
    "place",
    "date",
    "signer",
    "recipients",
)


def _squash(text: str) -> str:
    return _SPACES_RE.sub(" ", normalize_unicode(text)).strip()


def _keys(names: list[str]) -> set[str]:
    return {body_key(name) for name in names if name.strip()}


def evaluate(extracted: list[Assignment], labels: list[dict], texts: dict[str, str]) -> dict:
    """Precision, recall, F1, deadline and supporter accuracy over matched pairs, per-file counts,
    and the misses / unexpected records for inspection. ``texts`` maps each labelled file name to
    its normalized text; a label whose ``task_contains`` is not in that text raises ValueError,
    so a broken label cannot silently lower recall."""
    by_file: dict[str, list[Assignment]] = {name: [] for name in texts}
    for record in extracted:
        if record.doc_id in by_file:
            by_file[record.doc_id].append(record)
    per_file: dict[str, dict[str, int]] = {
        name: {"labels": 0, "extracted": len(records), "matched": 0}
        for name, records in by_file.items()
    }
    matched_pairs: list[tuple[dict, Assignment]] = []
    missed: list[dict] = []
    used: set[int] = set()
    for label in labels:
        name = label["file"]
        if name not in texts:
            raise ValueError(f"label for {name!r}, but no text was given for that file")
        wanted = _squash(label["task_contains"])
        if wanted not in _squash(texts[name]):
            raise ValueError(f"label task_contains not found in {name}: {label['task_contains']!r}")
        per_file[name]["labels"] += 1
        label_keys = _keys(label["assignees"])
        match = next(
            (
                record
                for record in by_file[name]
                if id(record) not in used
                and _keys(record.assignees) & label_keys
                and wanted in _squash(record.task)
            ),
            None,
        )
        if match is None:
            missed.append(label)
            continue
        used.add(id(match))
        per_file[name]["matched"] += 1
        matched_pairs.append((label, match))

    n_labels = len(labels)
    n_extracted = sum(len(records) for records in by_file.values())
    n_matched = len(matched_pairs)
    precision = n_matched / n_extracted if n_extracted else 0.0
    recall = n_matched / n_labels if n_labels else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    deadline_right = sum(label["deadline"] == record.deadline for label, record in matched_pairs)
    supporters_right = sum(
        _keys(label["supporters"]) == _keys(record.supporters) for label, record in matched_pairs
    )
    unexpected = [r for records in by_file.values() for r in records if id(r) not in used]
    return {
        "labels": n_labels,
        "extracted": n_extracted,
        "matched": n_matched,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "deadline_accuracy": deadline_right / n_matched if n_matched else 0.0,
        "supporter_accuracy": supporters_right / n_matched if n_matched else 0.0,
        "per_file": per_file,
        "missed": [{"file": m["file"], "task_contains": m["task_contains"]} for m in missed],
        "unexpected": [
            {"file": r.doc_id, "assignees": r.assignees, "task": r.task[:120]} for r in unexpected
        ],
    }


def load_labels(path: Path = DEFAULT_LABELS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def notice_from_text(text: str, source: Path, doc_id: str) -> Notice:
    """A Notice from normalized text, with the metadata ``ingest.metadata`` finds in it."""
    from ingest.metadata import extract_metadata

    metadata = extract_metadata(text, source)
    fields = {key: metadata[key] for key in _NOTICE_METADATA if key in metadata}
    return Notice(doc_id=doc_id, source=str(source), text=text, **fields)


def extract_file(path: Path, doc_id: str | None = None) -> list[Assignment]:
    """The assignment records of one UTF-8 text file through the real ingest stages (normalize,
    metadata, structure, assignments); ``doc_id`` defaults to the file name."""
    # Imported here: the ingest package depends on assistant, not the other way round.
    from ingest.assignments import extract_assignments
    from ingest.normalize import normalize_text
    from ingest.structure import parse_blocks

    text = normalize_text(Path(path).read_text(encoding="utf-8"))
    notice = notice_from_text(text, Path(path), doc_id or Path(path).name)
    return extract_assignments(notice, parse_blocks(text))


def run_seed_eval(notices_dir: Path, labels_path: Path = DEFAULT_LABELS) -> dict:
    """Extract from the labelled seed notices in ``notices_dir`` and evaluate against the labels."""
    from ingest.normalize import normalize_text

    labels = load_labels(labels_path)
    texts: dict[str, str] = {}
    extracted: list[Assignment] = []
    for name in dict.fromkeys(label["file"] for label in labels):
        path = Path(notices_dir) / name
        texts[name] = normalize_text(path.read_text(encoding="utf-8"))
        extracted.extend(extract_file(path, doc_id=name))
    return evaluate(extracted, labels, texts)


def format_report(result: dict) -> str:
    lines = [
        f"Assignments: {result['matched']} matched of {result['labels']} labelled, "
        f"{result['extracted']} extracted",
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  deadline accuracy {result['deadline_accuracy']:.3f}  "
        f"supporter accuracy {result['supporter_accuracy']:.3f}",
    ]
    for name, counts in result["per_file"].items():
        lines.append(
            f"  {name}: {counts['matched']}/{counts['labels']} labels found, "
            f"{counts['extracted']} extracted"
        )
    for miss in result["missed"]:
        lines.append(f"  missed  [{miss['file']}] {miss['task_contains']}")
    for extra in result["unexpected"]:
        lines.append(
            f"  extra   [{extra['file']}] {', '.join(extra['assignees'])}: {extra['task']}"
        )
    return "\n".join(lines)


def main(notices_dir: Path = Path("data/notices")) -> int:
    """Print the seed evaluation; exit status 1 when a quality floor is not met."""
    result = run_seed_eval(notices_dir)
    print(format_report(result))
    return 0 if result["recall"] >= RECALL_FLOOR and result["precision"] >= PRECISION_FLOOR else 1
