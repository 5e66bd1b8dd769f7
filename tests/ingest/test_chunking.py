"""chunk_blocks: verbatim chunks within the token budget, on the seeds and synthetic blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models import Block
from ingest.chunking import approx_token_count, chunk_blocks
from ingest.normalize import normalize_text
from ingest.structure import parse_blocks

SEEDS = Path(__file__).resolve().parents[2] / "data" / "notices"
SEED_FILES = sorted(SEEDS.glob("*"))


def _chunks(path: Path, max_tokens: int = 256):
    text = normalize_text(path.read_text(encoding="utf-8"))
    return text, chunk_blocks("doc", parse_blocks(text), max_tokens, approx_token_count)


def test_approx_token_count_overestimates_syllables():
    assert approx_token_count("") == 2
    assert approx_token_count("Tăng trưởng kinh tế đạt 3%.") == 6 * 2 + 2 + 2
    assert approx_token_count("a b c") > approx_token_count("a b")


@pytest.mark.parametrize("max_tokens", [256, 80])
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_chunks_are_verbatim_and_within_budget(path, max_tokens):
    text, chunks = _chunks(path, max_tokens)
    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert chunks[0].chunk_id == "doc:0000"
    previous_end = -1
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.start >= previous_end
        previous_end = chunk.end
        # The section path is inside the budget unless it alone takes over 3/4 of it.
        path_cost = approx_token_count(" > ".join(chunk.section) + "\n") if chunk.section else 0
        assert approx_token_count(chunk.text) <= max(max_tokens - path_cost, max_tokens // 4)
    # Nothing is lost: every leaf's text lies inside some chunk.
    covered = [(c.start, c.end) for c in chunks]
    for block in parse_blocks(text):
        assert any(s <= block.start and block.end <= e for s, e in covered) or any(
            block.start <= s < block.end for s, _ in covered
        )


def test_small_blocks_under_one_section_are_merged():
    text, chunks = _chunks(next(p for p in SEED_FILES if p.name.startswith("lam-dong-2024")))
    recipients = [c for c in chunks if c.section == ["Nơi nhận"]]
    assert len(recipients) == 1  # twelve short "- ..." lines become one passage
    assert recipients[0].text.startswith("- Thường trực Tỉnh ủy (báo cáo),\n- Ban cán sự")
    header = chunks[0]
    assert header.section == []
    assert header.text.startswith("THÔNG BÁO\nKẾT LUẬN CỦA ĐỒNG CHÍ")
    drought = next(c for c in chunks if "phòng, chống hạn hán" in c.text)
    assert drought.section[-1].startswith("2.3. Ban cán sự đảng")
    assert drought.embed_text().startswith("2. Một số nhiệm vụ thời gian tới > ")


def test_long_block_is_split_at_sentences_then_clauses():
    sentences = [f"Câu số {i} nói về việc phòng, chống hạn hán của tỉnh." for i in range(30)]
    text = " ".join(sentences)
    block = Block(["1. Nhiệm vụ"], text, 10, 10 + len(text))
    chunks = chunk_blocks("d", [block], 60, approx_token_count)
    assert len(chunks) > 1
    for chunk in chunks:
        local = chunk.text
        assert text[chunk.start - 10 : chunk.end - 10] == local
        assert local.endswith(".")  # cut at a sentence end
        assert approx_token_count(local) <= 60
    # One long sentence with clauses: cut after ";" or ",", never mid-word.
    clause_text = "; ".join(f"giao Sở {i} chủ trì, phối hợp thực hiện" for i in range(40)) + "."
    long_sentence = Block([], clause_text, 0, len(clause_text))
    pieces = chunk_blocks("d", [long_sentence], 50, approx_token_count)
    assert len(pieces) > 1
    assert all(p.text[-1] in ";,." for p in pieces)
    assert all(clause_text[p.start : p.end] == p.text for p in pieces)


def test_unbreakable_run_is_cut_within_budget():
    code = "x" * 5000
    pieces = chunk_blocks("d", [Block([], code, 0, len(code))], 10, lambda s: len(s) // 100 + 1)
    assert "".join(p.text for p in pieces) == code
    assert all(len(p.text) // 100 + 1 <= 10 for p in pieces)


def test_blocks_in_different_sections_are_not_merged():
    text = "Điều 1. A\nMột.\nHai."
    blocks = [
        Block(["Điều 1. A"], "Một.", 10, 14),
        Block(["Điều 2. B"], "Hai.", 15, 19),
    ]
    chunks = chunk_blocks("d", blocks, 100, approx_token_count)
    assert [c.text for c in chunks] == ["Một.", "Hai."]
    assert text[15:19] == "Hai."
