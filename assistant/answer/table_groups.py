"""Group rows of a table: a list whose rows are numbered 1, 2, ... under a label row, and
numbered from 1 again under the next label ("Điều kiện lao động loại V" / 1 ... 14 /
"Điều kiện lao động loại IV" / 1 ...). A row means what it means only with its group's label
("Lái xe vận tải, có trọng tải 20 tấn trở lên ..." is a category V job), which the passage
holding the row often lacks, and the next group's label is often glued to the row before it by
the text layer ("... rung và ồn cao Điều kiện lao động loại IV"), where it reads as the row's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.text import fold

# A row counter restarting at 1 on its own line, after the line that holds the group's label.
# Anchored at line starts: the same matches (a match always starts a line), but a long line
# is no longer re-scanned from each of its characters (quadratic: 7 s for 10k passages).
_RESTART = re.compile(r"(?m)^([^\n]+)\n1\n")
# Labels are group labels when another label of the same document starts with the same
# words ("Điều kiện lao động loại V", "... loại IV"): a column header before a table's first
# row ("Tiến độ thực hiện" / 1) has no siblings. 3 words: the shortest stem of the tune half's
# group labels ("Điều kiện lao động", "Nhóm I ..."), checked on its tables (TT 19/2023 has 4
# groups; the task tables of QĐ 844, 893, NQ 97 have none).
LABEL_STEM_WORDS = 3
# A label longer than this is a row, not a label. 12 words: the tune half's group labels have
# 5-6; their rows 8 and more only with the cells glued on.
LABEL_MAX_WORDS = 12


@dataclass(frozen=True)
class GroupLabel:
    start: int  # offset of the label in the document's normalized text
    end: int
    text: str


def label_of(line: str) -> str:
    """The label a line before a restarting row counter holds: the whole line, or, when the
    text layer glued it to the previous cell ("... căng thẳng thần kinh tâm lý Điều kiện lao
    động loại IV"), its tail from the last capitalised word that follows a lower-case one."""
    words = line.split()
    cut = 0
    for i in range(1, len(words)):
        word, previous = words[i], words[i - 1]
        if word[:1].isupper() and word[1:2].islower() and previous[-1:].islower():
            cut = i
    return " ".join(words[cut:])


def group_labels(chunks) -> list[GroupLabel]:
    """The group labels of a document, in text order, from its passages (ChunkRecords in text
    order: verbatim slices of the normalized text at their start offsets)."""
    found: dict[int, GroupLabel] = {}
    for chunk in chunks:
        for match in _RESTART.finditer(chunk.text):
            line = match.group(1)
            label = label_of(line)
            if not label or len(label.split()) > LABEL_MAX_WORDS:
                continue
            start = chunk.start + match.start(1) + len(line) - len(label)
            found.setdefault(start, GroupLabel(start, start + len(label), label))
    labels = sorted(found.values(), key=lambda g: g.start)
    stems: dict[str, set[str]] = {}
    for g in labels:
        stems.setdefault(_stem(g.text), set()).add(fold(g.text))
    return [g for g in labels if len(stems[_stem(g.text)]) > 1]


def _stem(label: str) -> str:
    return " ".join(fold(label).split()[:LABEL_STEM_WORDS])


def with_group(sentences: list[str], text: str, start: int, labels: list[GroupLabel]) -> list[str]:
    """The quoted sentences of a passage (`text`, at offset `start` of its document) led by the
    label of the group their first row is in, when the passage does not show it before them;
    a label glued to the end of a row is cut from it (it is the next group's)."""
    if not labels or not sentences:
        return sentences
    names = {g.text for g in labels}
    cut = [_without_glued(s, names) for s in sentences]
    at = _offset(cut[0], text)
    if at < 0:
        return cut
    before = [g for g in labels if g.end <= start + at]
    if not before:
        return cut
    label = before[-1].text
    if any(label in s for s in cut):
        return cut
    return [f"{label} …", *cut]


def _without_glued(sentence: str, names: set[str]) -> str:
    for name in names:
        index = sentence.find(name)
        if index > 0:
            return sentence[:index].rstrip()
    return sentence


def _offset(sentence: str, text: str) -> int:
    """Where the sentence starts in the passage text (whose line breaks the sentence has as
    spaces), or -1."""
    words = sentence.split()[:6]
    if not words:
        return -1
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return match.start() if match else -1
