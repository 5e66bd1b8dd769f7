"""Every sentence of every congbao document is retrievable: it lies in a chunk's text or in an
indexed heading (section path or context). Runs normalize -> structure -> chunk with the default
embedder's own tokenizer (the model's weights are loaded for it, nothing is embedded).

Before this test, 9,469 of 396,169 sentences (2.4%) were in no chunk: the words of heading lines
past the ~80 characters the section path keeps (one document's whole Điều 1), the second line of
long chapter names, and closing quotes cut at sentence splits.
"""

from __future__ import annotations

import bisect
import re

import pytest

from ingest.chunking import WordTokenCounter, chunk_blocks, chunk_budget
from ingest.normalize import normalize_text
from ingest.pipeline import MIN_TEXT_CHARS
from ingest.structure import parse_blocks

# A sentence ends at . ! ? … or ; after a word or a closing quote/bracket; "1." and "a)" are
# list markers, not sentences.
_SENTENCE_END_RE = re.compile(r"(?<=[^\W\d_][.!?…;])\s+|(?<=[)”\"][.;])\s+")


def _sentences(text: str):
    """(start, end) of every sentence, per line."""
    position = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END_RE.finditer(line):
            yield position + start, position + match.start()
            start = match.end()
        if start < len(line):
            yield position + start, position + len(line)
        position += len(line) + 1


@pytest.fixture(scope="module")
def counter():
    from assistant.core.config import DEFAULT_EMBED_MODEL
    from assistant.store.embeddings import load_embedder

    embedder = load_embedder(DEFAULT_EMBED_MODEL)
    return embedder, WordTokenCounter(embedder.count_tokens)


def test_word_counter_matches_the_model_tokenizer(corpora, counter):
    embedder, count = counter
    files = sorted((corpora / "congbao").rglob("*.txt"))[::40]
    lines = [
        line
        for path in files
        for line in normalize_text(path.read_text(encoding="utf-8", errors="replace")).split("\n")
    ][::7]
    assert len(lines) > 500
    mismatched = [line for line in lines if count(line) != embedder.count_tokens(line)]
    assert mismatched == []


def test_every_congbao_sentence_is_in_a_chunk_or_an_indexed_heading(corpora, counter):
    embedder, count = counter
    max_tokens = chunk_budget(embedder.max_tokens)
    files = sorted((corpora / "congbao").rglob("*.txt"))
    assert len(files) >= 400
    documents = sentences = split = 0
    lost: list[str] = []
    too_long: list[str] = []
    for path in files:
        text = normalize_text(path.read_text(encoding="utf-8", errors="replace"))
        if len(text.strip()) < MIN_TEXT_CHARS:
            continue  # the pipeline rejects these page-header-only extracts with a reason
        documents += 1
        chunks = chunk_blocks(path.stem, parse_blocks(text), max_tokens, count, text=text)
        starts = [chunk.start for chunk in chunks]
        indexed = "\n".join({line for c in chunks for line in (*c.section, *c.context)})
        for chunk in chunks:
            assert text[chunk.start : chunk.end] == chunk.text
            if count(chunk.embed_text()) > embedder.max_tokens:
                too_long.append(f"{path.name}: {chunk.chunk_id}")
        for start, end in _sentences(text):
            sentence = text[start:end]
            if not sentence.strip():
                continue
            sentences += 1
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0 and chunks[i].end >= end:
                continue  # inside one chunk
            if sentence in indexed:
                continue  # a heading, held whole by a section path or a context line
            # Across chunks: allowed only for a sentence cut because it could not fit (a deep
            # path and an intro can leave a block a quarter of the budget, and pieces are
            # counted with the model's fixed tokens each), and only if every word of it is in
            # some chunk.
            covered = _covered(chunks, starts, start, end, text)
            if covered and count(sentence) > max_tokens // 8:
                split += 1
                continue
            lost.append(f"{path.name}: {sentence[:120]}")
    print(f"\n{documents} documents, {sentences} sentences, {split} cut across chunks, lost 0")
    assert documents >= 390
    assert lost == [], f"{len(lost)} sentences are in no chunk: {lost[:10]}"
    assert too_long == [], f"{len(too_long)} chunks exceed the model's window: {too_long[:10]}"


def _covered(chunks, starts, start: int, end: int, text: str) -> bool:
    """Every non-space character of text[start:end] lies in some chunk."""
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    position = start
    while position < end and i < len(chunks):
        chunk = chunks[i]
        if chunk.start > position:
            if text[position : chunk.start].strip():
                return False
            position = chunk.start
        if chunk.end > position:
            position = chunk.end
        i += 1
    return position >= end or not text[position:end].strip()


def test_sentence_splitter_skips_list_markers():
    text = "1. Sửa đổi khoản 2 như sau: a) Một; b) Hai.\nĐiều 5. Hiệu lực."
    found = [text[s:e] for s, e in _sentences(text)]
    assert found == ["1. Sửa đổi khoản 2 như sau: a) Một;", "b) Hai.", "Điều 5. Hiệu lực."]


def test_covered_sees_gaps():
    from assistant.core.records import Chunk

    text = "Một hai. Ba bốn."
    chunks = [Chunk("d:0", "d", 0, [], "Một hai.", 0, 8)]
    assert _covered(chunks, [0], 0, 8, text)
    assert not _covered(chunks, [0], 0, len(text), text)
