import unicodedata

import pytest

from ingest.legacy_fonts import (
    is_vietnamese_syllable,
    repair_legacy_lines,
    repair_legacy_text,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

# From data/notices/lam-dong-2024-03-25-thong-bao-ket-luan.txt, one paragraph per line. ABC
# (TCVN3) had no capital toned letters in running text, so typists wrote "Uỷ ban".
SEED_TCVN3_ERA = (
    "KẾT LUẬN CỦA ĐỒNG CHÍ QUYỀN BÍ THƯ TỈNH ỦY\n"
    "Ban cán sự đảng UBND tỉnh, các đồng chí thành viên Uỷ ban nhân dân tỉnh, thủ trưởng "
    "các sở, ban, ngành tỉnh cần nhận thức đầy đủ.\n"
    "- Chỉ đạo các sở, ngành, địa phương tập trung các giải pháp cấp bách phòng, chống hạn hán, "
    "cháy rừng; thành lập ngay tổ công tác đi kiểm tra các địa bàn để có biện pháp ứng phó "
    "kịp thời."
)
SEED = SEED_TCVN3_ERA.replace("Uỷ ban", "Ủy ban")


def all_vietnamese_letters() -> str:
    letters = "đĐ"
    for vowel in "aăâeêioôơuưy":
        for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"):
            letter = unicodedata.normalize("NFC", vowel + tone)
            letters += letter + letter.upper()
    return letters


@pytest.mark.parametrize(
    ("unicode", "tcvn3"),
    [
        ("Tổng kết", "Tæng kÕt"),
        ("Bảo Thắng", "B¶o Th¾ng"),
        ("Mường Khương", "M\xadêng Kh\xad¬ng"),  # ư is the soft-hyphen code 0xAD
        ("Bát Xát", "B¸t X¸t"),
        ("đồng chí", "®ång chÝ"),
    ],
)
def test_tcvn3_known_spellings(unicode, tcvn3):
    assert unicode_to_tcvn3(unicode) == tcvn3
    assert tcvn3_to_unicode(tcvn3) == unicode


@pytest.mark.parametrize(
    ("unicode", "vni"),
    [
        ("Xin chào các bạn", "Xin chaøo caùc baïn"),
        ("Chỉ thị", "Chæ thò"),
        ("Thông báo", "Thoâng baùo"),
        ("Trường Đảng", "Tröôøng Ñaûng"),
        ("KẾT LUẬN", "KEÁT LUAÄN"),
        ("ắ ẵ ỵ ĩ ợ", "aé aü î ó ôï"),
    ],
)
def test_vni_known_spellings(unicode, vni):
    assert unicode_to_vni(unicode) == vni
    assert vni_to_unicode(vni) == unicode


def test_every_letter_round_trips():
    letters = all_vietnamese_letters()
    assert len(letters) == 2 + 12 * 6 * 2
    assert vni_to_unicode(unicode_to_vni(letters)) == letters
    # TCVN3 has only lowercase toned letters (capitals came from the .VnTimeH fonts).
    lowercase = "".join(dict.fromkeys(letters.lower()))
    assert tcvn3_to_unicode(unicode_to_tcvn3(lowercase)) == lowercase


def test_vni_mark_case_follows_the_base_letter():
    assert vni_to_unicode("Aø Tröôøng TRÖÔØNG") == "À Trường TRƯỜNG"


def test_tcvn3_vntimeh_headings_come_back_in_capitals():
    # .VnTimeH stores "THÔNG BÁO" with lowercase codes for the toned letters.
    assert tcvn3_to_unicode("TH¤NG B¸O KÕT LUËN") == "THÔNG BÁO KẾT LUẬN"
    assert tcvn3_to_unicode("KÝnh göi: UBND TØNH L¢M §åNG") == "Kính gửi: UBND TỈNH LÂM ĐỒNG"
    assert tcvn3_to_unicode("Uû ban nh©n d©n") == "Uỷ ban nhân dân"


def test_seed_paragraph_round_trips_through_both_encodings():
    assert tcvn3_to_unicode(unicode_to_tcvn3(SEED_TCVN3_ERA)) == SEED_TCVN3_ERA
    assert vni_to_unicode(unicode_to_vni(SEED)) == SEED


@pytest.mark.parametrize(
    "word", ["nghiêng", "được", "quyết", "người", "khuya", "giữ", "Ủy", "tỉnh", "hoạch", "hoặc"]
)
def test_valid_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["tæng", "kõt", "thoâng", "baùo", "ñöôïc", "müller", "hàt", "tát́", "crème", "wifi"]
)
def test_invalid_syllables(word):
    assert not is_vietnamese_syllable(word)


@pytest.mark.parametrize("encode", [unicode_to_tcvn3, unicode_to_vni])
def test_repair_converts_a_legacy_paragraph(encode):
    source = SEED_TCVN3_ERA if encode is unicode_to_tcvn3 else SEED
    assert repair_legacy_text(encode(source)) == source


def test_repair_converts_only_the_legacy_lines_of_a_mixed_document():
    legacy = unicode_to_tcvn3("Giao Sở Tài chính bố trí kinh phí phòng, chống hạn hán.")
    text = f"Ủy ban nhân dân tỉnh Lâm Đồng\n{legacy}\nMã số: 12"
    repaired, encoding = repair_legacy_lines(text)
    assert encoding == "tcvn3"
    assert repaired == (
        "Ủy ban nhân dân tỉnh Lâm Đồng\nGiao Sở Tài chính bố trí kinh phí phòng, chống hạn hán."
        "\nMã số: 12"
    )


@pytest.mark.parametrize(
    "text",
    [
        SEED,
        "Mã \nTiêu chí \n× 100 \nchuyên ngành. \nnhóm A ",  # cp1252-encodable genuine lines
        "Báo cáo ông Müller, Grüße aus Köln",
        "plain ASCII only",
        "",
    ],
)
def test_repair_leaves_good_text_untouched(text):
    assert repair_legacy_lines(text) == (text, None)
