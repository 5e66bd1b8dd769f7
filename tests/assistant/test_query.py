import json
import statistics
import time
import unicodedata

import pytest

from assistant.retrieval.query import INTENTS, QueryAnalysis, analyze, detect_language


@pytest.mark.parametrize(
    ("question", "language", "intent"),
    [
        # who: which body does a given task
        ("Cơ quan nào phải chỉ đạo phòng, chống hạn hán?", "vi", "who"),
        ("co quan nao phai chi dao phong chong han han", "vi", "who"),
        ("Ai được giao tổng hợp ý kiến góp ý của các Tỉnh ủy viên?", "vi", "who"),
        ("Đơn vị nào chủ trì rà soát cán bộ?", "vi", "who"),
        ("Ai phụ trách công tác bảo vệ rừng?", "vi", "who"),
        ("Việc lập chuyên án ma túy được giao cho ai?", "vi", "who"),
        ("Nhiệm vụ phòng cháy chữa cháy rừng được giao?", "vi", "who"),
        ("Which body must handle drought response?", "en", "who"),
        ("Who is responsible for forest protection?", "en", "who"),
        ("Which agency leads the review of cadres?", "en", "who"),
        ("Which provincial department handles public investment?", "en", "who"),
        ("Who was assigned to compile the comments?", "en", "who"),
        ("Which body handles hạn hán?", "en", "who"),
        # tasks_of: what a named body is assigned
        ("Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?", "vi", "tasks_of"),
        ("Công an tỉnh được giao nhiệm vụ gì?", "vi", "tasks_of"),
        ("Sở Tài chính phải làm gì?", "vi", "tasks_of"),
        ("van phong tinh uy duoc giao nhung viec gi", "vi", "tasks_of"),
        ("What is the provincial police assigned to?", "en", "tasks_of"),
        (
            "What tasks were given to the office of the provincial Party committee?",
            "en",
            "tasks_of",
        ),
        ("What must the Department of Finance do?", "en", "tasks_of"),
        ("What tasks does the Ministry of Finance have?", "en", "tasks_of"),
        ("Bộ Y tế có nhiệm vụ gì?", "vi", "tasks_of"),
        # ... unless the question also names a topic: the passages on it answer
        (
            "What does the Health Ministry have to do under the nuclear workforce scheme?",
            "en",
            "what",
        ),
        ("Bộ Y tế phải làm gì trong đề án phát triển nguồn nhân lực hạt nhân?", "vi", "what"),
        ("Sở Y tế phải làm gì về phòng chống dịch sốt xuất huyết?", "vi", "what"),
        # when
        ("Khi nào Văn phòng Tỉnh ủy phải gửi báo cáo?", "vi", "when"),
        ("Thời hạn góp ý dự thảo báo cáo kiểm điểm là bao giờ?", "vi", "when"),
        ("Các Ủy viên phải gửi góp ý trước ngày nào?", "vi", "when"),
        ("Hạn hoàn thành báo cáo kiểm điểm?", "vi", "when"),
        ("Quy hoạch tỉnh được công bố vào thời gian nào?", "vi", "when"),
        ("When must comments be sent to the standing board?", "en", "when"),
        ("What is the deadline for the self-criticism report?", "en", "when"),
        ("By when should the master plan conference be held?", "en", "when"),
        # how_much
        ("Tăng trưởng kinh tế quý I/2024 đạt bao nhiêu?", "vi", "how_much"),
        ("Thu ngân sách 6 tháng đầu năm 2021 đạt bao nhiêu phần trăm dự toán?", "vi", "how_much"),
        ("Tỷ lệ giải ngân vốn đầu tư công thế nào?", "vi", "how_much"),
        ("Có mấy xã đạt chuẩn nông thôn mới nâng cao?", "vi", "how_much"),
        ("tang truong kinh te quy 1 dat bao nhieu", "vi", "how_much"),
        ("How much did budget revenue grow in the first quarter?", "en", "how_much"),
        ("How many communes reached the new rural standard?", "en", "how_much"),
        ("What percentage of the budget estimate was collected?", "en", "how_much"),
        ("What was Dak Lak's economic growth in the first half of 2020?", "en", "how_much"),
        ("What's the maximum monthly salary for a junior engineer?", "en", "how_much"),
        ("What is the fee cap for a driving licence?", "en", "how_much"),
        ("what's their new pension?", "en", "how_much"),
        ("What is the scope of the circular?", "en", "what"),
        # deadline nouns of office English
        ("What's the cutoff for settling the overspend?", "en", "when"),
        ("What is the start date of the revised guidance?", "en", "when"),
        # which_documents
        ("Những văn bản nào nhắc đến giải ngân vốn đầu tư công?", "vi", "which_documents"),
        ("Thông báo nào đề cập đến hạn hán?", "vi", "which_documents"),
        ("Liệt kê các văn bản về du lịch", "vi", "which_documents"),
        ("nhung van ban nao noi ve ma tuy", "vi", "which_documents"),
        # the plural of a legal text type asks which notices; a bare one, what a notice cites
        ("Những thông tư nào quy định tiêu chí phân loại đơn vị?", "vi", "which_documents"),
        ("cac nghi dinh nao quy dinh muc luong", "vi", "which_documents"),
        ("Quyết định 2416/QĐ-BKHĐT đính chính thông tư nào?", "vi", "what"),
        ("Which documents mention public investment disbursement?", "en", "which_documents"),
        ("Which notices talk about drought?", "en", "which_documents"),
        ("List the documents about tourism", "en", "which_documents"),
        ("Which decrees set the minimum wage?", "en", "which_documents"),
        ("Which earlier decision did decision 798 replace?", "en", "what"),
        ("Who's responsible for the drought plan?", "en", "who"),
        # what
        ("Tình hình hạn hán ở Lâm Đồng ra sao?", "vi", "what"),
        ("Kế hoạch đầu tư công trung hạn là gì?", "vi", "what"),
        ("Sắp xếp bộ máy thế nào?", "vi", "what"),
        ("Cần làm gì để phòng chống hạn hán?", "vi", "what"),
        ("What problems did the province face in 2024?", "en", "what"),
        ("Summarize the conclusions on tourism", "en", "what"),
    ],
)
def test_language_and_intent(question, language, intent):
    analysis = analyze(question)
    assert (analysis.language, analysis.intent) == (language, intent)
    assert analysis.intent in INTENTS


def test_english_expansions_for_the_design_questions():
    drought = analyze("Which body must handle drought response?")
    assert "hạn hán" in drought.expansions
    assert drought.search_text.startswith("Which body must handle drought response?")
    assert "hạn hán" in drought.search_text
    police = analyze("What is the provincial police assigned to?")
    assert "Công an tỉnh" in police.expansions and "giao" in police.expansions
    assert police.bodies == ["Công an tỉnh"]


def test_question_words_are_not_expansions():
    analysis = analyze("Who must report, when, and how much was disbursed?")
    assert not {"ai", "khi nào", "bao nhiêu", "cơ quan nào"} & set(analysis.expansions)
    assert "báo cáo" in analysis.expansions and "giải ngân" in analysis.expansions


@pytest.mark.parametrize(
    ("question", "search_text"),
    [
        ("Cơ quan nào phải chỉ đạo phòng, chống hạn hán?", "chỉ đạo phòng, chống hạn hán"),
        ("Những văn bản nào nhắc đến giải ngân vốn đầu tư công?", "giải ngân vốn đầu tư công"),
        ("Tăng trưởng kinh tế quý I/2024 đạt bao nhiêu?", "Tăng trưởng kinh tế quý I/2024 đạt"),
        ("Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?", "Văn phòng Tỉnh ủy giao, hạn"),
        ("co quan nao phai chi dao phong chong han han", "chi dao phong chong han han"),
        ("Ai?", "Ai"),  # nothing but question words: keep the question
    ],
)
def test_vietnamese_search_text_drops_question_words(question, search_text):
    analysis = analyze(question)
    assert analysis.search_text == search_text
    assert analysis.expansions == []


def test_bodies_named_in_vietnamese_questions():
    assert analyze("Ban cán sự đảng UBND tỉnh được giao gì?").bodies == [
        "Ban cán sự đảng Ủy ban nhân dân tỉnh"
    ]
    assert analyze("Cơ quan nào phải chỉ đạo phòng, chống hạn hán?").bodies == []


@pytest.mark.parametrize("question", ["", "   ", "???", "!!! ...", "👍🏻", "🔥🔥🔥 ?"])
def test_odd_input_defaults_to_vietnamese_what(question):
    analysis = analyze(question)
    assert isinstance(analysis, QueryAnalysis)
    assert (analysis.language, analysis.intent) == ("vi", "what")
    assert analysis.expansions == []


def test_text_is_nfc_stripped_and_one_tone_convention():
    decomposed = unicodedata.normalize("NFD", "  Ai phụ trách thuỷ lợi?  ")
    analysis = analyze(decomposed)
    assert analysis.text == "Ai phụ trách thủy lợi?"
    assert analysis.intent == "who"


def test_mixed_script_and_emoji():
    assert analyze("🔥 Cháy rừng ở đâu? 🔥").language == "vi"
    mixed = analyze("Which department handles cháy rừng 🔥?")
    assert (mixed.language, mixed.intent) == ("en", "who")
    assert detect_language("Sở Tài chính report") == "vi"  # one English word is not enough


def test_long_question_is_handled():
    analysis = analyze("Cơ quan nào phải chỉ đạo phòng, chống hạn hán? " * 45)
    assert analysis.intent == "who"


def test_explicit_glossary_is_used():
    from assistant.vocab.glossary import Glossary

    tiny = Glossary.parse("category\tvietnamese\tenglish\ntopic\tcà phê\tcoffee\n")
    assert analyze("Who grows coffee?", glossary=tiny).expansions == ["cà phê"]


def test_analyze_is_fast():
    questions = [
        "Cơ quan nào phải chỉ đạo phòng, chống hạn hán?",
        "Which body must handle drought response?",
        "Văn phòng Tỉnh ủy được giao những việc gì, hạn khi nào?",
        "What is the provincial police assigned to?",
        "tang truong kinh te quy 1 dat bao nhieu",
        "Which documents mention public investment disbursement in the first quarter?",
    ]
    analyze(questions[0])  # load the glossary and body table once
    timings = []
    for i in range(1000):
        start = time.perf_counter()
        analyze(f"{questions[i % len(questions)]} {i}")
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005


def test_legal_questions_from_alqac_are_vietnamese(corpora):
    questions = json.loads((corpora / "alqac2024" / "questions.json").read_text("utf-8"))
    languages = [analyze(q["text"]).language for q in questions]
    assert languages.count("vi") / len(languages) >= 0.99


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Ai ký Kết luận số 1097-KL/TU?", "signer"),
        ("Thông báo kết luận ngày 25/3/2024 do ai ký?", "signer"),
        ("Who signed the conclusion notice?", "signer"),
        ("Who put their name to the correction?", "signer"),
        ("Whose signature is on the pension circular?", "signer"),
        # the signer asked by office, as "do thứ trưởng nào ký?"
        ("Which deputy minister put his name to the awards circular?", "signer"),
        ("What vice premier signed the decree on stalled projects?", "signer"),
        ("Which minister is in charge of the fund?", ""),
        ("Kết luận này có số hiệu là gì?", "number"),
        ("What is the document number of the Dak Lak conclusion?", "number"),
        ("Ai là Chủ tịch UBND tỉnh Lâm Đồng?", "person"),
        ("Ai chủ trì buổi làm việc ngày 15/6?", "person"),
        ("Who was the acting party secretary of Lam Dong?", "person"),
        ("Who chaired the June meeting?", "person"),
        # the body that leads a task, not a person
        ("Ai chủ trì công tác rà soát cán bộ?", ""),
        ("Ai được giao chủ trì buổi làm việc?", ""),
        ("Which party department leads the review of civil servants?", ""),
        ("Who is responsible for forest protection?", ""),
    ],
)
def test_questions_about_a_person_or_a_document_field(question, asks):
    assert analyze(question).asks == asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("quyet dinh dinh chinh thong tu 10/2022 ky ngay nao", "date"),
        ("Quyết định 372/QĐ-BTC được ký ngày bao nhiêu?", "date"),
        ("Ngày ký ban hành của nghị quyết là ngày nào?", "date"),
        ("Thông tư này ban hành ngày nào?", "date"),
        ("Nghị quyết có hiệu lực từ ngày nào?", ""),  # when it takes effect: a passage says
        ("Ai ký thông tư?", "signer"),
    ],
)
def test_asking_the_day_a_notice_was_signed(question, asks):
    assert analyze(question).asks == asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Nghị quyết 113/NQ-CP do ai kỷ?", "signer"),  # a tone slip on the last word
        ("Nghị quyết này do ai ký?", "signer"),
        ("Ai kỳ nghị quyết?", ""),  # inside the question a tone variant is a word of its own
    ],
)
def test_a_tone_slip_on_the_word_that_ends_a_field_question(question, asks):
    assert analyze(question).asks == asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Thông tư hướng dẫn điều chỉnh lương hưu do thứ trưởng nào ký?", "signer"),
        ("Quyết định 892/QĐ-TTg do phó thủ tướng nào ký?", "signer"),
        ("thong tu 06 do thu truong nao ky", "signer"),
        # what is submitted for another's signature: who prepares it is asked
        ("Ai được giao hoàn chỉnh báo cáo trình Thường trực Tỉnh ủy ký ban hành?", ""),
        ("Nghị quyết về chương trình hành động thực hiện Nghị quyết 66 do ai ký?", "signer"),
    ],
)
def test_the_signer_asked_by_office_and_a_signature_still_to_come(question, asks):
    assert analyze(question).asks == asks


def test_a_share_asked_for_is_no_topic_of_an_english_question():
    # "what share of" / "as a percentage" frame the answer (a figure): read as topic words they
    # became "cổ phần", "chia", "phần trăm", which no passage on the question holds.
    share = analyze("By 2030 what share of state staff managing atomic energy should be trained?")
    assert share.intent == "how_much"
    assert not {"cổ phần", "chia", "tỷ lệ", "phần trăm"} & set(share.expansions)
    percent = analyze("By what percent did pensions go up in July 2023?")
    assert "phần trăm" not in percent.expansions and "lương hưu" in percent.expansions
    # A rate named as the topic stays.
    assert "tỷ lệ" in analyze("What is the coverage rate target for 2026?").expansions


def test_a_notice_code_in_an_english_question_is_searched_whole():
    # "BTC" of "372/QĐ-BTC" is no English word to translate; the code is one index token.
    from assistant.retrieval.lexical_query import lexical_query

    analysis = analyze("Who signed decision 372/QĐ-BTC?")
    groups = lexical_query(analysis).groups
    assert ("372/QĐ-BTC",) in groups
    assert not any("btc" in term.lower() and "/" not in term for g in groups for term in g)
    assert not any(g == ("QĐ",) for g in groups)


def test_how_often_is_what_is_asked_not_a_topic():
    # "how often" asks for a period, as "bao lâu" does: not the topic word "thường xuyên".
    analysis = analyze("How often do provincial investment staff have to rotate to a new post?")
    assert "thường xuyên" not in analysis.expansions
    assert "định kỳ chuyển đổi vị trí công tác" in analysis.expansions


@pytest.mark.parametrize(
    ("typed", "accented"),
    [
        ("Lương hưu tăng bao nhieu phần trăm?", "Lương hưu tăng bao nhiêu phần trăm?"),
        ("Lương hưu tăng bao nhiều phần trăm?", "Lương hưu tăng bao nhiêu phần trăm?"),
        ("Báo cáo gửi trước ngày nao?", "Báo cáo gửi trước ngày nào?"),
        # one-syllable question words stay as typed: folded, they are other words too
        ("Nghị quyết xong vào năm nao?", "Nghị quyết xong vào năm nao?"),
        # a question typed wholly without accents is read through the folded forms already
        ("luong huu tang bao nhieu", "luong huu tang bao nhieu"),
    ],
)
def test_question_phrases_given_their_accents(typed, accented):
    from assistant.retrieval.query import accent_question_phrases

    assert accent_question_phrases(typed) == accented


def test_mended_question_words_leave_the_search_text():
    from assistant.retrieval.query import strip_mended_question_words

    assert strip_mended_question_words("Lương hưu tăng bao nhiều phần trăm từ tháng 7") == (
        "Lương hưu tăng từ tháng 7"
    )
    assert strip_mended_question_words("bao nhiêu") == "bao nhiêu"  # nothing else to search


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # "when" joining a clause to a question that asks something else
        ("Can the payout be stripped out as an objective factor when setting staff wages?", "what"),
        ("What happens to the medal when someone retires?", "what"),
        ("Is the rate used when it comes to pay?", "what"),
        # "when" asking the time: followed by its verb, first, or in an embedded question
        ("If a staffer was reprimanded, when can we nominate them for the medal?", "when"),
        ("When the circular takes effect, what changes?", "when"),
        ("Can you tell me when the decree takes effect?", "when"),
        ("I lost my job in 2021 - when is it?", "when"),
        ("By when must ministries report?", "when"),
    ],
)
def test_english_when_as_a_conjunction_does_not_ask_the_time(question, intent):
    assert analyze(question).intent == intent
