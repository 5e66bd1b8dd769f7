"""Relations a notice states about other notices: replaces, repeals, amends."""

from __future__ import annotations

from ingest.relations import extract_relations, number_key


def kinds(text: str, doc_type: str = "") -> dict[str, str]:
    return {r["number"]: r["kind"] for r in extract_relations(text, doc_type)}


def test_this_notice_replaces_another():
    text = "KẾ HOẠCH\nNội dung.\nKế hoạch này thay thế Kế hoạch số 120-KH/TU ngày 15/3/2023."
    (relation,) = extract_relations(text)
    assert relation == {
        "kind": "replaces",
        "number": "120-KH/TU",
        "doc_type": "Kế hoạch",
        "date": "2023-03-15",
    }


def test_title_amending_and_repeal_in_the_body():
    text = (
        "QUYẾT ĐỊNH\n"
        "Sửa đổi, bổ sung một số điều của Quyết định số 15/2022/QĐ-UBND ngày 12 tháng 5 năm 2022\n"
        + "Điều 1. Nội dung.\n" * 20
        + "Quyết định này có hiệu lực từ ngày ký và bãi bỏ Chỉ thị số 05-CT/TU ngày 02/5/2020."
    )
    assert kinds(text) == {"15/2022/QĐ-UBND": "amends", "05-CT/TU": "repeals"}


def test_repealing_a_part_is_amending():
    text = "Thông báo này bãi bỏ khoản 2 Điều 3 của Quyết định số 10/2021/QĐ-UBND."
    assert kinds(text) == {"10/2021/QĐ-UBND": "amends"}


def test_legal_basis_passive_footnotes_and_consolidated_texts_are_not_relations():
    basis = (
        "Căn cứ Nghị định số 24/2014/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 107/2020/NĐ-CP;"
    )
    footnote = "Khoản này được bãi bỏ theo quy định tại Điều 2 Nghị định số 140/2018/NĐ-CP ngày 08."
    in_passing = "\n" * 20 + "Sở Tư pháp đề nghị thay thế Thông tư số 36/2017/TT-BLĐTBXH sớm."
    assert extract_relations(basis) == []
    assert extract_relations("\n" * 20 + footnote) == []
    assert extract_relations(in_passing) == []
    consolidated = "Thông tư này thay thế Thông tư số 36/2017/TT-BLĐTBXH."
    assert extract_relations(consolidated, "Văn bản hợp nhất") == []


def test_number_spellings_are_one_number():
    assert number_key("12 - tb/tu") == number_key("12-TB/TU")
    assert number_key("15/2022/QĐ-UBND") == number_key("15/2022/QD-UBND")
