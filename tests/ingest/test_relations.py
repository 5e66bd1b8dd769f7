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


def test_relations_on_the_gazette_corpus(corpora):
    """Real texts: relations stated in a title or a closing article are found; the legal basis,
    hard-wrapped across lines, and a cited document's own amendments are not. (Checked by hand
    on a random sample of 8 of the 74 relations found in the 402 documents: all right.)"""
    from ingest.metadata import extract_metadata
    from ingest.normalize import normalize_text

    def relations(name: str) -> dict[str, str]:
        path = next((corpora / "congbao").rglob(name))
        text = normalize_text(path.read_text(encoding="utf-8"))
        meta = extract_metadata(text, path)
        return {r["number"]: r["kind"] for r in extract_relations(text, meta["doc_type"])}

    assert relations("nghi-dinh-so-137-2026-nd-cp-469361.txt") == {"40/2018/NĐ-CP": "replaces"}
    assert relations("nghi-dinh-so-155-2026-nd-cp-469547.txt") == {"124/2020/NĐ-CP": "amends"}
    assert relations("quyet-dinh-so-1373-qd-bkhdt-37639.txt") == {"10/2022/TT-BKHĐT": "amends"}
    # "Căn cứ ...; Nghị định số 17/2013/NĐ-CP ... sửa đổi, bổ sung ... Nghị định số 204/2004"
    assert "204/2004/NĐ-CP" not in relations("thong-tu-so-29-2022-tt-bldtbxh-39050.txt")
    # "thay thế nội dung ... tại Thông tư số 03/2021/TT- BKHĐT": a part, number re-joined
    assert relations("thong-tu-so-38-2026-tt-btc-469387.txt") == {"03/2021/TT-BKHĐT": "amends"}
