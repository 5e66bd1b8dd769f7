import unicodedata

from assistant.core.text import (
    fold,
    lexical_tokens,
    normalize_unicode,
    query_tokens,
    sentence_spans,
    split_sentences,
    strip_diacritics,
)


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


def _index(passages):
    from assistant.retrieval.lexical import LexicalIndex

    return LexicalIndex.build([(f"c{i}", [], p) for i, p in enumerate(passages)])


def test_accents_are_restored_from_the_collections_syllables_and_pairs():
    index = _index(
        [
            "Nghị quyết này có hiệu lực thi hành kể từ ngày ký.",
            "Thí điểm đa dạng hóa các gói bảo hiểm y tế, hoàn thành quý II/2028.",
            "Thông tư này quy định tiêu chí; Bộ Tư pháp thẩm định.",
            "Tư vấn tự chủ, tự bảo đảm chi thường xuyên từ năm 2026.",
        ]
    )
    partial = "Nghị quyet thí diem đa dang hóa cac gói bao hiểm y tế xong vao quý may?"
    assert index.restore_accents(partial) == (
        "Nghị quyết thí điểm đa dạng hóa các gói bảo hiểm y tế xong vao quý may?"
    )  # "vao", "may", "xong" are not in the collection: left as typed
    # One folded form, several accented ones: the pair decides ("thong tu" -> "thông tư",
    # "tu bao dam" -> "tự bảo đảm"), capitals are kept.
    assert index.restore_accents("Thong tu nay") == "Thông tư này"
    assert index.restore_accents("tu bao dam chi thuong xuyen") == "tự bảo đảm chi thường xuyên"
    assert index.restore_accents("hiệu lực 2026, ok") == "hiệu lực 2026, ok"


def test_restoring_accents_survives_the_index_cache_round_trip():
    import pickle

    index = _index(["Nghị quyết này có hiệu lực."])
    assert index.restore_accents("nghi quyet") == "nghị quyết"
    again = pickle.loads(pickle.dumps(index))
    assert again.restore_accents("nghi quyet") == "nghị quyết"


def test_fold_ignores_accents_case_tone_style_and_spacing():
    assert fold("Ủy ban  Nhân\ndân") == "uy ban nhan dan"
    assert fold("Hoà Bình") == fold("Hòa Bình") == fold("HOA BINH") == "hoa binh"
    assert fold(unicodedata.normalize("NFD", "Đắk Lắk")) == "dak lak"


def test_sentence_spans_are_verbatim_and_keep_closing_quotes():
    text = "Giao Sở Tài chính chủ trì. “Hoàn thành trước 30/6.” 2. Sở Y tế phối hợp… - Báo cáo."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Giao Sở Tài chính chủ trì.",
        "“Hoàn thành trước 30/6.”",
        "2.",
        "Sở Y tế phối hợp…",
        "- Báo cáo.",
    ]
    assert split_sentences(text) == [text[s:e] for s, e in spans]


def test_sentences_do_not_end_before_lowercase_or_inside_numbers():
    assert split_sentences("Tổng vốn 1.000 tỷ đồng. theo kế hoạch") == [
        "Tổng vốn 1.000 tỷ đồng. theo kế hoạch"
    ]
    assert split_sentences("  \n ") == []


def test_stripping_character_by_character_equals_stripping_the_whole_text():
    # strip_diacritics maps each character on its own (a cached table): the same as the NFD of
    # the whole text without its combining marks, also for decomposed and stacked marks.
    def reference(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    samples = [
        "Đắk Lắk hạn hán, Ủy ban nhân dân tỉnh, QUỸ, naïve café, Ångström",
        unicodedata.normalize("NFD", "Thủ tướng Chính phủ đồng ý"),
        "a\u0323\u0302 o\u031b\u0301 e\u0301\u0323 x\u0344",  # stacked marks, out of order
        "".join(chr(c) for c in range(0x80, 0x2000)),
    ]
    for text in samples:
        assert strip_diacritics(text) == reference(text)


def test_cached_tokens_are_fresh_lists():
    # Token lists are cached by text: a caller changing its list changes no later answer.
    first = lexical_tokens("Thời gian hoàn thành: Quý IV/2026")
    first.append("changed")
    assert "changed" not in lexical_tokens("Thời gian hoàn thành: Quý IV/2026")
    query = query_tokens("hoan thanh quy IV")
    query.clear()
    assert query_tokens("hoan thanh quy IV")
