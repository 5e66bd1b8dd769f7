"""Leaf blocks -> retrieval chunks sized for the embedding model, that keep meaning together and
lose nothing.

- One chunk per leaf block. Consecutive small blocks under the same section path are merged
  (front-matter lines, short bullets, recipients are poor retrieval units alone); a merged chunk
  is still the verbatim slice text[start:end] of the notice, newlines included.
- A block over budget is split at sentence ends, then at ";" / ",", then at spaces, into
  verbatim pieces each within budget. A trailing deadline sentence ("Thời gian hoàn thành trước
  01 tháng 3 năm 2027.") is never cut from the sentence before it.
- Nothing is lost: a heading that has children is not a block, and the section path holds it
  shortened to ~80 characters. When the document text is given, every heading line whose words
  the path does not hold in full becomes a piece of its own, merged with its first children.
- Context (Chunk.context: embedded and indexed, never cited) carries what a chunk means only
  with: the full line of every shortened heading above it (the intro of a list, the body named
  in a heading), the task that trailing "Đơn vị chủ trì: ..." / "Thời gian hoàn thành: ..."
  lines belong to when they could not share its chunk, and the header cells of a table row.
- Tables: a pipe table (Word and HTML rows, "a | b | c") or a gazette PDF table ("TT" or "STT",
  header cells one per line, then rows each opened by its number) becomes one chunk per row
  whose context labels the cells with their headers ("Cơ quan chủ trì: Bộ Tài chính | ...")
  when the cells line up, else lists the header cells.
- Budget: Chunk.embed_text() prepends the section path and the context, so a chunk's own text
  gets max_tokens minus their tokens (at least a quarter of max_tokens, so a long path cannot
  starve the text; the path is the part the model may then truncate).

The package splits that work by step (each module's docstring says its own): ``tokens`` (counts
and the budget), ``items`` (blocks and recovered heading lines), ``context``, ``tables``,
``split``, and ``assemble`` (``chunk_blocks``: items to merged chunks).
"""

from ingest.chunking.assemble import chunk_blocks
from ingest.chunking.tokens import (
    DEFAULT_CHUNK_TOKENS,
    SHORT_WINDOW_CHUNK_TOKENS,
    WordTokenCounter,
    approx_token_count,
    chunk_budget,
)

__all__ = [
    "DEFAULT_CHUNK_TOKENS",
    "SHORT_WINDOW_CHUNK_TOKENS",
    "WordTokenCounter",
    "approx_token_count",
    "chunk_blocks",
    "chunk_budget",
]
