"""extract_metadata on the seeds, synthetic headers and the gazette index."""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.core.text import strip_diacritics
from ingest.metadata import extract_metadata
from ingest.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[2] / "data" / "notices"


def _meta(prefix: str) -> dict:
    path = next(p for p in SEEDS.glob("*") if p.name.startswith(prefix))
    return extract_metadata(normalize_text(path.read_text(encoding="utf-8")), path)


def test_dak_lak_conclusion():
    meta = _meta("dak-lak")
    assert meta["number"] == "1097-KL/TU"  # not the arrival stamp "Số: 5412"
    assert meta["doc_type"] == "Kết luận"
    assert meta["issuer"] == "TỈNH ỦY ĐẮK LẮK"
    assert (meta["place"], meta["date"]) == ("Đắk Lắk", "2020-07-03")
    assert meta["signer"] == "Bùi Văn Cường"
    assert meta["title"] == "Kết luận Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 31"
    assert meta["recipients"][0] == "Các đồng chí TUV"
    assert meta["recipients"][-1] == "Lưu Văn phòng Tỉnh ủy(xh)"
    assert len(meta["recipients"]) == 7


def test_lam_dong_2024_notice():
    meta = _meta("lam-dong-2024")
    assert meta["doc_type"] == "Thông báo"
    assert meta["title"] == (
        "Thông báo kết luận của đồng chí Quyền Bí thư Tỉnh ủy tại buổi làm việc với "
        "Ban cán sự đảng UBND tỉnh"
    )
    assert meta["date"] == "2024-03-25"
    assert meta["number"] == "" and meta["issuer"] == "" and meta["place"] == ""
    # The signature block names who signed (for the Standing Committee), not who concluded.
    assert meta["signer"] == "Hoàng Văn Bằng"
    assert len(meta["recipients"]) == 12
    assert meta["recipients"][0] == "Thường trực Tỉnh ủy (báo cáo)"


def test_news_item():
    meta = _meta("lam-dong-2021")
    assert meta["doc_type"] == "Tin bài"
    # "date 2021-06" + "Chiều 15/6": the lead's day, its month agreeing with the dateline.
    assert meta["date"] == "2021-06-15"
    assert meta["title"].startswith("Thường trực Tỉnh ủy có buổi làm việc với Ban cán sự Đảng")
    assert meta["signer"] == "" and meta["number"] == "" and meta["recipients"] == []


def test_news_day_with_another_month_is_not_trusted():
    text = "date 2021-06 (LĐ online) - Chiều 15/7, Thường trực Tỉnh ủy họp."
    assert extract_metadata(text, Path("x.txt"))["date"] == "2021-06"


def test_concluding_person_signs_when_there_is_no_signature_block():
    text = normalize_text(
        "THÔNG BÁO\nKẾT LUẬN CỦA ĐỒNG CHÍ BÍ THƯ\n"
        "Ngày 2 tháng 4 năm 2024, đồng chí Nguyễn Thái Học, Quyền Bí thư Tỉnh ủy kết luận:\n"
        "1. Về kết quả\nTốt."
    )
    meta = extract_metadata(text, Path("tb.txt"))
    assert meta["signer"] == "Nguyễn Thái Học"
    assert meta["date"] == "2024-04-02"


def test_gazette_decree_header():
    text = normalize_text(
        "CÔNG BÁO/Số 12/Ngày 10-01-2026\nVĂN BẢN QUY PHẠM PHÁP LUẬT\nCHÍNH PHỦ\n"
        "Số: 12/2026/NĐ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 5 tháng 1 năm 2026\nNGHỊ ĐỊNH\nQuy định chi tiết một số điều\n"
        "của Luật Bảo hiểm xã hội\nCăn cứ Luật Tổ chức Chính phủ;\nĐiều 1. Phạm vi điều chỉnh\n"
        "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nLê Thành Long\n"
    )
    meta = extract_metadata(text, Path("nd.txt"))
    assert meta["number"] == "12/2026/NĐ-CP"
    assert meta["doc_type"] == "Nghị định"
    assert meta["issuer"] == "CHÍNH PHỦ"
    assert (meta["place"], meta["date"]) == ("Hà Nội", "2026-01-05")
    assert meta["title"] == "Nghị định quy định chi tiết một số điều của Luật Bảo hiểm xã hội"
    assert meta["signer"] == "Lê Thành Long"


def test_missing_fields_stay_empty():
    meta = extract_metadata("Một đoạn văn không có thông tin gì.", Path("note.txt"))
    assert meta["number"] == meta["doc_type"] == meta["date"] == meta["signer"] == ""
    assert meta["recipients"] == []
    assert meta["title"] == "Một đoạn văn không có thông tin gì"


# Index labels -> our doc_type scheme ("Khác" entries are typed by their slug).
_INDEX_TYPES = {
    "VB HN": "Văn bản hợp nhất",
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "TT Liên tịch": "Thông tư liên tịch",
}
_SLUG_TYPES = {"chi-thi": "Chỉ thị", "thong-bao": "Thông báo"}


def _canonical_number(number: str) -> str:
    """'Nghị định số 07/2026/NĐ-CP' and slug 'nghi-dinh-so-7-2026-nd-cp' compare equal."""
    folded = re.sub(r"[^0-9a-z]", "", strip_diacritics(number).lower())
    return re.sub(r"\d+", lambda m: str(int(m.group())), folded)


def test_gazette_index_agreement(corpora):
    root = corpora / "congbao"
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    files = {path.stem: path for path in root.rglob("*.txt")}
    hits = {"number": 0, "type": 0, "year": 0}
    totals = {"number": 0, "type": 0, "year": 0}
    for entry in index:
        path = files[entry["slug"]]
        meta = extract_metadata(
            normalize_text(path.read_text(encoding="utf-8", errors="replace")), path
        )
        so_hieu = entry["so_hieu"]
        wanted = so_hieu.split(" số ", 1)[1] if " số " in so_hieu else None
        if wanted is None:  # some entries hold the slug instead of the number
            wanted = re.search(r"-so-(.+)-\d+$", entry["slug"]).group(1)
        doc_type = _INDEX_TYPES.get(entry["loai"], entry["loai"])
        if doc_type == "Khác":
            doc_type = next(t for s, t in _SLUG_TYPES.items() if entry["slug"].startswith(s))
        totals["number"] += 1
        hits["number"] += _canonical_number(meta["number"]) == _canonical_number(wanted)
        totals["type"] += 1
        hits["type"] += meta["doc_type"] == doc_type
        if 1945 <= entry["nam"] <= 2100:  # some entries have 0 or a number in "nam"
            totals["year"] += 1
            hits["year"] += meta["date"][:4] == str(entry["nam"])
    rates = {key: hits[key] / totals[key] for key in hits}
    assert totals["number"] == 400
    assert rates["number"] >= 0.95, rates
    assert rates["type"] >= 0.95, rates
    assert rates["year"] >= 0.95, rates


def test_the_prime_minister_issues_his_own_documents():
    text = "\n".join(
        [
            "THỦ TƯỚNG CHÍNH PHỦ",
            "Số: 21/CT-TTg",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Hà Nội, ngày 20 tháng 5 năm 2026",
            "CHỈ THỊ",
            "Về việc sắp xếp thôn, tổ dân phố",
            "1. Bộ Nội vụ chủ trì hướng dẫn.",
            "KT. THỦ TƯỚNG",
            "PHÓ THỦ TƯỚNG",
            "Phạm Thị Thanh Trà",
        ]
    )
    meta = extract_metadata(text, Path("ct.txt"))
    assert meta["issuer"] == "THỦ TƯỚNG CHÍNH PHỦ"
    assert meta["doc_type"] == "Chỉ thị"


def test_a_consolidated_text_without_a_letterhead_gets_its_issuer_from_the_number():
    text = "\n".join(
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "LUẬT1",
            "BẢO HIỂM XÃ HỘI",
            "Số: 19/VBHN-VPQH",
            "Hà Nội, ngày 10 tháng 7 năm 2025",
        ]
    )
    assert extract_metadata(text, Path("l.txt"))["issuer"] == "VĂN PHÒNG QUỐC HỘI"


def test_a_long_subject_line_is_the_title_not_the_type_word_alone():
    subject = "Cập nhật, bổ sung Chương trình hành động của Chính phủ " + "về kinh tế " * 40
    text = "\n".join(
        [
            "CHÍNH PHỦ",
            "Số: 109/NQ-CP",
            "Hà Nội, ngày 16 tháng 4 năm 2026",
            "NGHỊ QUYẾT",
            subject.strip(),
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
        ]
    )
    title = extract_metadata(text, Path("nq.txt"))["title"]
    assert title.startswith("Nghị quyết Cập nhật, bổ sung Chương trình hành động")
    assert title.endswith("…") and len(title) < 330


def test_the_enacting_body_under_the_subject_line_is_not_part_of_the_title():
    for body in ("CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ", "BỘ TRƯỞNG BỘ TÀI CHÍNH"):
        text = "\n".join(
            [
                "CHÍNH PHỦ",
                "Số: 122/NQ-CP",
                "Hà Nội, ngày 06 tháng 5 năm 2026",
                "NGHỊ QUYẾT",
                "Phiên họp Chính phủ thường kỳ tháng 4 năm 2026",
                body,
                "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
            ]
        )
        title = extract_metadata(text, Path("nq.txt"))["title"]
        assert title == "Nghị quyết Phiên họp Chính phủ thường kỳ tháng 4 năm 2026"
    # A capitals line right under the type word still continues it.
    text = "\n".join(["THÔNG BÁO", "KẾT LUẬN CỦA THƯỜNG TRỰC TỈNH ỦY", "Ngày 02/5/2026, ..."])
    assert extract_metadata(text, Path("tb.txt"))["title"].startswith("Thông báo kết luận của")


def _decision(*tail: str, number_line: str = "Số: 844/QĐ-TTg") -> str:
    head = [
        "THỦ TƯỚNG CHÍNH PHỦ",
        number_line,
        "Hà Nội, ngày 13 tháng 5 năm 2026",
        "QUYẾT ĐỊNH",
        "Ban hành Kế hoạch hành động",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.",
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.",
    ]
    return "\n".join([*head, *tail])


def test_the_signer_is_read_before_the_appendices_however_long_they_are():
    appendix = ["KẾ HOẠCH HÀNH ĐỘNG", *(f"{i}. Nhiệm vụ số {i} của các bộ." for i in range(80))]
    form = ["NGƯỜI ĐỀ NGHỊ", "(Ký và ghi rõ họ tên)"]
    text = _decision("KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Phạm Thị Thanh Trà", *appendix, *form)
    assert extract_metadata(text, Path("qd.txt"))["signer"] == "Phạm Thị Thanh Trà"


def test_gazette_signature_blocks_as_copies_print_them():
    for block, name in (
        (["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "[daky]", "Lê Minh Khái"], "Lê Minh Khái"),
        (["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNGy]", "Hồ Quốc Dũng"], "Hồ Quốc Dũng"),
        (["KT.THỐNG ĐỐC", "PHÓ THỐNG ĐỐC", "Đoàn Thái Sơn"], "Đoàn Thái Sơn"),
        (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Thượng tướng Vũ Hải Sản"], "Vũ Hải Sản"),
        (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Cao Anh Tuấn năm 2025 của Chính phủ"], "Cao Anh Tuấn"),
    ):
        assert extract_metadata(_decision(*block), Path("qd.txt"))["signer"] == name, block
    # Body text after an office in capitals is not a signature.
    text = _decision("BỘ TRƯỞNG BỘ TÀI CHÍNH", "Căn cứ Luật Tổ chức Chính phủ;")
    assert extract_metadata(text, Path("qd.txt"))["signer"] == ""


def test_a_number_typed_into_a_blank_keeps_no_space():
    text = _decision(number_line="Số:  372 /QĐ-BTC")
    meta = extract_metadata(normalize_text(text), Path("qd.txt"))
    assert meta["number"] == "372/QĐ-BTC" and meta["doc_type"] == "Quyết định"
    # The arrival stamp's bare number is still not a document number.
    assert extract_metadata("Số: 5412\nVăn bản", Path("x.txt"))["number"] == ""
