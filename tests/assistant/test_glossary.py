import unicodedata
from collections import Counter

import pytest

from assistant.core.errors import ConfigError
from assistant.vocab.glossary import CATEGORIES, DEFAULT_GLOSSARY, Glossary, english_tokens


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def test_data_file_is_nfc_with_a_header_and_three_columns():
    text = DEFAULT_GLOSSARY.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    lines = text.splitlines()
    assert lines[0] == "category\tvietnamese\tenglish"
    assert all(line.count("\t") == 2 for line in lines if line.strip() and line[0] != "#")


def test_glossary_is_large_and_covers_every_category(glossary):
    counts = Counter(entry.category for entry in glossary.entries)
    assert len(glossary) >= 1800
    assert set(counts) == set(CATEGORIES)
    assert counts["body"] >= 100 and counts["topic"] >= 100 and counts["action"] >= 50
    assert counts["time"] >= 30 and counts["document"] >= 30 and counts["place"] >= 20


def test_load_is_cached(glossary):
    assert Glossary.load() is glossary
    assert Glossary.load(DEFAULT_GLOSSARY) is glossary


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("provincial Party committee", "Tỉnh ủy"),
        ("standing committee of the provincial Party committee", "Ban Thường vụ Tỉnh ủy"),
        ("standing board", "Thường trực Tỉnh ủy"),
        ("executive committee", "Ban Chấp hành Đảng bộ tỉnh"),
        ("Party delegation of the provincial People's Committee", "Ban cán sự đảng UBND tỉnh"),
        ("provincial People's Committee", "UBND tỉnh"),
        ("provincial People's Council", "HĐND tỉnh"),
        ("provincial police", "Công an tỉnh"),
        ("public security", "Công an tỉnh"),
        ("office of the provincial Party committee", "Văn phòng Tỉnh ủy"),
        ("inspection commission", "Ủy ban Kiểm tra Tỉnh ủy"),
        ("organization commission", "Ban Tổ chức Tỉnh ủy"),
        ("Fatherland Front", "Mặt trận Tổ quốc"),
        ("department of finance", "Sở Tài chính"),
        ("Department of Planning and Investment", "Sở Kế hoạch và Đầu tư"),
        (
            "department of agriculture and rural development",
            "Sở Nông nghiệp và Phát triển nông thôn",
        ),
        (
            "Department of Labour, Invalids and Social Affairs",
            "Sở Lao động - Thương binh và Xã hội",
        ),
        ("provincial military command", "Bộ Chỉ huy Quân sự tỉnh"),
        ("border guard", "Bộ đội Biên phòng"),
        ("state treasury", "Kho bạc Nhà nước"),
        ("National Assembly delegation", "Đoàn ĐBQH"),
        ("drought", "hạn hán"),
        ("forest fire", "cháy rừng"),
        ("fire prevention", "phòng cháy, chữa cháy"),
        ("public investment disbursement", "giải ngân vốn đầu tư công"),
        ("drugs", "ma túy"),
        ("tourism", "du lịch"),
        ("budget revenue", "thu ngân sách"),
        ("new rural development", "nông thôn mới"),
        ("economic growth", "tăng trưởng kinh tế"),
        ("GRDP", "GRDP"),
        ("digital transformation", "chuyển đổi số"),
        ("administrative reform", "cải cách hành chính"),
        ("poverty reduction", "giảm nghèo"),
        ("land disputes", "tranh chấp đất đai"),
        ("coffee", "cà phê"),
        ("assign", "giao"),
        ("preside", "chủ trì"),
        ("coordinate", "phối hợp"),
        ("advise", "tham mưu"),
        ("direct", "chỉ đạo"),
        ("review", "rà soát"),
        ("urge", "đôn đốc"),
        ("first quarter", "quý I"),
        ("Q1", "quý I"),
        ("first half", "6 tháng đầu năm"),
        ("deadline", "thời hạn"),
        ("directive", "chỉ thị"),
        ("concluding notice", "thông báo kết luận"),
        ("district", "huyện"),
    ],
)
def test_required_vocabulary(glossary, english, vietnamese):
    assert vietnamese in glossary.expand_english(english)


@pytest.mark.parametrize(
    ("question", "vietnamese"),
    [
        ("Where were the droughts worst?", "hạn hán"),
        ("Which unit was assigned to compile comments?", "giao"),
        ("Who is disbursing public investment?", "giải ngân vốn đầu tư công"),
        ("FOREST FIRES in the province", "cháy rừng"),
        ("the People’s Committee", "Ủy ban nhân dân tỉnh"),  # curly apostrophe
        ("Department of Natural Resources & Environment", "Sở Tài nguyên và Môi trường"),
        ("Which agencies coordinated?", "phối hợp"),
        ("What did they report on budgets?", "ngân sách"),
    ],
)
def test_english_matching_tolerates_case_plural_and_inflection(glossary, question, vietnamese):
    assert vietnamese in glossary.expand_english(question)


def test_inflections_share_one_stem():
    assert english_tokens("droughts assigned disbursing planned policies") == english_tokens(
        "drought assign disburse plan policy"
    )
    assert english_tokens("news") != english_tokens("new")


def test_longest_phrase_wins(glossary):
    police = glossary.expand_english("What is the provincial police assigned to?")
    assert "Công an tỉnh" in police
    assert "tỉnh" not in police  # "provincial" alone is not matched inside "provincial police"
    environment = glossary.expand_english("Department of Natural Resources and Environment")
    assert "môi trường" not in environment


def test_matching_maximises_coverage_not_the_first_long_phrase(glossary):
    # Greedy left-to-right would take "provincial party" and leave "office" unmatched.
    assert "Văn phòng Tỉnh ủy" in glossary.expand_english("the provincial party office")


def test_unrelated_english_expands_to_nothing(glossary):
    assert glossary.expand_english("Hello there, nice weather") == []
    assert glossary.expand_english("") == []


def test_expansions_are_unique_and_in_question_order(glossary):
    terms = glossary.expand_english("drought drought forest fire")
    assert len(terms) == len(set(terms))
    assert terms.index("hạn hán") < terms.index("cháy rừng")


def test_gloss_vietnamese_finds_longest_terms_case_and_form_insensitively(glossary):
    text = "Giao Ban Thường vụ Tỉnh ủy và SỞ TÀI CHÍNH phối hợp"
    glossed = dict(glossary.gloss_vietnamese(text))
    assert glossed["Ban Thường vụ Tỉnh ủy"].startswith("standing committee")
    assert glossed["SỞ TÀI CHÍNH"] == "Department of Finance"
    assert "Tỉnh ủy" not in glossed  # inside the longer name
    decomposed = unicodedata.normalize("NFD", "Uỷ ban nhân dân tỉnh")  # NFD and old tone style
    assert glossary.gloss_vietnamese(decomposed) == [
        ("Ủy ban nhân dân tỉnh", "provincial People's Committee")
    ]


def test_english_for_whole_terms_only(glossary):
    assert glossary.english_for("Công an tỉnh") == "provincial police"
    assert glossary.english_for("CÔNG AN TỈNH") == "provincial police"
    assert glossary.english_for("Công an tỉnh Lâm Đồng và gì đó") is None


def test_parse_errors_name_the_line():
    with pytest.raises(ConfigError, match="line 2.*unknown category 'bodies'"):
        Glossary.parse("category\tvietnamese\tenglish\nbodies\tTỉnh ủy\tparty committee\n")
    with pytest.raises(ConfigError, match="line 3: expected 3"):
        Glossary.parse("header\nbody\tTỉnh ủy\tparty committee\nbody\tTỉnh ủy\n")
    with pytest.raises(ConfigError, match="Cannot read the glossary"):
        Glossary.load("/nonexistent/glossary.tsv")


def test_a_long_repeated_text_matches_the_same_terms_at_every_repeat(glossary):
    question = "Which body was assigned to review drought response and forest fires? "
    assert glossary.expand_english(question * 20) == glossary.expand_english(question)
    sentence = "Giao Ban cán sự đảng UBND tỉnh chủ trì, phối hợp "
    once = glossary.gloss_vietnamese(sentence)
    assert once and glossary.gloss_vietnamese(sentence * 20) == once * 20


def test_an_ambiguous_phrase_is_one_concept_with_several_readings(glossary):
    groups = glossary.match_english_groups("the provincial party standing committee met")
    readings = [[entry.vietnamese[0] for entry in group] for group in groups]
    assert ["Ban Thường vụ Tỉnh ủy", "Thường trực Tỉnh ủy"] in readings


def test_unmatched_english_keeps_topic_words_and_drops_function_words():
    glossary = Glossary.load()
    assert glossary.unmatched_english("Who must handle drought response?") == []
    # "reservoir" is in the glossary (hồ chứa); the stems are what the matcher compares.
    unmatched = glossary.unmatched_english("Who handles parched meadows and empty reservoirs?")
    assert unmatched == ["parch", "meadow", "empti"]


def test_the_verb_of_a_phrasal_verb_is_not_its_one_word_sense():
    glossary = Glossary.parse("category\tvietnamese\tenglish\nother\tchấm dứt\tend\n")
    assert glossary.expand_english("when does the contract end?") == ["chấm dứt"]
    assert glossary.expand_english("what do they end up with?") == []
    assert glossary.unmatched_english("what do they end up with?") == ["end"]
    # "up to" is a preposition after the verb, not a particle
    assert glossary.expand_english("the contract may end up to June") == ["chấm dứt"]


def _entry_lines() -> list[tuple[int, list[str]]]:
    lines = DEFAULT_GLOSSARY.read_text(encoding="utf-8").splitlines()
    return [
        (number, line.split("\t"))
        for number, line in enumerate(lines[1:], start=2)
        if line.strip() and not line.startswith("#")
    ]


def _term_key(term: str) -> str:
    return " ".join(term.lower().replace(",", " ").replace("-", " ").split())


def test_no_two_entries_of_a_category_share_a_headword():
    """Two entries of one category under the same preferred term would split its English
    between them and leave the second's gloss unreachable."""
    owner: dict[tuple[str, str], int] = {}
    clashes = []
    for number, (category, vietnamese, _) in _entry_lines():
        first = owner.setdefault((category, _term_key(vietnamese.split(";")[0])), number)
        if first != number:
            clashes.append((vietnamese, first, number))
    assert clashes == []


def test_variants_are_trimmed_non_empty_and_unique_within_an_entry():
    for number, cells in _entry_lines():
        for cell in cells[1:]:
            variants = cell.split(";")
            stripped = [v.strip().lower() for v in variants]
            assert all(stripped), f"line {number}: empty variant"
            assert len(stripped) == len(set(stripped)), f"line {number}: repeated variant"


def test_no_english_variant_is_a_bare_function_word(glossary):
    """A variant such as "for" or "do" would turn every question holding it into that entry's
    Vietnamese terms."""
    bare = {"a", "all", "and", "are", "at", "be", "by", "do", "does", "each", "every", "for"}
    bare |= {"from", "get", "in", "is", "it", "of", "on", "or", "the", "to", "with"}
    assert [p for e in glossary.entries for p in e.english if p.lower() in bare] == []


def test_mined_vocabulary_section_is_sorted_by_category_and_term():
    lines = DEFAULT_GLOSSARY.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# General administrative"))
    rows = [line.split("\t") for line in lines[start + 1 :] if line.strip()]
    keys = [(CATEGORIES.index(c), _term_key(v.split(";")[0])) for c, v, _ in rows]
    assert keys == sorted(keys)
    assert len(rows) >= 1000


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("unemployment insurance", "bảo hiểm thất nghiệp"),
        ("monthly pension", "lương hưu hằng tháng"),
        ("lump-sum allowance", "trợ cấp một lần"),
        ("personal income tax", "thuế thu nhập cá nhân"),
        ("family deduction", "giảm trừ gia cảnh"),
        ("tax refunds", "hoàn thuế"),
        ("work permits", "giấy phép lao động"),
        ("overtime", "làm thêm giờ"),
        ("minimum wage", "lương tối thiểu"),
        ("vocational training", "giáo dục nghề nghiệp"),
        ("investment incentives", "ưu đãi đầu tư"),
        ("public-private partnership", "đối tác công tư"),
        ("bid package", "gói thầu"),
        ("foreign consultants", "chuyên gia tư vấn nước ngoài"),
        ("administrative procedures", "thủ tục hành chính"),
        ("transitional provisions", "điều khoản chuyển tiếp"),
        ("takes effect", "có hiệu lực"),
        ("repealed", "hết hiệu lực"),
        ("Ministry of Finance", "Bộ Tài chính"),
        ("State Treasury", "Kho bạc Nhà nước"),
        ("grassroots trade union", "công đoàn cơ sở"),
        ("martyrs' remains", "hài cốt liệt sĩ"),
        ("DNA testing", "giám định ADN"),
        ("salaries", "tiền lương"),
        ("costs", "chi phí"),
        ("hospitals", "bệnh viện"),
        ("financial autonomy", "tự chủ tài chính"),
        ("maximum", "tối đa"),
    ],
)
def test_administrative_and_legal_vocabulary(glossary, english, vietnamese):
    assert vietnamese in glossary.expand_english(f"What about {english} here?")


def test_everyday_words_are_not_counted_as_unmatched_topic_words(glossary):
    """Hedges, time frames, contractions and number words name no topic: counted as topic words
    no passage holds, they refused answers that were in the top passage."""
    question = "Roughly how many million went to it over the whole past year, wasn't it?"
    assert glossary.unmatched_english(question) == []
    assert glossary.unmatched_english("Roughly how many walruses were counted?") == ["walrus"]


def test_irregular_and_short_inflections_meet_their_base_form(glossary):
    """Verb forms of short or irregular words: "paid", "paying" meet "pay"; "fees" "fee"."""
    for forms in (
        "pay pays paying paid",
        "spend spent spending",
        "fee fees",
        "tax taxes taxed",
        "fine fines fined",
        "set sets setting",
        "child children",
        "send sent",
    ):
        stems = {tuple(english_tokens(form)) for form in forms.split()}
        assert len(stems) == 1, forms
    assert english_tokens("news") != english_tokens("new")
    assert english_tokens("used") != english_tokens("us")
    assert glossary.expand_english("who paid the fees?") == glossary.expand_english(
        "who pays the fee?"
    )


def test_mapped_share_is_the_covered_share_of_content_words(glossary):
    assert glossary.mapped_share("Which body must handle drought response?") == 1.0
    assert glossary.mapped_share("How many walruses did the zookeeper feed?") < 0.5
    assert glossary.mapped_share("What is it?") == 1.0  # no content word: nothing unseen


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("nuclear safety", "hạt nhân"),
        ("radiation", "bức xạ"),
        ("counter-terrorism", "chống khủng bố"),
        ("hotline", "đường dây nóng"),
        ("driving licences", "giấy phép lái xe"),
        ("social housing", "nhà ở xã hội"),
        ("e-invoices", "hóa đơn điện tử"),
        ("unpaid leave", "nghỉ không hưởng lương"),
        ("admin costs", "chi phí quản lý"),
        ("pass the resolution", "thông qua"),
    ],
)
def test_sector_vocabulary(glossary, english, vietnamese):
    assert vietnamese in glossary.expand_english(f"What about {english} here?")


def test_vietnamese_typed_into_an_english_question_is_one_phrase_per_run(glossary):
    question = "In Buôn Ma Thuột, what word replaces 'nhà đầu tư' in Article 31?"
    assert glossary.vietnamese_runs(question) == ["Buôn Ma Thuột", "nhà đầu tư"]
    assert not {"buôn", "nhà", "đầu"} & set(glossary.unmatched_english(question))


def test_an_e_that_makes_another_word_is_kept():
    """Stripping the final e folded "care" into "car", "plane" into "plan", "site" into "sit"
    ("sitting"), "mining" into "min" (minimum): each then read as the other word's entry."""
    for a, b in (("care", "car"), ("plane", "plan"), ("site", "sitting"), ("mining", "min")):
        assert english_tokens(a) != english_tokens(b)
    for forms in ("care caring cared", "rate rating rated", "mine mining mines", "write written"):
        assert len({tuple(english_tokens(f)) for f in forms.split()}) == 1, forms


def test_a_final_se_stems_alike_in_the_base_form_and_its_inflections():
    # "chases" lost its "e" with the plural's "-es" while "chase" kept it: they never met.
    assert len(set(english_tokens("chase chases chasing chased"))) == 1
    assert len(set(english_tokens("case cases"))) == 1
    assert english_tokens("rate rates") == [english_tokens("rate")[0]] * 2  # "rate" is not "rat"
