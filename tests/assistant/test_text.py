import unicodedata

from assistant.core.text import lexical_tokens, normalize_unicode, query_tokens, strip_diacritics


def test_one_tone_convention_and_nfc():
    old_style = "Tỉnh uỷ, hoà bình, khoẻ, Thuỷ lợi, HOÀ"
    assert normalize_unicode(old_style) == "Tỉnh ủy, hòa bình, khỏe, Thủy lợi, HÒA"
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh")
    assert normalize_unicode(nfd) == "Ủy ban nhân dân tỉnh"


def test_words_that_look_alike_are_left_alone():
    assert normalize_unicode("quý, hoàn thành, thuyết, quỹ") == "quý, hoàn thành, thuyết, quỹ"


def test_accent_free_queries_match_through_folded_tokens():
    assert strip_diacritics("Đắk Lắk hạn hán") == "Dak Lak han han"
    indexed = set(lexical_tokens("phòng, chống hạn hán"))
    assert set(query_tokens("phong chong han han")) <= indexed
    assert set(query_tokens("phòng chống hạn hán")) <= indexed
