"""chunk_blocks: verbatim chunks within the token budget, on the seeds and synthetic blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.records import Block
from ingest.chunking import WordTokenCounter, approx_token_count, chunk_blocks
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
    # Nothing is lost: every character of every leaf but whitespace lies inside some chunk
    # (a leaf split over several chunks included, down to its last sentence).
    covered = bytearray(len(text))
    for chunk in chunks:
        covered[chunk.start : chunk.end] = b"\x01" * (chunk.end - chunk.start)
    for block in parse_blocks(text):
        lost = [
            i for i in range(block.start, block.end) if not covered[i] and not text[i].isspace()
        ]
        assert not lost, f"lost from {block.text[:40]!r}: {text[lost[0] : lost[-1] + 1]!r}"


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


# --- meaning kept together -------------------------------------------------------------------


def _doc_chunks(raw: str, max_tokens: int = 256, count=approx_token_count):
    text = normalize_text(raw)
    chunks = chunk_blocks("d", parse_blocks(text), max_tokens, count, text=text)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text  # citations stay verbatim
    return text, chunks


INTRO = (
    "Điều 2. Tổ chức thực hiện\n"
    "Để triển khai kịp thời và hiệu quả Nghị quyết này, Thủ tướng Chính phủ yêu cầu "
    "các bộ, cơ quan ngang bộ tập trung thực hiện các nhiệm vụ trọng tâm sau đây:\n"
    "- Rà soát danh mục văn bản cần sửa đổi.\n"
    "- Báo cáo kết quả về Văn phòng Chính phủ.\n"
)


def test_list_item_carries_its_whole_intro_line():
    _, chunks = _doc_chunks(INTRO, max_tokens=150)
    item = next(c for c in chunks if "- Báo cáo kết quả" in c.text)
    assert item.text.startswith("- Rà soát")  # the intro's own chunk is another one
    assert item.section[-1].endswith("…")  # the path shows the intro shortened
    embedded = item.embed_text()
    # ... and the context carries the rest of it, so the whole intro is read with the item.
    assert "tập trung thực hiện các nhiệm vụ trọng tâm sau đây:" in embedded
    assert embedded.endswith("- Báo cáo kết quả về Văn phòng Chính phủ.")
    assert item.context == [
        "…các bộ, cơ quan ngang bộ tập trung thực hiện các nhiệm vụ trọng tâm sau đây:"
    ]


def test_body_named_in_heading_is_embedded_and_indexed_with_each_item():
    raw = (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "3. Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Sở Tài chính và "
        "các địa phương thực hiện:\n"
        "a) Rà soát quy hoạch vùng nguyên liệu của tỉnh, đánh giá hiệu quả sử dụng đất nông "
        "nghiệp và đề xuất điều chỉnh cho giai đoạn 2026 - 2030.\n"
        "b) Xây dựng kế hoạch chuyển đổi cơ cấu cây trồng, vật nuôi phù hợp với điều kiện khí "
        "hậu và thị trường tiêu thụ của từng địa phương.\n"
    )
    _, chunks = _doc_chunks(raw, max_tokens=150)
    heading = next(c for c in chunks if c.text.startswith("3. Sở Nông nghiệp"))
    assert heading.text.endswith("giai đoạn 2026 - 2030.")  # the heading with its first item
    item = next(c for c in chunks if c.text.startswith("b) Xây dựng kế hoạch"))
    assert "Sở Nông nghiệp và Phát triển nông thôn" in item.section[-1]
    assert item.context == ["…các địa phương thực hiện:"]
    assert "Sở Tài chính và…\n…các địa phương thực hiện:\nb) Xây dựng" in item.embed_text()


def test_long_heading_text_is_in_a_chunk_not_only_in_a_shortened_path():
    # A heading with children is no block; its path entry is cut at ~80 characters, so its
    # words after the cut were retrievable nowhere (Điều 1 of a gazette document).
    raw = (
        "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 12/2022/NĐ-CP ngày 17 tháng 01 "
        "năm 2022 của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực lao động\n"
        "1. Sửa đổi khoản 2 Điều 4 như sau.\n"
        "2. Bãi bỏ khoản 3 Điều 5.\n"
    )
    text, chunks = _doc_chunks(raw)
    heading = next(c for c in chunks if c.text.startswith("Điều 1."))
    assert "xử phạt vi phạm hành chính trong lĩnh vực lao động" in heading.text
    assert heading.section == []
    # Without the document text the chunker cannot see it (the old behaviour).
    bare = chunk_blocks("d", parse_blocks(text), 256, approx_token_count)
    assert not any("trong lĩnh vực lao động" in c.text for c in bare)


def test_chapter_name_on_two_lines_is_kept():
    raw = (
        "Chương II\n"
        "QUY ĐỊNH VỀ ĐIỀU KIỆN ĐẦU TƯ KINH DOANH DỊCH VỤ ĐƯA NGƯỜI LAO ĐỘNG VIỆT NAM ĐI LÀM\n"
        "VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG\n"
        "Điều 3. Vốn pháp định\n"
        "Doanh nghiệp phải có vốn điều lệ từ 5 tỷ đồng trở lên.\n"
    )
    _, chunks = _doc_chunks(raw)
    assert any("VIỆC Ở NƯỚC NGOÀI THEO HỢP ĐỒNG" in c.text for c in chunks)


TASKS = (
    "V. NHIỆM VỤ\n"
    "1. Về xây dựng và hoàn thiện cơ sở pháp lý\n"
    "a) Rà soát, tổng hợp, đánh giá, đề xuất sửa đổi các luật có quy định liên quan đến cơ sở "
    "dữ liệu quốc gia, cơ sở dữ liệu của bộ, ngành, địa phương.\n"
    "- Đơn vị chủ trì: Bộ Công an.\n"
    "- Thời gian hoàn thành: Quý IV/2026.\n"
    "b) Sửa đổi, bổ sung Nghị định số 01/2018/NĐ-CP của Chính phủ quy định chức năng, nhiệm vụ, "
    "quyền hạn và cơ cấu tổ chức của Bộ Công an.\n"
    "- Đơn vị chủ trì: Bộ Công an.\n"
    "- Thời gian hoàn thành: Trong năm 2027.\n"
)


@pytest.mark.parametrize(("max_tokens", "fits"), [(120, False), (140, False), (256, True)])
def test_deadline_line_stays_with_its_task(max_tokens, fits):
    """In the task's own chunk when the item fits the budget; else the task goes with the
    deadline's chunk as its context."""
    _, chunks = _doc_chunks(TASKS, max_tokens=max_tokens)
    for task, deadline in (("a) Rà soát", "Quý IV/2026"), ("b) Sửa đổi", "Trong năm 2027")):
        holder = next(c for c in chunks if deadline in c.text)
        assert (task in holder.text) is fits
        assert any(line.startswith(task) for line in holder.context) is not fits
        assert approx_token_count(holder.text) <= max_tokens


def test_task_starts_a_chunk_rather_than_leave_its_deadline_behind():
    raw = "1. Nhiệm vụ năm 2026\n" + "".join(
        f"{letter}) Tổ chức kiểm tra việc thực hiện nhiệm vụ số {n} của tỉnh.\n"
        f"- Thời gian hoàn thành: Quý {n}/2026.\n"
        for n, letter in enumerate("abcdeg", start=1)
    )
    _, chunks = _doc_chunks(raw, max_tokens=150)
    assert len(chunks) > 1  # small tasks are merged, up to the budget
    for chunk in chunks:
        assert not chunk.text.startswith("- Thời gian hoàn thành")
        assert chunk.text.endswith("/2026.")


def test_trailing_deadline_sentence_is_not_split_from_its_task():
    task = " ".join(f"Câu số {i} về việc lập danh sách liệt sĩ của tỉnh." for i in range(12))
    text = task + " Thời gian hoàn thành trước 01 tháng 3 năm 2027."
    chunks = chunk_blocks("d", [Block([], text, 0, len(text))], 60, approx_token_count)
    last = next(c for c in chunks if "Thời gian hoàn thành" in c.text)
    assert last.text.startswith("Câu số")  # the sentence before it came along


PIPE_TABLE = (
    "Giao các cơ quan thực hiện các nhiệm vụ trong bảng sau.\n"
    "TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
    "1 | Xây dựng đề án chuyển đổi số | Sở Khoa học và Công nghệ | Quý IV/2026\n"
    "2 | Rà soát quy hoạch vùng nguyên liệu | Sở Nông nghiệp và Môi trường | Tháng 6/2026\n"
)


def test_pipe_table_row_is_a_passage_with_its_header_cells():
    _, chunks = _doc_chunks(PIPE_TABLE)
    row = next(c for c in chunks if "Rà soát quy hoạch" in c.text)
    assert row.text.startswith("2 | Rà soát quy hoạch")  # one row, verbatim
    assert "Xây dựng đề án" not in row.text
    assert row.context[-1] == (
        "Nhiệm vụ: Rà soát quy hoạch vùng nguyên liệu | "
        "Cơ quan chủ trì: Sở Nông nghiệp và Môi trường | Thời gian hoàn thành: Tháng 6/2026"
    )
    assert "Cơ quan chủ trì: Sở Nông nghiệp và Môi trường" in row.embed_text()


def test_word_table_rows_keep_header_cells(tmp_path):
    import docx

    from ingest.loaders import load_text

    document = docx.Document()
    document.add_paragraph("Phân công nhiệm vụ thực hiện Kế hoạch năm 2026 như sau.")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"),
        ("1", "Xây dựng đề án chuyển đổi số", "Sở Khoa học và Công nghệ", "Quý IV/2026"),
        ("2", "Tổ chức hội nghị sơ kết", "Văn phòng UBND tỉnh", "Tháng 7/2026"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "phan-cong.docx"
    document.save(path)
    _, chunks = _doc_chunks(load_text(path, 10_000_000).text)
    row = next(c for c in chunks if "Tổ chức hội nghị sơ kết" in c.text)
    assert "Cơ quan chủ trì: Văn phòng UBND tỉnh" in row.context[-1]
    assert "Thời gian hoàn thành: Tháng 7/2026" in row.context[-1]


GAZETTE_TABLE = (
    "B. DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT CẦN SỬA ĐỔI, BỔ SUNG\n"
    "TT\n"
    "Văn bản\n"
    "Điều, khoản, điểm cần sửa đổi, bổ sung, bãi bỏ\n"
    "Cơ quan chủ trì soạn thảo\n"
    "1\n"
    "Nghị định số 69/2010/NĐ-CP ngày 21 tháng 6 năm 2010 của Chính phủ về an toàn sinh học\n"
    "Khoản 5 Điều 18, khoản 4 Điều 23\n"
    "Bộ Nông nghiệp và Môi trường\n"
    "2\n"
    "Nghị định số 43/2026/NĐ-CP ngày 26 tháng 01 năm 2026 của Chính phủ sửa đổi, bổ sung\n"
    "một số điều của các nghị định trong lĩnh vực bảo tồn thiên nhiên\n"
    "- Khoản 3 Điều 42;\n"
    "- Phụ lục I\n"
    "Bộ Nông nghiệp và Môi trường\n"
)


def test_gazette_pdf_table_rows_carry_header_cells():
    text, chunks = _doc_chunks(GAZETTE_TABLE)
    first = next(c for c in chunks if "69/2010" in c.text)
    second = next(c for c in chunks if "43/2026" in c.text)
    assert first is not second  # a numbered row is a passage of its own
    assert first.text.startswith("TT\nVăn bản")  # the header goes with the first row
    # Cells that line up are labelled; a row whose cells wrapped lists the header cells.
    assert "Cơ quan chủ trì soạn thảo: Bộ Nông nghiệp và Môi trường" in first.context[-1]
    assert second.text.startswith("2\n")
    assert second.context[-1] == (
        "TT | Văn bản | Điều, khoản, điểm cần sửa đổi, bổ sung, bãi bỏ | Cơ quan chủ trì soạn thảo"
    )
    assert "Cơ quan chủ trì soạn thảo" in second.embed_text()


# --- token counting --------------------------------------------------------------------------


def _fake_model_count(text: str) -> int:
    """Like a real tokenizer: specials + a prefix, and pieces that never cross a space."""
    return 4 + sum(1 + len(word) // 4 for word in text.split())


def test_word_token_counter_is_exact_for_whitespace_tokenizers():
    counter = WordTokenCounter(_fake_model_count)
    assert counter.overhead == 4
    for text in ["", "   ", "Thời gian hoàn thành: Quý IV/2026", "một  hai\nba", "x" * 40]:
        assert counter(text) == _fake_model_count(text)
    assert counter(INTRO) == _fake_model_count(INTRO)


def test_chunks_are_sized_with_the_given_counter():
    text = normalize_text(TASKS * 3)
    blocks = parse_blocks(text)
    counter = WordTokenCounter(_fake_model_count)
    for max_tokens in (60, 120):
        for chunk in chunk_blocks("d", blocks, max_tokens, counter, text=text):
            assert _fake_model_count(chunk.text) <= max_tokens


def test_list_marker_is_not_cut_from_its_sentence():
    text = "9. Chi tổ chức học tập, trao đổi kinh nghiệm. " + "Thực hiện theo quy định. " * 20
    chunks = chunk_blocks(
        "d", [Block([], text.strip(), 0, len(text.strip()))], 60, approx_token_count
    )
    assert chunks[0].text.startswith("9. Chi tổ chức học tập")


def test_two_column_table_rows_are_labelled():
    raw = (
        "Lịch trình thực hiện như sau.\n"
        "Nội dung | Thời gian\n"
        "Tổng kết công tác phòng, chống thiên tai | Tháng 12/2026\n"
        "Báo cáo Ủy ban nhân dân tỉnh | Tháng 01/2027\n"
    )
    _, chunks = _doc_chunks(raw)
    row = next(c for c in chunks if c.text.startswith("Báo cáo Ủy ban"))
    assert row.context == ["Nội dung: Báo cáo Ủy ban nhân dân tỉnh | Thời gian: Tháng 01/2027"]
    # One "a | b" line in prose is no table.
    _, prose = _doc_chunks("Khẩu hiệu của hội nghị: Đoàn kết | Đổi mới | Phát triển.\nHết.")
    assert all(c.context == [] for c in prose)


def test_html_table_rows_keep_header_cells(tmp_path):
    from ingest.loaders import load_text

    page = tmp_path / "ke-hoach.html"
    page.write_text(
        "<html><body><article><h1>Kế hoạch</h1><p>Giao các cơ quan thực hiện các nhiệm vụ sau "
        "đây trong năm 2026 theo bảng dưới đây để bảo đảm tiến độ chung của tỉnh.</p><table>"
        "<tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời gian hoàn thành</th>"
        "</tr><tr><td>1</td><td>Xây dựng đề án chuyển đổi số</td><td>Sở Khoa học và Công nghệ"
        "</td><td>Quý IV/2026</td></tr><tr><td>2</td><td>Rà soát quy hoạch</td><td>Sở Xây dựng"
        "</td><td>Tháng 6/2026</td></tr></table><p>Các cơ quan báo cáo kết quả thực hiện về Ủy "
        "ban nhân dân tỉnh trước ngày 15 tháng 12 năm 2026 để tổng hợp.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    _, chunks = _doc_chunks(load_text(page, 10_000_000).text)
    row = next(c for c in chunks if "Rà soát quy hoạch" in c.text)
    assert row.context == [
        "Nhiệm vụ: Rà soát quy hoạch | Cơ quan chủ trì: Sở Xây dựng | "
        "Thời gian hoàn thành: Tháng 6/2026"
    ]
