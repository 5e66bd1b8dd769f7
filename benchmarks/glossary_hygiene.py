"""Glossary entries that only the dev set's test-half documents could have taught.

A glossary entry whose Vietnamese side occurs in a test-half document (a gold file of a
`half: test` line of tests/eval/dev_questions.jsonl or dev_followups.jsonl) and in no other
document (the congbao corpus less the test-half documents, plus the seed notices) was mined
from held-out text. Entries of the hand-written glossary that predates the corpus (commit
2a16fc9, written over the three seed notices before any gazette document or dev set existed)
are reported but kept: no held-out text taught them. This prints how many there are and, with
--write, deletes their lines from assistant/vocab/data/glossary.tsv. Run it again whenever the
dev set gains test-half documents.

    .venv/bin/python benchmarks/glossary_hygiene.py [--write] [--list]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.eval.glossary_audit import TokenText, half_documents, held_out_only_entries  # noqa: E402
from assistant.vocab.glossary import DEFAULT_GLOSSARY, Glossary  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"
SEEDS = REPO / "data" / "notices"
# The first glossary: 708 entries written by hand over the seeds, before the corpus was mined.
PRE_CORPUS = ("2a16fc9", "assistant/data/glossary.tsv")
QUESTION_FILES = [REPO / "tests/eval/dev_questions.jsonl", REPO / "tests/eval/dev_followups.jsonl"]


def corpus_split(corpora: Path = CORPORA) -> tuple[list[Path], list[Path]]:
    """(test-half documents, every other document: congbao less those, plus the seeds)."""
    test_names = half_documents(QUESTION_FILES, "test")
    congbao = sorted((corpora / "congbao").rglob("*.txt"))
    test = [p for p in congbao if str(p.relative_to(corpora)) in test_names]
    test += [SEEDS / n for n in test_names if "/" not in n]  # a seed in the test half
    test_set = set(test)
    other = [p for p in congbao if p not in test_set]
    other += [p for p in sorted(SEEDS.iterdir()) if p.is_file() and p not in test_set]
    return test, other


def pre_corpus_terms() -> set[str]:
    """Preferred Vietnamese terms of the hand-written glossary (empty without git history)."""
    commit, path = PRE_CORPUS
    shown = subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=REPO, capture_output=True, text=True
    )
    if shown.returncode:
        print(f"warning: no git history for {commit}; every entry is audited", file=sys.stderr)
        return set()
    return {e.vietnamese[0] for e in Glossary.parse(shown.stdout).entries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="delete the entries from the TSV")
    parser.add_argument("--list", action="store_true", help="print each entry")
    args = parser.parse_args()

    test_paths, other_paths = corpus_split()
    read = lambda paths: TokenText(p.read_text(encoding="utf-8") for p in paths)  # noqa: E731
    test, other = read(test_paths), read(other_paths)
    lines = DEFAULT_GLOSSARY.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0]
    hand_written = pre_corpus_terms()
    doomed: list[int] = []
    kept: list[str] = []
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip() or line.startswith("#"):
            continue
        entries = Glossary.parse(header + line).entries
        if held_out_only_entries(entries, test, other):
            if entries[0].vietnamese[0] in hand_written:
                kept.append(entries[0].vietnamese[0])
                continue
            doomed.append(number)
            if args.list:
                print("  " + line.rstrip("\n").replace("\t", " | "))
    print(
        f"{len(test_paths)} test-half documents, {len(other_paths)} other documents; "
        f"{len(doomed) + len(kept)} of {len(lines) - 1} glossary entries occur only in "
        f"test-half documents: {len(doomed)} mined, {len(kept)} hand-written before the corpus "
        f"(kept: {'; '.join(kept) or '-'})"
    )
    if args.write and doomed:
        drop = set(doomed)
        rest = [line for n, line in enumerate(lines) if n not in drop]
        DEFAULT_GLOSSARY.write_text("".join(rest), encoding="utf-8")
        print(f"removed {len(doomed)} lines from {DEFAULT_GLOSSARY.relative_to(REPO)}")


if __name__ == "__main__":
    main()
