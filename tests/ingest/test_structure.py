"""parse_blocks: heading paths and verbatim offsets on the seeds, law text and the gazette."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.normalize import normalize_text
from ingest.structure import parse_blocks

SEEDS = Path(__file__).resolve().parents[2] / "data" / "notices"
SEED_FILES = sorted(SEEDS.glob("*"))


def _parse(prefix: str) -> tuple[str, list]:
    path = next(p for p in SEED_FILES if p.name.startswith(prefix))
    text = normalize_text(path.read_text(encoding="utf-8"))
    return text, parse_blocks(text)


def _assert_verbatim(text: str, blocks: list) -> None:
    for block in blocks:
        assert text[block.start : block.end] == block.text
    starts = [block.start for block in blocks]
    assert starts == sorted(starts), "blocks come in document order"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_offsets_are_verbatim(path):
    text = normalize_text(path.read_text(encoding="utf-8"))
    blocks = parse_blocks(text)
    _assert_verbatim(text, blocks)
    # Every line of the text is either a leaf or a heading somewhere in a path.
    covered = {block.text for block in blocks} | {h for b in blocks for h in b.section}
    missing = [line for line in text.split("\n") if line not in covered and len(line) <= 80]
    assert missing == []


def test_drought_bullet_is_under_its_heading():
    text, blocks = _parse("lam-dong-2024")
    drought = next(b for b in blocks if "phòng, chống hạn hán" in b.text)
    assert drought.kind == "bullet"
    assert drought.section[0] == "2. Một số nhiệm vụ thời gian tới"
    assert drought.section[-1].startswith("2.3. Ban cán sự đảng Ủy ban nhân tỉnh")
    growth = next(b for b in blocks if "Tăng trưởng kinh tế đạt 3%" in b.text)
    assert growth.section == ["1. Về kết quả đạt được"]
    assert blocks[0].section == [] and blocks[0].text == "THÔNG BÁO"
    recipients = [b for b in blocks if b.section == ["Nơi nhận"]]
    assert len(recipients) == 12
    assert blocks[-1].text == "Hoàng Văn Bằng" and blocks[-1].section == []


def test_roman_headings_and_intro_paragraph():
    _, blocks = _parse("dak-lak")
    task = next(b for b in blocks if b.text.startswith("3- Chuẩn bị phương án"))
    assert task.section[0].startswith("II- VỀ NỘI DUNG DỰ THẢO BÁO CÁO")
    assert task.section[1].startswith("Để triển khai thực hiện thắng lợi Nghị quyết năm 2020")
    assert all(len(title) <= 81 for title in task.section)
    closing = next(b for b in blocks if b.text.startswith("Giao Văn phòng Tỉnh ủy phối hợp"))
    assert len(closing.section) == 1  # the plain paragraph after the list closes the intro


def test_news_has_paragraphs_only():
    text, blocks = _parse("lam-dong-2021")
    assert len(blocks) == len(text.split("\n"))
    assert all(b.section == [] and b.kind == "paragraph" for b in blocks)


LAW = """QUỐC HỘI
LUẬT
BẢO HIỂM XÃ HỘI
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Chương I
NHỮNG QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Luật này quy định về chế độ bảo hiểm xã hội.
Điều 2. Đối tượng áp dụng
1. Người lao động là công dân Việt Nam.
2. Người lao động làm việc theo hợp đồng lao động, bao gồm:
a) Hợp đồng không xác định thời hạn;
b) Hợp đồng xác định thời hạn.
Mục 1
ĐÓNG BẢO HIỂM
Điều 3. Mức đóng
Điều 4. Mức hưởng được tính như sau.
1. Bằng 75%.
Chương II
ĐIỀU KHOẢN THI HÀNH
Điều 5. Hiệu lực thi hành
Luật này có hiệu lực từ ngày 01 tháng 7 năm 2025."""


def test_law_chapters_articles_clauses_points():
    text = normalize_text(LAW)
    blocks = parse_blocks(text)
    _assert_verbatim(text, blocks)
    by_text = {b.text: b for b in blocks}
    chapter = "Chương I NHỮNG QUY ĐỊNH CHUNG"
    assert by_text["Luật này quy định về chế độ bảo hiểm xã hội."].section == [
        chapter,
        "Điều 1. Phạm vi điều chỉnh",
    ]
    assert by_text["1. Người lao động là công dân Việt Nam."].section == [
        chapter,
        "Điều 2. Đối tượng áp dụng",
    ]
    point = by_text["b) Hợp đồng xác định thời hạn."]
    assert point.kind == "bullet"
    assert point.section == [
        chapter,
        "Điều 2. Đối tượng áp dụng",
        "2. Người lao động làm việc theo hợp đồng lao động, bao gồm:",
    ]
    # An article with no body is kept as a heading block; a one-sentence article is a leaf
    # whose clauses still sit under it.
    empty_article = by_text["Điều 3. Mức đóng"]
    assert empty_article.kind == "heading"
    assert empty_article.section == [chapter, "Mục 1 ĐÓNG BẢO HIỂM"]
    assert by_text["1. Bằng 75%."].section == [chapter, "Mục 1 ĐÓNG BẢO HIỂM", "Điều 4"]
    assert by_text["Luật này có hiệu lực từ ngày 01 tháng 7 năm 2025."].section == [
        "Chương II ĐIỀU KHOẢN THI HÀNH",
        "Điều 5. Hiệu lực thi hành",
    ]
    assert by_text["QUỐC HỘI"].section == []


def test_empty_text():
    assert parse_blocks("") == []


def test_gazette_articles(corpora):
    files = [p for p in sorted((corpora / "congbao").rglob("*.txt")) if p.stat().st_size > 50_000]
    for path in files[::15]:
        text = normalize_text(path.read_text(encoding="utf-8", errors="replace"))
        blocks = parse_blocks(text)
        _assert_verbatim(text, blocks)
        # Between the first article and the appendices/signature, the body sits under articles.
        first = next((i for i, b in enumerate(blocks) if _in_article(b)), None)
        if first is None:
            continue
        end = next((i for i in range(first, len(blocks)) if _after_body(blocks[i])), len(blocks))
        body = blocks[first:end]
        assert sum(_in_article(b) for b in body) >= 0.8 * len(body), path.name


def _after_body(block) -> bool:
    top = block.section[0].upper() if block.section else ""
    return top == "NƠI NHẬN" or top.startswith(("PHỤ LỤC", "MẪU SỐ"))


def _in_article(block) -> bool:
    return any(h.startswith("Điều ") for h in block.section) or block.text.startswith("Điều ")
