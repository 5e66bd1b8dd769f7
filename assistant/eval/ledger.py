"""Precision and recall of the assignment ledger against hand labels.

Two label files, both passed in by the caller (the CLI documents the repository's defaults):

- seed labels: a JSON list of ``{"file", "assignees", "supporters", "task_contains",
  "deadline_text", "deadline"[, "kind"]}``; ``file`` is relative to the seed notices folder.
- corpus labels: ``{"about", "split": {"tune": [...], "test": [...]}, "labels": [...]}``; ``file``
  is relative to the corpora folder (``congbao/...``). Documents are split into a tune half and a
  test half; the test half is the reported figure.

``task_contains`` is a verbatim piece of the task that does not cross a line break, so it survives
re-flowing; it is compared after Unicode normalization and whitespace collapsing. ``kind`` is
"task" (the default), "coordination" or "general" (a standing "chịu trách nhiệm thi hành ..."
clause).

An extracted record matches a label when both come from the same file, their assignee sets share
a body (``assistant.vocab.bodies.body_key``), and the record's task contains ``task_contains``. Each
label and each record is matched at most once. Records are attributed to files through their
``doc_id``: the runners here use the label's ``file`` as the doc_id.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.core.errors import AssignmentLabelsMissing
from assistant.core.records import Assignment, Notice
from assistant.core.text import normalize_unicode
from assistant.vocab.bodies import body_key
from ingest.assignments import extract_assignments
from ingest.loaders import load_text
from ingest.metadata import extract_metadata
from ingest.normalize import normalize_text
from ingest.structure import parse_blocks

_SPACES_RE = re.compile(r"\s+")
# Quality floors from issue 11, checked on the test half; the seed labels must stay perfect.
RECALL_FLOOR = 0.9
PRECISION_FLOOR = 0.9
DEADLINE_FLOOR = 0.9
SEED_FLOOR = 1.0
_MAX_BYTES = 50 * 1024 * 1024  # the largest gazette file is ~1 MB
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
    """Precision, recall, F1, deadline, supporter and kind accuracy over matched pairs, per-file
    counts, and the misses / unexpected records for inspection. ``texts`` maps each labelled file
    name to its normalized text; a label whose ``task_contains`` is not in that text raises
    ValueError, so a broken label cannot silently lower recall.

    Labels and records are paired by a maximum matching (each used once), trying first the
    records whose deadline agrees with the label, so that a table row split into two records with
    two deadlines pairs each record with its own label."""
    by_file: dict[str, list[Assignment]] = {name: [] for name in texts}
    for record in extracted:
        if record.doc_id in by_file:
            by_file[record.doc_id].append(record)
    per_file: dict[str, dict[str, int]] = {
        name: {"labels": 0, "extracted": len(records), "matched": 0}
        for name, records in by_file.items()
    }
    squashed = {name: _squash(text) for name, text in texts.items()}
    matched_pairs: list[tuple[dict, Assignment]] = []
    missed: list[dict] = []
    used: set[int] = set()
    labels_by_file: dict[str, list[dict]] = {}
    for label in labels:
        name = label["file"]
        if name not in texts:
            raise ValueError(f"label for {name!r}, but no text was given for that file")
        if _squash(label["task_contains"]) not in squashed[name]:
            raise ValueError(f"label task_contains not found in {name}: {label['task_contains']!r}")
        per_file[name]["labels"] += 1
        labels_by_file.setdefault(name, []).append(label)
    for name, file_labels in labels_by_file.items():
        records = by_file[name]
        pairs = _match(file_labels, records)
        for index, label in enumerate(file_labels):
            if index in pairs:
                record = records[pairs[index]]
                used.add(id(record))
                matched_pairs.append((label, record))
                per_file[name]["matched"] += 1
            else:
                missed.append(label)

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
    kind_right = sum(_kind(label) == record.kind for label, record in matched_pairs)
    # The floor: no "chịu trách nhiệm thi hành" boilerplate among the task records.
    general_as_task = [
        label for label, record in matched_pairs if _kind(label) == "general" != record.kind
    ]
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
        "kind_accuracy": kind_right / n_matched if n_matched else 0.0,
        "general_as_task": len(general_as_task),
        "general_as_task_labels": [
            {"file": label["file"], "task_contains": label["task_contains"]}
            for label in general_as_task
        ],
        "per_file": per_file,
        "missed": [{"file": m["file"], "task_contains": m["task_contains"]} for m in missed],
        "unexpected": [
            {"file": r.doc_id, "assignees": r.assignees, "kind": r.kind, "task": r.task[:120]}
            for r in unexpected
        ],
        "wrong_deadlines": [
            {
                "file": label["file"],
                "task_contains": label["task_contains"],
                "label": label["deadline"],
                "extracted": record.deadline,
                "words": record.deadline_text,
            }
            for label, record in matched_pairs
            if label["deadline"] != record.deadline
        ],
    }


def _kind(label: dict) -> str:
    return label.get("kind", "task")


def _match(labels: list[dict], records: list[Assignment]) -> dict[int, int]:
    """label index -> record index: a maximum bipartite matching (Kuhn's augmenting paths)."""
    record_tasks = [_squash(record.task) for record in records]
    record_keys = [_keys(record.assignees) for record in records]
    candidates: list[list[int]] = []
    for label in labels:
        wanted, keys = _squash(label["task_contains"]), _keys(label["assignees"])
        fits = [
            i for i in range(len(records)) if record_keys[i] & keys and wanted in record_tasks[i]
        ]
        # Records whose deadline agrees come first; ties keep document order.
        fits.sort(key=lambda i: (records[i].deadline != label["deadline"], i))
        candidates.append(fits)
    owner: dict[int, int] = {}  # record index -> label index

    def augment(label_index: int, seen: set[int]) -> bool:
        for record_index in candidates[label_index]:
            if record_index in seen:
                continue
            seen.add(record_index)
            if record_index not in owner or augment(owner[record_index], seen):
                owner[record_index] = label_index
                return True
        return False

    for label_index in range(len(labels)):
        augment(label_index, set())
    return {label_index: record_index for record_index, label_index in owner.items()}


def load_labels(path: Path) -> list[dict]:
    """The labels of a seed label file (a JSON list)."""
    path = Path(path)
    if not path.is_file():
        raise AssignmentLabelsMissing(str(path), "the seed assignment labels", "--seeds")
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["labels"] if isinstance(data, dict) else data


def load_split_labels(path: Path) -> tuple[dict[str, list[str]], list[dict]]:
    """({"tune": files, "test": files}, labels) of a corpus label file."""
    path = Path(path)
    if not path.is_file():
        raise AssignmentLabelsMissing(str(path), "the corpus assignment labels", "--labels")
    data = json.loads(path.read_text(encoding="utf-8"))
    split = {half: list(files) for half, files in data["split"].items()}
    labelled = {label["file"] for label in data["labels"]}
    in_split = [name for files in split.values() for name in files]
    # A file may be in the split with no labels: a document that gives no body work, where every
    # record is a false positive (precision only).
    if not labelled <= set(in_split) or len(in_split) != len(set(in_split)):
        raise ValueError(f"{path}: every labelled file must be in exactly one half of the split")
    return split, data["labels"]


def notice_from_text(text: str, source: Path, doc_id: str) -> Notice:
    """A Notice from normalized text, with the metadata ``ingest.metadata`` finds in it."""
    metadata = extract_metadata(text, source)
    fields = {key: metadata[key] for key in _NOTICE_METADATA if key in metadata}
    return Notice(doc_id=doc_id, source=str(source), text=text, **fields)


def read_notice_text(path: Path) -> str:
    """The normalized text of one file, read the way ingest reads it."""
    return normalize_text(load_text(Path(path), _MAX_BYTES).text)


def extract_file(path: Path, doc_id: str | None = None) -> list[Assignment]:
    """The assignment records of one file through the real ingest stages (load, normalize,
    metadata, structure, assignments); ``doc_id`` defaults to the file name."""
    text = read_notice_text(path)
    notice = notice_from_text(text, Path(path), doc_id or Path(path).name)
    return extract_assignments(notice, parse_blocks(text))


def _evaluate_files(root: Path, labels: list[dict], files: list[str] | None = None) -> dict:
    """``files`` (default: the labelled ones) are all read, so a file without labels counts its
    records as unexpected."""
    texts: dict[str, str] = {}
    extracted: list[Assignment] = []
    names = [*(files or []), *(label["file"] for label in labels)]
    for name in dict.fromkeys(names):
        path = Path(root) / name
        texts[name] = read_notice_text(path)
        extracted.extend(extract_file(path, doc_id=name))
    return evaluate(extracted, labels, texts)


def run_seed_eval(notices_dir: Path, labels_path: Path) -> dict:
    """Extract from the labelled seed notices in ``notices_dir`` and evaluate against the labels."""
    if not Path(notices_dir).is_dir():
        raise AssignmentLabelsMissing(str(notices_dir), "the seed notices", "--seed-notices")
    return _evaluate_files(Path(notices_dir), load_labels(labels_path))


def run_split_eval(corpora: Path, labels_path: Path) -> dict[str, dict]:
    """{"tune": result, "test": result} for a corpus label file whose paths are relative to
    ``corpora``."""
    split, labels = load_split_labels(labels_path)
    if not Path(corpora).is_dir():
        raise AssignmentLabelsMissing(str(corpora), "the corpora folder", "--corpora")
    return {
        half: _evaluate_files(
            Path(corpora), [label for label in labels if label["file"] in files], files
        )
        for half, files in split.items()
    }


def floor_failures(results: dict[str, dict]) -> list[str]:
    """What falls below the floors: the test half (recall, precision, deadline ISO accuracy,
    boilerplate recorded as a task) and the seeds (everything perfect)."""
    failures = []
    test = results.get("test")
    if test is not None:
        for key, floor in (
            ("recall", RECALL_FLOOR),
            ("precision", PRECISION_FLOOR),
            ("deadline_accuracy", DEADLINE_FLOOR),
        ):
            if test[key] < floor:
                failures.append(f"test half {key} {test[key]:.3f} < {floor:.2f}")
        if test["general_as_task"]:
            failures.append(f"test half: {test['general_as_task']} boilerplate clauses as tasks")
    seeds = results.get("seeds")
    if seeds is not None:
        for key in ("recall", "precision", "deadline_accuracy"):
            if seeds[key] < SEED_FLOOR:
                failures.append(f"seeds {key} {seeds[key]:.3f} < {SEED_FLOOR:.2f}")
    return failures


def format_summary(results: dict[str, dict]) -> str:
    """One line per label set: counts, recall, precision, deadline ISO accuracy and more."""
    lines = [
        f"{'set':<6} {'labels':>6} {'found':>6} {'records':>7} {'recall':>7} {'precision':>9} "
        f"{'deadline':>8} {'kind':>6} {'support':>7}"
    ]
    for name, result in results.items():
        lines.append(
            f"{name:<6} {result['labels']:>6} {result['matched']:>6} {result['extracted']:>7} "
            f"{result['recall']:>7.3f} {result['precision']:>9.3f} "
            f"{result['deadline_accuracy']:>8.3f} {result['kind_accuracy']:>6.3f} "
            f"{result['supporter_accuracy']:>7.3f}"
        )
    return "\n".join(lines)


def format_report(result: dict) -> str:
    """The details of one label set: per-file counts, misses, unexpected records, wrong dates."""
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
            f"  extra   [{extra['file']}] ({extra['kind']}) {', '.join(extra['assignees'])}: "
            f"{extra['task']}"
        )
    for general in result.get("general_as_task_labels", []):
        lines.append(
            f"  general [{general['file']}] recorded as a task: {general['task_contains']}"
        )
    for wrong in result.get("wrong_deadlines", []):
        lines.append(
            f"  date    [{wrong['file']}] {wrong['task_contains'][:60]}: label "
            f"{wrong['label'] or '-'}, extracted {wrong['extracted'] or '-'} ({wrong['words']!r})"
        )
    return "\n".join(lines)
