"""normalize_text on the seeds, synthetic edge cases and the gazette corpus."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ingest.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[2] / "data" / "notices"
SEED_FILES = sorted(SEEDS.glob("*"))


def _seed(prefix: str) -> str:
    path = next(p for p in SEED_FILES if p.name.startswith(prefix))
    return normalize_text(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_output_is_idempotent_and_clean(path):
    out = normalize_text(path.read_text(encoding="utf-8"))
    assert normalize_text(out) == out
    assert out == unicodedata.normalize("NFC", out)
    lines = out.split("\n")
    assert all(line and line == line.strip() and "  " not in line for line in lines)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_nfd_input_gives_the_nfc_result(path):
    raw = path.read_text(encoding="utf-8")
    assert normalize_text(unicodedata.normalize("NFD", raw)) == normalize_text(raw)


def test_hard_wrapped_sentences_are_rejoined():
    out = _seed("lam-dong-2024")
    lines = out.split("\n")
    growth = [line for line in lines if "Tăng trưởng kinh tế đạt 3%" in line]
    assert len(growth) == 1
    assert growth[0].startswith("Quý I năm 2024, Ban cán sự đảng UBND tỉnh")
    assert "tích cực lãnh đạo" in growth[0]  # "tích\n\ncực" joined across the blank line
    # Headings and bullets stay on their own lines.
    assert "1. Về kết quả đạt được" in lines
    assert "2.3. Ban cán sự đảng Ủy ban nhân tỉnh lãnh đạo Ủy ban nhân dân tỉnh:" in lines
    drought = [line for line in lines if "phòng, chống hạn hán" in line]
    assert len(drought) == 1 and drought[0].startswith("- Chỉ đạo các sở, ngành, địa phương")
    # "xanh\n\n- sạch - đẹp;" is a hyphenated phrase, not a new bullet.
    assert "môi trường xanh - sạch - đẹp; địa phương" in drought[0]
    assert lines[:3] == [
        "THÔNG BÁO",
        "KẾT LUẬN CỦA ĐỒNG CHÍ QUYỀN BÍ THƯ TỈNH ỦY",
        "tại buổi làm việc với Ban cán sự đảng UBND tỉnh",
    ]
    assert "-----" not in out


def test_markdown_is_plain_text():
    out = _seed("dak-lak")
    assert "*" not in out and "#" not in out and "\\" not in out
    lines = out.split("\n")
    assert "KẾT LUẬN" in lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines
    assert any(line.startswith("I- VỀ NỘI DUNG LIÊN QUAN") for line in lines)
    assert "“Hiến kế xây dựng và phát triển tỉnh Đắk Lắk giàu đẹp, văn minh”" in out
    # A sentence cut by a page break ("đã có\n\nnhiều hoạt động") is one line again.
    assert "trong giai đoạn chống COVID-19 đã có nhiều hoạt động nổi bật" in out


def test_old_tone_marks_are_unified():
    assert normalize_text("Tỉnh uỷ và Ban Thường vụ Tỉnh Uỷ") == "Tỉnh ủy và Ban Thường vụ Tỉnh Ủy"
    assert "Tỉnh uỷ" not in _seed("lam-dong-2021")


def test_invisible_characters_and_spaces():
    raw = "\ufeffBan\u00a0cán\u200b sự   đảng\r\ntỉnh\tLâm Đồng\x00\r\n"
    assert normalize_text(raw) == "Ban cán sự đảng tỉnh Lâm Đồng"


def test_gazette_furniture_is_dropped():
    raw = (
        "Điều 2. Đối tượng áp dụng\n"
        "1. Người lao động quy định tại khoản 1 Điều 2 của Luật Bảo hiểm xã hội và người\n"
        "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nEmail: a@b.vn\n"
        "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\nThời gian ký: 08.07.2025 14:58:33 +07:00\n\n \n4 \n"
        "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025 \n  \n"
        "thụ hưởng chế độ bảo hiểm xã hội theo quy định.\n"
        "12 CÔNG BÁO/Số 1257 + 1258/Ngày 25-12-2025\n"
        "CÔNG BÁO/Số 302/Ngày 02-06-2026 13\n"
        "_______________\n"
        "Điều 3. Hiệu lực thi hành\n"
    )
    assert normalize_text(raw).split("\n") == [
        "Điều 2. Đối tượng áp dụng",
        "1. Người lao động quy định tại khoản 1 Điều 2 của Luật Bảo hiểm xã hội và người "
        "thụ hưởng chế độ bảo hiểm xã hội theo quy định.",
        "Điều 3. Hiệu lực thi hành",
    ]


def test_gazette_corpus_sample(corpora):
    files = sorted((corpora / "congbao").rglob("*.txt"))[::20]
    for path in files:
        out = normalize_text(path.read_text(encoding="utf-8", errors="replace"))
        assert "CÔNG BÁO/" not in out, path.name
        assert normalize_text(out) == out, path.name
        if path.stat().st_size > 20_000:
            assert re.search(r"^Điều 1\. \S", out, re.MULTILINE), path.name


def test_table_rows_are_never_joined():
    raw = (
        "Giao các cơ quan thực hiện các nhiệm vụ sau đây trong năm 2026 theo bảng dưới đây.\n"
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành | \n|---|---|---|---|\n"
        "| 1 | Xây dựng đề án chuyển đổi số | Sở Khoa học và Công nghệ | Quý IV/2026 | \n"
        "| 2 | Rà soát quy hoạch | Sở Xây dựng | Tháng 6/2026 | \n"
        "Các cơ quan báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh trước ngày 15 tháng 12.\n"
        "Sở Tài chính bố trí kinh phí thực hiện kế hoạch này theo quy định hiện hành của tỉnh.\n"
    )
    text = normalize_text(raw)
    assert "| 1 | Xây dựng đề án chuyển đổi số | Sở Khoa học và Công nghệ | Quý IV/2026 |" in (
        text.split("\n")
    )
    assert "| 2 | Rà soát quy hoạch | Sở Xây dựng | Tháng 6/2026 |" in text.split("\n")
    assert normalize_text(text) == text
