"""Answer-side rules: what counts as a figure, a shortcoming, a person's name, and how the
"which documents" and "by when" answers are put together."""

import pytest

from assistant.answer.answer_types import answer_kind, answers_intent, has_figure
from assistant.answer.compose import Evidence, compose, related_deadlines
from assistant.answer.constraints import constraints
from assistant.answer.persons import person_cues, person_names, person_sentence
from assistant.retrieval.lexical_query import lexical_query as _lexical_query
from assistant.retrieval.query import analyze


def _evidence(n, text, label="doc", coverage=0.8):
    return Evidence(n=n, text=text, section=[], label=label, assignees=[], coverage=coverage)


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Tăng trưởng kinh tế đạt 3%", True),
        ("có thêm 13 xã đạt chuẩn nông thôn mới", True),
        ("báo cáo tình hình công tác 6 tháng đầu năm 2020", False),  # a period
        ("Đắk Lắk, ngày 03 tháng 7 năm 2020", False),  # a date
        ("Hội nghị lần thứ 31", False),
        # A table's next row number run into the previous cell, a footnote line.
        ("giảm gánh nặng cho người tham gia bảo hiểm y tế 21. Giao chỉ tiêu phát triển", False),
        ("1 Ghi rõ địa chỉ liên hệ: số nhà, thôn/xóm, xã/phường, huyện.", False),
        ("giảm gánh nặng cho người tham gia bảo hiểm y tế 21.", False),  # cut at its sentence
        ("Số xã đạt chuẩn nông thôn mới là 21.", True),
        ("Tổng số xã đạt chuẩn: 21.", True),
    ],
)
def test_periods_and_dates_are_not_figures(sentence, figure):
    assert has_figure(sentence) is figure


def test_a_figure_must_be_in_the_clause_about_the_question():
    passage = (
        "thu ngân sách nhà nước đạt 29,9% dự toán địa phương; du lịch tăng 11% so cùng kỳ; "
        "công tác quản lý bảo vệ rừng có nhiều chuyển biến, vi phạm Luật Lâm nghiệp giảm cả "
        "ba tiêu chí."
    )
    violations = "vi phạm Luật Lâm nghiệp quản lý bảo vệ rừng"
    assert not answers_intent(violations, passage, "how_much", "bao nhiêu vụ vi phạm?")
    assert answers_intent("du lịch tăng", passage, "how_much", "du lịch tăng bao nhiêu?")


@pytest.mark.parametrize(
    ("question", "intent", "kind"),
    [
        ("Hội nghị chỉ ra những hạn chế nào?", "what", "shortcoming"),
        ("Thông báo nêu những tồn tại gì về quốc phòng?", "what", "shortcoming"),
        ("What shortcomings did the notice point out?", "what", "shortcoming"),
        ("Biện pháp hạn chế cháy rừng là gì?", "what", ""),  # hạn chế as a verb
        ("Tăng trưởng đạt bao nhiêu?", "how_much", "how_much"),
    ],
)
def test_answer_kind(question, intent, kind):
    assert answer_kind(intent, question) == kind


def test_a_shortcoming_answer_needs_a_passage_that_names_one():
    question = "Hội nghị chỉ ra những hạn chế nào về đầu tư công?"
    slow = "Giải ngân vốn đầu tư công còn chậm; phát triển đảng viên đạt thấp."
    plan = "Xây dựng, bảo vệ kế hoạch đầu tư công trung hạn với Trung ương."
    assert answers_intent("hạn chế đầu tư công", slow, "shortcoming", question)
    assert not answers_intent("hạn chế đầu tư công", plan, "shortcoming", question)


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("đồng chí Bí thư Tỉnh ủy Lâm Đồng Trần Đức Quận đã thay mặt", ["Trần Đức Quận"]),
        ("các đồng chí: Trần Đình Văn – Phó Bí thư Thường trực Tỉnh ủy;", ["Trần Đình Văn"]),
        ("T/M TỈNH ỦY\nBÍ THƯ\nBùi Văn Cường", ["Bùi Văn Cường"]),
        ("quy hoạch thành phố Buôn Ma Thuột thành đô thị trung tâm vùng Tây Nguyên", []),
        ("Ban Cán sự Đảng UBND tỉnh Lâm Đồng", []),
    ],
)
def test_person_names(sentence, names):
    assert [name for _, name in person_names(sentence)] == names


def test_english_places_constrain_like_vietnamese_names():
    years, names = constraints("Who is the chairman of the Dak Lak People's Committee?", "en")
    assert names == ["Đắk Lắk"] and years == []
    assert constraints("ngày 25/3/2024", "vi")[0] == ["2024"]  # the year of a date counts


def test_person_sentence_needs_the_asked_title():
    question = "Who was the chairman of the People's Committee?"
    analysis = analyze(question)
    cues, strict = person_cues(question, "en", _lexical_query(analysis).alternatives)
    assert strict
    chair_of_council = _evidence(
        1, "Buổi làm việc do đồng chí Trần Đức Quận - Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh chủ trì."
    )
    chair_of_committee = _evidence(
        2, "Trần Văn Hiệp – Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; các đồng chí khác."
    )
    picked = person_sentence("Chủ tịch UBND tỉnh", cues, [chair_of_council, chair_of_committee])
    assert picked is not None and picked[2] == "Trần Văn Hiệp"
    assert person_sentence("Chủ tịch UBND tỉnh", cues, [chair_of_council]) is None


def test_vietnamese_person_cues():
    cues, strict = person_cues("Ai là Phó Bí thư Thường trực Tỉnh ủy?", "vi", [])
    assert cues == [["Phó Bí thư Thường trực"]] and strict
    cues, strict = person_cues("Ai chủ trì buổi làm việc?", "vi", [])
    assert cues == [["chu tri"]] and not strict


def test_which_documents_lists_each_document_once_with_its_best_passage():
    evidence = [
        _evidence(1, "thu ngân sách đạt 29,9%; giải ngân vốn đầu tư công.", "A", 0.9),
        _evidence(2, "tỷ lệ giải ngân vốn đầu tư công thấp.", "A", 1.0),
        _evidence(3, "Thu ngân sách đạt 6.265 tỷ đồng.", "B", 0.1),  # off the topic
    ]
    text = compose("giải ngân vốn đầu tư công", "which_documents", "vi", evidence)
    assert text.count("- [") == 1
    assert "[2] A" in text and "B" not in text


def test_related_deadlines_quote_the_dated_sentence_that_names_the_body():
    passage = (
        "Các đồng chí gửi góp ý về Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày "
        "08/7/2020. Giao Văn phòng Tỉnh ủy tổng hợp ý kiến."
    )
    lines = related_deadlines("en", ["Văn phòng Tỉnh ủy"], [(1, passage)], "- “tổng hợp ý kiến”")
    assert len(lines) == 1 and "08/7/2020" in lines[0] and lines[0].endswith("[1]")
    assert related_deadlines("en", ["Công an tỉnh"], [(1, passage)], "") == []


def test_figure_clause_quotes_only_the_clause_with_the_asked_figure():
    from assistant.answer.selection import figure_clause
    from assistant.core.text import query_tokens

    sentence = (
        "Quý I năm 2024, Ban cán sự đảng UBND tỉnh, UBND tỉnh đã chủ động, tích cực lãnh đạo, "
        "chỉ đạo thực hiện các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội và đạt một số kết "
        "quả tích cực: Tăng trưởng kinh tế đạt 3%; thu ngân sách nhà nước đạt 29,9% dự toán; "
        "du lịch tăng 11% so cùng kỳ."
    )
    terms = set(query_tokens("tăng trưởng kinh tế đạt bao nhiêu"))
    assert figure_clause(sentence, terms) == "… Tăng trưởng kinh tế đạt 3%; …"
    assert figure_clause(sentence, set(query_tokens("du lịch tăng"))) == (
        "… du lịch tăng 11% so cùng kỳ."
    )
    assert figure_clause("Tăng trưởng đạt 3%.", terms) == "Tăng trưởng đạt 3%."  # short: whole


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        # "how long" is answered by a length of time as well as by a date
        (
            "Công chức phải chuyển đổi vị trí công tác định kỳ bao lâu một lần?",
            "Thời hạn định kỳ chuyển đổi vị trí công tác là từ đủ 03 năm đến 05 năm.",
            True,
        ),
        ("Hạn chót là ngày nào?", "Thời hạn định kỳ là từ đủ 03 năm đến 05 năm.", False),
        # a day is asked for also when typed without accents
        ("han chot gui gop y ngay nao", "Nhiệm kỳ 2015-2020 của Ban Chấp hành.", False),
        ("han chot gui gop y ngay nao", "Gửi về Văn phòng Tỉnh ủy trước ngày 08/7/2020.", True),
        # a time named by an event answers "from when"
        (
            "Nghị quyết có hiệu lực từ khi nào?",
            "Nghị quyết này có hiệu lực kể từ ngày ký ban hành.",
            True,
        ),
        (
            "Chủ hộ kinh doanh được hưởng từ khi nào?",
            "Chủ hộ kinh doanh được hưởng kể từ ngày đủ điều kiện hưởng chế độ.",
            True,
        ),
        # ... but when the notice takes effect is no deadline of a task
        (
            "Ban Chỉ đạo phải trình Đề án trước ngày nào?",
            "Quyết định này có hiệu lực thi hành kể từ ngày ký.",
            False,
        ),
        # the date that names a cited notice is not a date the question asks for
        (
            "Ban Chỉ đạo phải trình Đề án khi nào?",
            "Thay thế Quyết định số 1480/QĐ-TTg ngày 03 tháng 7 năm 2025 của Thủ tướng.",
            False,
        ),
        (
            "Ban Chỉ đạo phải trình Đề án khi nào?",
            "Trình Đề án trước ngày 03 tháng 7 năm 2025.",
            True,
        ),
    ],
)
def test_when_questions_accept_lengths_event_times_and_days(question, sentence, answers):
    from assistant.answer.answer_types import holds_answer_type

    assert holds_answer_type(sentence, "when", question) is answers


def test_a_table_row_is_one_statement_with_its_lead_body_and_deadline():
    from assistant.answer.selection import best_sentences
    from assistant.answer.statements import split_sentences

    text = (
        "II. Hoàn thiện thể chế về bảo hiểm y tế\n7.\nXây dựng Nghị quyết về thí điểm đa dạng "
        "hóa các gói bảo hiểm y tế\nBộ Y tế\nBộ Tài chính, các bộ, ngành\nNghị quyết của Chính "
        "phủ\nQuý II/2028\n8.\nXây dựng Nghị định về tăng mức đóng bảo hiểm y tế\nBộ Y tế\n"
        "Quý IV/2026"
    )
    sentences = split_sentences(text)
    rows = [s for s in sentences if s.startswith("Xây dựng")]
    row = "Bộ Y tế Bộ Tài chính, các bộ, ngành Nghị quyết của Chính phủ Quý II/2028"
    assert rows[0].endswith(row)
    assert rows[1].endswith("Bộ Y tế Quý IV/2026")
    question = "Nghị quyết thí điểm đa dạng hóa các gói bảo hiểm y tế phải xong vào quý mấy?"
    chosen = best_sentences(question, text, "when", limit=1, question=question)
    assert "Quý II/2028" in chosen[0] and "Bộ Y tế" in chosen[0]
    assert answers_intent(question, text, "when", question)
    # text without row-number lines splits as before
    assert split_sentences("Câu một.\nCâu hai.") == ["Câu một.", "Câu hai."]


def test_a_passage_that_starts_inside_a_row_reads_its_tail_as_that_row():
    from assistant.answer.statements import split_sentences

    # The row number "5." fell in the passage before; the task cell ends with a full stop.
    text = (
        "Xây dựng Đề án về đổi mới công tác truyền thông trong giai đoạn mới.\nBộ Tài chính\n"
        "Bộ Y tế, cơ quan, đơn vị liên quan\nQuyết định của\nBộ trưởng ban hành Đề án\n"
        "Quý I/2027\n6.\nXây dựng Luật Bảo hiểm y tế sửa đổi.\nBộ Y tế\nQuý I/2029"
    )
    first, second = split_sentences(text)
    assert first.startswith("Xây dựng Đề án") and "Bộ Tài chính" in first
    assert first.endswith("Quý I/2027")
    assert second == "Xây dựng Luật Bảo hiểm y tế sửa đổi. Bộ Y tế Quý I/2029"
    # one heading line before the first row stays a line of its own
    headed = "II. Hoàn thiện thể chế về bảo hiểm y tế\n7.\nXây dựng Nghị quyết\nBộ Y tế"
    *heading, row = split_sentences(headed)
    assert "Hoàn thiện thể chế về bảo hiểm y tế" in heading and row == "Xây dựng Nghị quyết Bộ Y tế"


def test_the_quoted_sentence_holds_what_is_asked_beyond_the_documents_own_title():
    from assistant.answer.selection import best_sentences
    from assistant.core.text import lexical_tokens

    text = (
        "Căn cứ Thông tư số 138/2025/TT-BTC hướng dẫn giám sát giao dịch chứng khoán trên thị "
        "trường chứng khoán; Theo đề nghị của Chủ tịch Ủy ban Chứng khoán Nhà nước."
    )
    question = "Ai đề nghị ban hành quyết định đính chính thông tư về giám sát chứng khoán?"
    query = analyze(question).search_text
    title = frozenset(
        lexical_tokens("Quyết định về việc đính chính Thông tư giám sát giao dịch chứng khoán")
    )
    # by word count the sentence that repeats the title wins ...
    assert "Căn cứ" in best_sentences(query, text, "who", limit=1)[0]
    # ... the document's own words weigh little, so the sentence with "đề nghị" is quoted
    chosen = best_sentences(query, text, "who", limit=1, context=title)
    assert chosen == ["Theo đề nghị của Chủ tịch Ủy ban Chứng khoán Nhà nước."]


def test_a_heading_in_capitals_is_not_quoted_as_the_answer():
    from assistant.answer.selection import best_sentences

    text = (
        "I- VỀ DỰ THẢO BÁO CÁO KIỂM ĐIỂM NHIỆM KỲ 2015-2020\n"
        "Các đồng chí góp ý, gửi về Văn phòng Tỉnh ủy trước ngày 08/7/2020."
    )
    question = "góp ý dự thảo báo cáo kiểm điểm nhiệm kỳ 2015-2020 gửi trước ngày nào?"
    chosen = best_sentences(question, text, "when", limit=1, question=question)
    assert chosen == ["Các đồng chí góp ý, gửi về Văn phòng Tỉnh ủy trước ngày 08/7/2020."]
    assert answers_intent(question, text, "when", question)


def test_the_date_of_a_cited_notice_answers_a_question_about_that_notice():
    from assistant.answer.answer_types import holds_answer_type

    sentence = "Triển khai theo Kế hoạch số 178-KH/TU, ngày 24/6/2020 của Ban Thường vụ Tỉnh ủy."
    assert holds_answer_type(sentence, "when", "Kế hoạch số 178-KH/TU được ban hành ngày nào?")
    assert not holds_answer_type(sentence, "when", "Ban Chỉ đạo phải trình đề án ngày nào?")
    assert holds_answer_type(sentence, "when", "Triển khai theo kế hoạch nào, ban hành ngày nào?")


def test_a_who_answer_names_the_body_a_heading_is_named_after():
    text = "a) Chủ trì xây dựng lực lượng chuyên trách về an ninh hạt nhân."
    evidence = [
        Evidence(n=1, text=text, section=["7. Bộ Công an"], label="d", assignees=[], coverage=0.8)
    ]
    answer = compose("xây dựng lực lượng an ninh hạt nhân", "who", "vi", evidence)
    assert answer.startswith("Theo [1], Bộ Công an được giao:")
    headed = [
        Evidence(
            n=1,
            text=text,
            section=["II. Nhiệm vụ và giải pháp"],
            label="d",
            assignees=[],
            coverage=0.8,
        )
    ]
    assert compose("xây dựng lực lượng", "who", "vi", headed).startswith("Theo [1]: ")


def test_a_question_about_where_money_comes_from_quotes_the_source():
    from assistant.answer.selection import anchors

    assert anchors("Kinh phí thực hiện lấy từ đâu?")
    assert anchors("Where does the money come from to pay hospitals?")
    assert not anchors("Ai chủ trì xây dựng đề án?")


def test_what_it_was_changed_to_quotes_the_sentence_with_the_new_wording():
    from assistant.answer.selection import best_sentences

    text = (
        "1. Tại điểm đ khoản 3 Điều 16: “Bên mời thầu làm rõ hồ sơ mời thầu khi nhận được đề"
        " nghị làm rõ trong thời hạn nêu tại điểm a khoản này...”\nNay sửa thành:“Bên mời thầu"
        " làm rõ hồ sơ mời thầu khi nhận được đề nghị làm rõ trong thời hạn nêu tại điểm c và"
        " điểm d khoản này...”"
    )
    for question in ("Sửa thành gì? (sửa điểm nào của Điều 16)", "What was it changed to?"):
        chosen = best_sentences(question, text, "what", limit=2, question=question)
        assert any("điểm c và điểm d" in s for s in chosen), question
    # Asked which point was amended, the new wording gets no bonus.
    question = "Sửa điểm nào của Điều 16?"
    chosen = best_sentences(question, text, "what", limit=1, question=question)
    assert chosen[0].startswith("Tại điểm đ khoản 3 Điều 16")


def test_a_long_when_sentence_is_cut_to_its_dated_clause():
    from assistant.answer.compose import Evidence, compose

    sentence = (
        "2. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành"
        " phố trực thuộc trung ương tăng cường lãnh đạo, chỉ đạo xây dựng và tổ chức thực hiện"
        " hiệu quả các chủ trương, chính sách, pháp luật, chương trình, kế hoạch và các nhiệm"
        " vụ, giải pháp, lộ trình cụ thể về bảo hiểm y tế; rà soát các chương trình, kế hoạch"
        " hành động thực hiện các Nghị quyết của Đảng, Chương trình hành động của Chính phủ đã"
        " ban hành, còn hiệu lực thực hiện có liên quan đến xây dựng và tổ chức thi hành pháp"
        " luật về bảo hiểm y tế để điều chỉnh, đồng bộ, thống nhất với kế hoạch hành động thực"
        " hiện Chỉ thị số 52-CT/TW, hoàn thành trong quý IV năm 2026."
    )
    question = "Việc rà soát các chương trình hành động cho đồng bộ phải xong khi nào?"
    evidence = [Evidence(1, sentence, [], "", [], 0.8)]
    answer = compose(question, "when", "vi", evidence, question=question)
    assert "quý IV năm 2026" in answer and answer.startswith("Theo [1]: “… rà soát")


def test_named_parts_are_articles_and_central_bodies():
    from assistant.answer.constraints import named_parts

    assert named_parts("Quyết định 1373 đính chính gì tại Điều 45 của Thông tư 10/2022?", "vi") == [
        ["Điều 45"]
    ]
    assert named_parts("Which phrase does Article 10 change?", "en") == [["Điều 10"]]
    assert sorted(named_parts("Bộ Công Thương phải trình Quốc hội tại kỳ họp nào?", "vi")) == [
        ["Bộ Công Thương"],
        ["Quốc hội"],
    ]
    # Local bodies are written in too many forms to be required ("UBND tỉnh", "cấp tỉnh"), and
    # so are a province's departments ("ở sở kế hoạch đầu tư").
    assert named_parts("UBND tỉnh phải làm gì?", "vi") == []
    assert named_parts("Cán bộ ở sở kế hoạch đầu tư có phải chuyển đổi không?", "vi") == []
    # Ministries: by "Bộ" and its next two words, or by the glossary in English.
    assert named_parts("Thông tư của Bộ Y tế về phân loại có hiệu lực từ ngày nào?", "vi") == [
        ["Bộ Y tế"]
    ]
    assert named_parts("When does the Finance Ministry's circular apply?", "en") == [
        ["Bộ Tài chính"]
    ]
    assert named_parts("Bộ trưởng ký ngày nào?", "vi") == []
    # Numbered items: a notice whose levels stop at 4 says nothing of level 5.
    assert named_parts("What is the pay ceiling for a level-5 consultant?", "en") == [
        ["muc 5", "muc 05", "muc v"]
    ]
    assert named_parts("Nghề thuộc điều kiện lao động loại IV là gì?", "vi") == [
        ["loai 4", "loai 04", "loai iv"]
    ]
    assert named_parts("Lương hưu mức 5 triệu đồng tăng bao nhiêu?", "vi") == []  # a figure


def test_the_place_of_a_local_body_and_condition_years():
    q = "Làng Văn hóa được chuyển giao về Ủy ban nhân dân Thành phố Hồ Chí Minh khi nào?"
    assert "Hồ Chí Minh" in constraints(q, "vi")[1]
    # A year a question names as a condition is checked in the notice, not the passage.
    assert constraints("nguoi nghi huu truoc 1995 duoc tang bao nhieu", "vi") == ([], ["1995"])
    assert constraints("A pensioner who retired before 1995 gets how much?", "en") == (
        [],
        ["1995"],
    )
    assert constraints("Tăng trưởng từ năm 2027 là bao nhiêu?", "vi")[0] == ["2027"]


def test_the_year_given_to_the_notice_asked_about():
    from assistant.answer.constraints import notice_years

    assert notice_years("Who signed the 2025 decision that decision 798/QĐ-TTg replaced?") == {
        "2025"
    }
    assert notice_years("Quyết định năm 2025 do ai ký?") == {"2025"}
    assert notice_years("Thông tư điều chỉnh lương hưu năm 2023 bãi bỏ gì?") == set()


def test_the_number_of_a_notice_is_not_an_amount():
    from assistant.answer.answer_types import answer_kind

    assert answer_kind("how_much", "Quyết định 798 thay thế quyết định số mấy?") == ""
    assert answer_kind("how_much", "Theo thông tư so bao nhieu?") == ""
    assert answer_kind("how_much", "Mức chi tối đa bao nhiêu phần trăm?") == "how_much"


def test_a_title_stating_the_opposite_scope_rules_a_notice_out():
    from assistant.answer.constraints import out_of_scope

    domestic = "Quy định mức lương của chuyên gia tư vấn trong nước làm cơ sở cho giá gói thầu"
    assert out_of_scope("What's the salary cap for foreign consultants?", domestic)
    assert out_of_scope("Mức lương chuyên gia tư vấn nước ngoài là bao nhiêu?", domestic)
    assert not out_of_scope("Mức lương chuyên gia tư vấn là bao nhiêu?", domestic)
    local = "Quy định thời hạn chuyển đổi vị trí công tác thuộc lĩnh vực Đầu tư ở địa phương"
    assert out_of_scope("Công chức ở cơ quan trung ương chuyển đổi sau mấy năm?", local)
    assert not out_of_scope("Công chức ở địa phương chuyển đổi sau mấy năm?", local)


def test_how_many_kinds_is_answered_by_a_list_of_them():
    from assistant.answer.answer_types import answers_intent, asks_kinds

    listed = (
        "a) Đơn vị tự bảo đảm chi thường xuyên và chi đầu tư;\n"
        "b) Đơn vị tự bảo đảm chi thường xuyên;\nc) Đơn vị do Nhà nước bảo đảm chi thường xuyên."
    )
    question = "How many groups are public service units split into by financial autonomy?"
    assert asks_kinds(question) and asks_kinds("Đơn vị được chia thành mấy loại?")
    assert answers_intent("nhóm đơn vị tự bảo đảm chi thường xuyên", listed, "how_much", question)
    # A count of people is a figure, not a list.
    assert not answers_intent("đơn vị", listed, "how_much", "How many staff do the units have?")


def test_figure_clause_prefers_the_clause_that_opens_the_item_the_question_names():
    from assistant.answer.selection import figure_clause, named_items
    from assistant.core.text import query_tokens

    sentence = (
        "c) Mức 3, không quá 40.000.000 đồng/tháng đối với một trong các trường hợp sau đây: "
        "chuyên gia tư vấn có bằng đại học, có chuyên môn được đào tạo phù hợp với chuyên ngành "
        "tư vấn và có từ 5 đến dưới 10 năm kinh nghiệm trong chuyên ngành tư vấn; hoặc chuyên "
        "gia tư vấn có bằng thạc sĩ trở lên, có chuyên môn được đào tạo phù hợp với chuyên ngành "
        "tư vấn và có từ 3 đến dưới 5 năm kinh nghiệm trong chuyên ngành tư vấn."
    )
    question = "Mức lương tối đa của chuyên gia tư vấn mức 3 là bao nhiêu một tháng?"
    terms = set(query_tokens(question))
    quoted = figure_clause(sentence, terms, items=named_items(question))
    assert quoted.startswith("c) Mức 3, không quá 40.000.000 đồng/tháng")


def test_a_cached_analysis_is_a_fresh_copy_for_each_caller(seed_engine_fake):
    # While one question is answered its analyses are reused: a caller that sets the intent
    # or the search text of its copy changes nothing for the next caller.
    question = "Ai chịu trách nhiệm báo cáo kết quả?"
    with seed_engine_fake.lookup.one_question():
        first = seed_engine_fake.analyze(question)
        first.intent, first.search_text = "changed", "changed"
        first.bodies.append("changed")
        second = seed_engine_fake.analyze(question)
    assert second is not first
    assert second.intent != "changed" and second.search_text != "changed"
    assert "changed" not in second.bodies
