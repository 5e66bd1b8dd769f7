import re
import unicodedata
from pathlib import Path

import pytest

from assistant.core.text import normalize_unicode
from assistant.vocab.bodies import (
    DEFAULT_BODIES,
    body_key,
    canonical_body,
    english_name,
    find_bodies,
    known_body,
    load_bodies,
)

SEEDS = Path(__file__).resolve().parents[2] / "data" / "notices"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
        ("UỶ BAN NHÂN DÂN TỈNH", "Ủy ban nhân dân tỉnh"),
        (unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh"), "Ủy ban nhân dân tỉnh"),
        ("Ban cán sự đảng Ủy ban nhân tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"),  # real typo
        ("BCS đảng UBND tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"),
        ("Ban Cán sự Đảng UBND tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy"),
        ("VPTU", "Văn phòng Tỉnh ủy"),
        ("BTV Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"),
        ("BTVTU", "Ban Thường vụ Tỉnh ủy"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Đoàn ĐBQH", "Đoàn đại biểu Quốc hội tỉnh"),
        (
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
            "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        ),
        ("UBKT Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở Lao động Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("sở y tế tỉnh", "Sở Y tế"),
        ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("các sở, ngành", "Các sở, ban, ngành"),
        ("Các sở, ban, ngành tỉnh", "Các sở, ban, ngành"),
        ("UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thành phố"),
        ("  Công an tỉnh, ", "Công an tỉnh"),
        ("van phong tinh uy", "Văn phòng Tỉnh ủy"),  # accent folding as the last resort
        ("UY BAN NHAN DAN TINH", "Ủy ban nhân dân tỉnh"),
        ("UBND huyện Lạc Dương", "Ủy ban nhân dân huyện Lạc Dương"),
        ("HUYỆN ỦY ĐAM RÔNG", "Huyện ủy Đam Rông"),
    ],
)
def test_canonical_body(name, canonical):
    assert canonical_body(name) == canonical


def test_unknown_names_are_cleaned_not_guessed():
    assert canonical_body("  Ban Quản lý  chợ Đà Lạt ") == "Ban Quản lý chợ Đà Lạt"
    assert canonical_body("BCĐ 389 tỉnh") == "Ban Chỉ đạo 389 tỉnh"
    assert known_body("Ban Quản lý chợ Đà Lạt") is None
    assert canonical_body("") == ""


def test_body_key_is_equal_for_every_spelling():
    keys = {body_key(n) for n in ("UBND tỉnh", "Uỷ ban nhân dân tỉnh", "ủy ban nhân dân TỈNH")}
    assert keys == {"ủy ban nhân dân tỉnh"}
    assert body_key("Công an tỉnh") != body_key("Đảng ủy Công an tỉnh")


def test_table_size_and_nfc():
    table = load_bodies()
    text = DEFAULT_BODIES.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert len({b.canonical for b in table.by_key.values()}) >= 100
    assert table.variant_count >= 200


def spans(text):
    return [(text[s:e], canonical) for s, e, canonical in find_bodies(text)]


def test_find_bodies_longest_match_and_lists():
    text = (
        "Giao Đảng ủy Công an tỉnh chỉ đạo lập chuyên án. Sở Tài chính chủ trì, phối hợp với "
        "Công an tỉnh; chỉ đạo các sở, ngành, địa phương và UBND các huyện, thành phố."
    )
    assert spans(text) == [
        ("Đảng ủy Công an tỉnh", "Đảng ủy Công an tỉnh"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("Công an tỉnh", "Công an tỉnh"),
        ("các sở, ngành, địa phương", "Các sở, ban, ngành và địa phương"),
        ("UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thành phố"),
    ]


def test_find_bodies_ignores_document_numbers_and_lowercase_lookalikes():
    text = "Theo Kế hoạch số 178-KH/TU, tu chỉnh dự thảo; báo cáo BTV TU."
    assert spans(text) == [("BTV TU", "Ban Thường vụ Tỉnh ủy")]


def test_find_bodies_takes_place_names_after_district_bodies():
    text = "Giao UBND huyện Lạc Dương chủ trì; Huyện ủy Đam Rông, Thành ủy Đà Lạt phối hợp."
    assert spans(text) == [
        ("UBND huyện Lạc Dương", "Ủy ban nhân dân huyện Lạc Dương"),
        ("Huyện ủy Đam Rông", "Huyện ủy Đam Rông"),
        ("Thành ủy Đà Lạt", "Thành ủy Đà Lạt"),
    ]


def test_find_bodies_stops_at_sentence_ends():
    assert [c for _, c in spans("Báo cáo Sở Y tế. Ban Tổ chức Tỉnh ủy xem xét.")] == [
        "Sở Y tế",
        "Ban Tổ chức Tỉnh ủy",
    ]


def test_find_bodies_offsets_index_into_non_nfc_text():
    text = unicodedata.normalize("NFD", "Giao Sở Tài chính và Ủy ban nhân dân tỉnh")
    found = find_bodies(text)
    assert [normalize_unicode(text[s:e]) for s, e, _ in found] == [
        "Sở Tài chính",
        "Ủy ban nhân dân tỉnh",
    ]


def test_accent_insensitive_search_for_questions():
    found = find_bodies("van phong tinh uy duoc giao gi", accent_insensitive=True)
    assert [c for _, _, c in found] == ["Văn phòng Tỉnh ủy"]
    assert find_bodies("van phong tinh uy") == []


def test_seed_notice_bodies():
    text = (SEEDS / "lam-dong-2024-03-25-thong-bao-ket-luan.txt").read_text(encoding="utf-8")
    text = normalize_unicode(re.sub(r"\s+", " ", text))
    found = {canonical for _, _, canonical in find_bodies(text)}
    assert {
        "Ban cán sự đảng Ủy ban nhân dân tỉnh",  # also from the "Ủy ban nhân tỉnh" typo
        "Đảng ủy Công an tỉnh",
        "Ban Tổ chức Tỉnh ủy",
        "Ủy ban nhân dân các huyện, thành phố",
        "Văn phòng Tỉnh ủy",
        "Thường trực Tỉnh ủy",
        "Ban Thường vụ Tỉnh ủy",
    } <= found
    typo = "Ban cán sự đảng Ủy ban nhân tỉnh"
    start = text.index(typo)
    assert (start, start + len(typo), "Ban cán sự đảng Ủy ban nhân dân tỉnh") in find_bodies(text)


def test_english_names():
    assert english_name("Sở Tài chính") == "Department of Finance"
    assert english_name("Công an tỉnh") == "provincial police"
    assert english_name("Ủy ban nhân dân huyện Lạc Dương") == (
        "district People's Committee of Lạc Dương"
    )
    assert english_name("Tên lạ") == "Tên lạ"


def test_every_canonical_body_has_an_english_name():
    canonicals = {b.canonical for b in load_bodies().by_key.values()}
    assert [c for c in canonicals if english_name(c) == c] == []


def test_gazette_corpus_mentions_round_trip(corpora):
    """On real gazette text every mention found canonicalizes back to the same body."""
    files = sorted((corpora / "congbao").glob("*/*.txt"))[:15]
    assert files
    mentions = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for s, e, canonical in find_bodies(text):
            mentions += 1
            assert canonical_body(text[s:e]) == canonical, text[s:e]
    assert mentions > 100


def test_abbreviations_are_data(tmp_path):
    from assistant.core.errors import ConfigError
    from assistant.vocab.bodies import ABBREVIATIONS, DEFAULT_ABBREVIATIONS, load_abbreviations

    expansions, display = load_abbreviations(DEFAULT_ABBREVIATIONS)
    assert expansions is not ABBREVIATIONS and expansions == ABBREVIATIONS
    assert expansions["ubnd"] == "ủy ban nhân dân" and display["ubnd"] == "Ủy ban nhân dân"
    assert "mttqvn" in expansions and "mttqvn" not in display
    bad = tmp_path / "abbreviations.tsv"
    bad.write_text("abbreviation\texpansion\tdisplay\nUBND\tủy ban nhân dân\t\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        load_abbreviations(bad)


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        # Central bodies of the gazette's decrees and circulars, named in a list heading.
        ("2. Giao Bộ Văn hóa, Thể thao và Du lịch:", ["Bộ Văn hóa, Thể thao và Du lịch"]),
        (
            "Bộ LĐTBXH chủ trì, phối hợp với Bộ Y tế",
            ["Bộ Lao động - Thương binh và Xã hội", "Bộ Y tế"],
        ),
        ("Bảo hiểm xã hội Việt Nam có trách nhiệm", ["Bảo hiểm xã hội Việt Nam"]),
        ("Ngân hàng Nhà nước Việt Nam hướng dẫn", ["Ngân hàng Nhà nước Việt Nam"]),
        # A proper name counts only with its capital: here "bộ" is "ministries" and
        # "xây dựng" the verb "draw up".
        ("Các bộ xây dựng kế hoạch thực hiện.", []),
    ],
)
def test_central_bodies_are_found_by_their_proper_names(text, bodies):
    assert [canonical for _, _, canonical in find_bodies(text)] == bodies


def test_a_proper_name_typed_in_lower_case_is_still_a_body_in_a_question():
    assert [c for _, _, c in find_bodies("bo xay dung phai lam gi", accent_insensitive=True)] == [
        "Bộ Xây dựng"
    ]
    assert canonical_body("bộ xây dựng") == "Bộ Xây dựng"


def test_the_body_table_rejects_an_unknown_kind(tmp_path):
    from assistant.core.errors import ConfigError
    from assistant.vocab.bodies import BodyTable

    with pytest.raises(ConfigError, match="line 2: the third column"):
        BodyTable.parse("canonical\tvariants\ttakes_place_name\nBộ Y tế\t\tcentral\n")
