"""Answer classes of the dev set's tune half where the right passage was retrieved and the
answer was wrong (issue 10): the label a "mấy" asks for, the clause a figure question's
numbers pin, a colon's intro, a "who" quote that names a body, the filters a which-documents
question sets, the notice's own date for "phê duyệt ngày nào"."""

import time
from types import SimpleNamespace

import pytest

from assistant.answer.answer_types import (
    answers_intent,
    asks_for_notice,
    declared_unit,
    has_figure,
)
from assistant.answer.compose import Evidence, compose, names_body, with_nearest
from assistant.answer.selection import (
    best_sentences,
    figure_clause,
    holds_named_item,
    named_items,
)
from assistant.answer.table_groups import group_labels, label_of, with_group
from assistant.answer.which_filters import which_filters
from assistant.core.records import DocumentRecord
from assistant.core.text import lexical_tokens, query_tokens
from assistant.retrieval.query import analyze, asks_when


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Lái máy xúc gầu 5m3 thuộc điều kiện lao động loại mấy?", "what"),
        ("Luật sửa đổi dự kiến hoàn thành vào quý mấy năm nào?", "when"),
        ("Nghị quyết được thông qua ở phiên họp thứ mấy, ngày nào?", "when"),
        ("Hội nghị họp vào tháng mấy?", "when"),
        ("Phải đăng tải trong mấy ngày?", "how_much"),
        ("Tăng trưởng đạt mấy phần trăm?", "how_much"),
    ],
)
def test_may_after_a_label_noun_asks_for_the_label(question, intent):
    assert analyze(question).intent == intent


@pytest.mark.parametrize(
    "question",
    [
        "Đề án đào tạo nhân lực năng lượng nguyên tử được Thủ tướng phê duyệt ngày nào?",
        "quyết định 892 phê duyệt đề án boi duong can bo doi ngoai ngay nao",
        "Nghị quyết 78 được thông qua ở phiên họp thứ mấy, ngày nào?",
    ],
)
def test_approved_or_passed_on_which_day_asks_the_notices_date(question):
    assert analyze(question).asks == "date"


SHARES = (
    "a) Mức chi tổ chức và hoạt động bảo hiểm xã hội bình quân giai đoạn 2025 - 2027 tối đa "
    "1,28% dự toán thu, chi bảo hiểm xã hội (trừ số chi đóng bảo hiểm y tế cho người hưởng bảo "
    "hiểm xã hội) được trích từ tiền sinh lời của hoạt động đầu tư từ quỹ bảo hiểm xã hội; "
    "trong đó, năm 2025 tối đa 1,36%, năm 2026 tối đa 1,26% và năm 2027 tối đa 1,23%;"
)


@pytest.mark.parametrize(
    "question",
    [
        "Năm 2026 chi phí tổ chức và hoạt động bảo hiểm xã hội được trích tối đa mấy phần trăm?",
        "chi hoat dong bao hiem xa hoi nam 2027 duoc trich toi da bao nhieu phan tram",
    ],
)
def test_the_clause_holding_the_questions_year_answers(question):
    terms = set(query_tokens(analyze(question).search_text))
    assert figure_clause(SHARES, terms).startswith("… trong đó, năm 2025")


def test_a_clause_after_a_colon_keeps_its_intro():
    sentence = (
        "b) Mức 2, không quá 55.000.000 đồng/tháng đối với một trong các trường hợp sau đây: "
        "chuyên gia tư vấn có bằng đại học, có chuyên môn được đào tạo phù hợp với chuyên ngành "
        "tư vấn và có từ 10 đến dưới 15 năm kinh nghiệm trong chuyên ngành tư vấn; hoặc chuyên "
        "gia tư vấn có bằng thạc sĩ trở lên và có từ 5 đến dưới 8 năm kinh nghiệm."
    )
    terms = set(query_tokens("chuyên gia tư vấn có bằng đại học kinh nghiệm chuyên ngành lương"))
    assert "55.000.000 đồng/tháng" in figure_clause(sentence, terms)


def test_a_sentence_ending_in_a_colon_brings_the_next():
    text = (
        "b) Đối với dự án thuộc thẩm quyền chấp thuận chủ trương đầu tư của Ủy ban nhân dân "
        "cấp tỉnh:\nSở Kế hoạch và Đầu tư là cơ quan tổ chức đấu thầu.\nc) Trường hợp khác."
    )
    quoted = best_sentences("dự án chấp thuận chủ trương Ủy ban nhân dân cấp tỉnh", text, "who", 1)
    assert quoted[-1].startswith("Sở Kế hoạch và Đầu tư")


def test_a_who_quote_names_a_body():
    text = (
        "1. Tên nhiệm vụ: Xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài.\n"
        "2. Cơ quan chủ trì: Bộ Tư pháp.\n3. Cơ quan phối hợp: Các bộ, ngành."
    )
    quoted = ["Tên nhiệm vụ: Xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài."]
    assert with_nearest(quoted, text)[-1] == "Cơ quan chủ trì: Bộ Tư pháp."
    assert names_body("Kiểm toán nhà nước hằng năm kiểm toán") and not names_body(
        "Bộ luật Lao động"
    )


DOCS = [
    DocumentRecord(
        doc_id="a",
        source="a.txt",
        doc_type="Quyết định",
        number="798/QĐ-TTg",
        issuer="THỦ TƯỚNG CHÍNH PHỦ",
        date="2026-05-05",
    ),
    DocumentRecord(
        doc_id="b",
        source="b.txt",
        doc_type="Nghị quyết",
        number="78/2025/UBTVQH15",
        issuer="ỦY BAN THƯỜNG VỤ QUỐC HỘI",
        date="2025-05-17",
    ),
]


def test_which_documents_filters_by_type_issuer_and_period():
    f = which_filters(
        "Trong tháng 5/2026 Thủ tướng Chính phủ đã ban hành những quyết định nào?", "vi", DOCS
    )
    assert (f.doc_type, f.issuer, f.since, f.until) == (
        "quyet dinh",
        "thu tuong chinh phu",
        "2026-05-01",
        "2026-05",
    )
    f = which_filters("Những nghị quyết nào của Ủy ban Thường vụ Quốc hội năm 2025?", "vi", DOCS)
    assert (f.doc_type, f.issuer, f.since) == (
        "nghi quyet",
        "uy ban thuong vu quoc hoi",
        "2025-01-01",
    )
    assert which_filters("Which decisions corrected the circulars?", "en", DOCS).doc_type == (
        "quyet dinh"
    )
    # Generic words are topics: "thông báo" is any notice, an unknown issuer is a topic word.
    assert which_filters("Những thông báo nào nói về bảo hiểm y tế?", "vi", DOCS) is None
    assert which_filters("Những văn bản nào của Sở Y tế nói về dịch bệnh?", "vi", DOCS) is None


def test_a_group_rows_label_leads_its_row_and_is_cut_from_the_row_before():
    text = (
        "TT\nTên nghề hoặc công việc\nĐặc điểm điều kiện lao động\nĐiều kiện lao động loại V\n1\n"
        "Lái máy xúc dung tích gầu từ 4m3 trở lên\nCông việc nặng nhọc, ồn cao Điều kiện lao "
        "động loại IV\n1\nVận hành trạm trộn bê tông\nChịu tác động của rung, ồn và bụi"
    )
    labels = group_labels([SimpleNamespace(text=text, start=100)])
    assert [g.text for g in labels] == ["Điều kiện lao động loại V", "Điều kiện lao động loại IV"]
    assert label_of("Rất nguy hiểm, căng thẳng thần kinh tâm lý Điều kiện lao động loại IV") == (
        "Điều kiện lao động loại IV"
    )
    row = (
        "Lái máy xúc dung tích gầu từ 4m3 trở lên Công việc nặng nhọc, ồn cao "
        "Điều kiện lao động loại IV"
    )
    assert with_group([row], text, 100, labels) == [
        "Điều kiện lao động loại V …",
        "Lái máy xúc dung tích gầu từ 4m3 trở lên Công việc nặng nhọc, ồn cao",
    ]
    later = "Vận hành trạm trộn bê tông Chịu tác động của rung, ồn và bụi"
    assert with_group([later], text, 100, labels)[0] == "Điều kiện lao động loại IV …"
    # A column header before a table's first row is not a group label: it has no siblings.
    single = "STT\nNhiệm vụ\nTiến độ thực hiện\n1\nĐiều tra nhu cầu"
    assert group_labels([SimpleNamespace(text=single, start=0)]) == []


def test_a_when_answer_reaches_the_deadline_field_of_a_task():
    text = (
        "1. Tên nhiệm vụ: Xây dựng Đề án mạng lưới chuyên gia pháp lý nước ngoài.\n"
        "2. Cơ quan chủ trì: Bộ Tư pháp.\n3. Cơ quan phối hợp: Các bộ, ngành.\n"
        "4. Kết quả: Quyết định của Thủ tướng Chính phủ phê duyệt Đề án.\n"
        "5. Thời gian hoàn thành: Quý IV/2026."
    )
    question = "Đề án mạng lưới chuyên gia pháp lý nước ngoài phải hoàn thành vào thời gian nào?"
    query = analyze(question).search_text
    assert answers_intent(query, text, "when", question)
    ev = Evidence(n=1, text=text, section=[], label="", assignees=[], coverage=1.0)
    assert "Quý IV/2026" in compose(query, "when", "vi", [ev], question=question)


def test_an_item_the_question_names_by_label_is_held_at_an_items_start():
    items = named_items("What's the max monthly pay for a level 1 domestic consultant?")
    assert holds_named_item("1. Mức lương theo tháng:\na) Mức 1, không quá 70.000.000 đồng", items)
    assert not holds_named_item("đ) ... mức lương theo khoản 1 Điều này, mức 1 nêu trên", items)
    assert named_items("thuộc điều kiện lao động loại mấy?") == []


def test_a_deadline_asked_without_accents_is_asked():
    assert asks_when("bo nao chu tri, han quy may", "vi")
    assert asks_when("bo nao chu tri, han khi nao", "vi")
    assert not asks_when("co quan nao phong chong han han", "vi")


def test_a_sentence_added_past_others_is_marked_as_such():
    text = "Xây dựng Nghị quyết thí điểm.\nBộ Y tế\nBộ Tài chính, các bộ, ngành\nQuý IV/2028"
    quoted = with_nearest(["Xây dựng Nghị quyết thí điểm."], text)
    assert quoted == ["Xây dựng Nghị quyết thí điểm.", "Bộ Y tế"]
    dated = with_nearest(quoted, text, lambda s: "Quý" in s, reach=4)
    assert dated[-1] == "… Quý IV/2028"


def test_a_task_rows_deadline_cell_answers_when_for_the_row():
    row = (
        "13. Xây dựng Nghị quyết cho phép tính chi phí quản lý vào giá dịch vụ y tế\nBộ Y tế\n"
        "Đã hoàn thành\n14. Triển khai xây dựng giá phê duyệt giá dịch vụ y tế mới có cấu phần "
        "chi phí quản lý\nCơ sở khám bệnh, chữa bệnh trình cấp có thẩm quyền\n"
        "Quyết định phê duyệt giá dịch vụ y tế\nTừ tháng 5/2026, thường xuyên"
    )
    question = "Giá dịch vụ y tế mới có cấu phần chi phí quản lý được triển khai từ khi nào?"
    assert answers_intent(analyze(question).search_text, row, "when", question)
    # A date cell of another row does not answer for a row that has none.
    other = "14. Bố trí kinh phí mua thẻ\nBộ Tài chính\n15. Sửa đổi quy chế\nQuý I/2027"
    assert not answers_intent("bố trí kinh phí mua thẻ", other, "when", "Bố trí kinh phí khi nào?")


def test_each_part_of_a_long_question_gets_its_sentence():
    text = (
        "b) Kể từ ngày 01 tháng 01 năm 2023, gói thầu đã phê duyệt không áp dụng lựa chọn nhà "
        "thầu qua mạng và chưa phát hành hồ sơ mời thầu thì tổ chức lựa chọn nhà thầu qua mạng "
        "theo lộ trình. Trong trường hợp này, người có thẩm quyền không phải điều chỉnh lại kế "
        "hoạch lựa chọn nhà thầu.\nc) Gói thầu khác thực hiện theo quy định hiện hành."
    )
    question = (
        "Gói thầu đã phê duyệt không áp dụng lựa chọn nhà thầu qua mạng, thì từ năm 2023 phải "
        "tổ chức thế nào, người có thẩm quyền có phải điều chỉnh lại kế hoạch lựa chọn nhà thầu?"
    )
    ev = Evidence(n=1, text=text, section=[], label="", assignees=[], coverage=1.0)
    answer = compose(analyze(question).search_text, "what", "vi", [ev], question=question)
    assert "không phải điều chỉnh lại kế hoạch" in answer


def test_a_month_a_change_starts_from_is_not_the_figures_period():
    """ "tăng bao nhiêu phần trăm từ tháng 7/2023": the rise applies from July, stated on
    June's base; a month asked as the period still pins the figure."""
    passage = (
        "b) Tăng thêm 20,8% trên mức lương hưu, trợ cấp bảo hiểm xã hội và trợ cấp hằng "
        "tháng của tháng 6 năm 2023 đối với các đối tượng quy định tại khoản 1 Điều 1."
    )
    query = "lương hưu tăng từ tháng 7/2023 với người chưa điều chỉnh"
    starts = "Lương hưu tăng bao nhiêu phần trăm từ tháng 7/2023 với người chưa điều chỉnh?"
    assert answers_intent(query, passage, "how_much", starts)
    during = "Lương hưu tháng 7 tăng bao nhiêu phần trăm với người chưa điều chỉnh?"
    assert not answers_intent(query, passage, "how_much", during)


@pytest.mark.parametrize(
    "question",
    [
        "Nghị quyết về thanh toán chi phí khám chữa bệnh được ban hành theo đề nghị của ai?",
        "nghi quyet thanh toan chi phi kham chua benh do bo nao de xuat",
        "On whose proposal was the resolution on treatment costs issued?",
    ],
)
def test_who_proposed_quotes_the_proposal_line_not_the_legal_bases(question):
    text = (
        "Về thanh toán các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n"
        "Căn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008;\n"
        "Theo đề nghị của Bộ trưởng Bộ Y tế tại Tờ trình số 609/TTr-BYT ngày 13 tháng 4 năm 2026;\n"
        "Trên cơ sở kết quả biểu quyết của các Thành viên Chính phủ."
    )
    terms = analyze(question).search_text
    # What the notice says of itself (its title) is discounted, as the engine does.
    title = frozenset(lexical_tokens("Về thanh toán các chi phí khám bệnh, chữa bệnh"))
    quoted = best_sentences(terms, text, "who", 1, question, context=title)
    assert quoted[0].startswith("Theo đề nghị của Bộ trưởng Bộ Y tế")


# --- a quoted sentence that ends with a colon brings its list's items ---------------------------

RULES = (
    "2. Chế độ tiền thưởng được thực hiện theo Quy chế tiền thưởng của cơ quan.\n"
    "3. Quy chế tiền thưởng của cơ quan, đơn vị phải bao gồm những nội dung sau:\n"
    "a) Phạm vi và đối tượng áp dụng;\n"
    "b) Tiêu chí thưởng theo thành tích công tác đột xuất;\n"
    "c) Mức tiền thưởng cụ thể đối với từng trường hợp;\n"
    "d) Quy trình, thủ tục xét thưởng;\n"
    "4. Quỹ tiền thưởng hằng năm được xác định bằng 10% tổng quỹ tiền lương."
)


def test_a_list_intro_brings_its_items_of_the_same_kind_only():
    from assistant.answer.compose import list_items

    intro = "3. Quy chế tiền thưởng của cơ quan, đơn vị phải bao gồm những nội dung sau:"
    items = list_items(intro, RULES)
    assert [i[:2] for i in items] == ["a)", "b)", "c)", "d)"]  # "4." is the next clause
    assert list_items("2. Chế độ tiền thưởng được thực hiện theo Quy chế.", RULES) == []


def test_list_items_are_bounded_in_number_and_length():
    from assistant.answer.compose import LIST_ITEM_CHARS, LIST_ITEMS_QUOTED, with_list_items

    letters = "abcdeghiklmn"
    long_list = "Các khoản chi gồm:\n" + "\n".join(
        f"{c}) Chi {'rất dài ' * 40 if c == 'a' else 'mục'} {c};" for c in letters
    )
    out, added = with_list_items(["Các khoản chi gồm:"], ["Các khoản chi gồm:"], long_list)
    assert added and len(out) == 1 + LIST_ITEMS_QUOTED
    assert len(out[1]) <= LIST_ITEM_CHARS + 2 and out[1].endswith("…")


def test_a_list_the_chunker_cut_after_its_intro_is_read_from_the_passages_that_follow():
    from types import SimpleNamespace

    from assistant.answer.reads import list_continuation

    def chunk(chunk_id, text, section):
        return SimpleNamespace(chunk_id=chunk_id, text=text, section=section)

    intro = "Người sử dụng lao động đang tham gia bảo hiểm, không bao gồm các trường hợp sau:"
    # The chunker heads the items it split off with the intro, cut to its first words.
    head = "Người sử dụng lao động đang tham gia bảo…"
    chunks = [
        chunk("c0", f"Điều 4. Đối tượng được hỗ trợ\n{intro}", ["Điều 4"]),
        chunk("c1", "1. Cơ quan nhà nước.\n2. Đơn vị sự nghiệp công lập.", ["Điều 4", head]),
        chunk("c2", "3. Doanh nghiệp nhà nước.", ["Điều 4", head]),
        chunk("c3", "Điều 5. Giảm mức đóng", ["Điều 5"]),
    ]
    following = list_continuation(chunks[0], chunks)
    assert following.startswith("1. Cơ quan nhà nước.") and "3. Doanh nghiệp" in following
    assert "Điều 5" not in following
    assert list_continuation(chunks[1], chunks) == ""  # it does not end with an intro
    ev = Evidence(n=1, text=chunks[0].text, section=[], label="", assignees=[], coverage=1.0)
    question = "Những trường hợp nào không bao gồm?"
    query = analyze(question).search_text
    assert "Cơ quan nhà nước" not in compose(query, "what", "vi", [ev], question=question)
    ev.following = following
    assert "1. Cơ quan nhà nước" in compose(query, "what", "vi", [ev], question=question)


def test_an_answer_that_quotes_a_list_intro_quotes_its_items():
    question = "Quy chế tiền thưởng của cơ quan phải bao gồm những nội dung gì?"
    query = analyze(question).search_text
    ev = Evidence(n=1, text=RULES, section=[], label="", assignees=[], coverage=1.0)
    answer = compose(query, "what", "vi", [ev], question=question)
    assert "nội dung sau:" in answer
    assert "a) Phạm vi và đối tượng áp dụng" in answer
    assert "d) Quy trình, thủ tục xét thưởng" in answer
    assert "10% tổng quỹ" not in answer


def test_a_list_whose_later_item_was_chosen_is_left_as_quoted():
    from assistant.answer.compose import with_list_items

    intro = "3. Quy chế tiền thưởng của cơ quan, đơn vị phải bao gồm những nội dung sau:"
    chosen = [intro, "d) Quy trình, thủ tục xét thưởng;"]
    assert with_list_items(chosen, chosen, RULES) == (chosen, False)


def test_a_long_line_is_not_rescanned_from_each_of_its_characters():
    # Unanchored, the restart pattern tried every start inside a line: quadratic in its length
    # (a 100k-character line took tens of seconds); anchored at line starts, milliseconds.
    long_line = "Nội dung " * 12_000 + "\n2\nkết thúc"
    started = time.perf_counter()
    assert group_labels([SimpleNamespace(text=long_line, start=0)]) == []
    assert time.perf_counter() - started < 2.0


# --- a table's declared unit; a sentence that continues an on-topic one; the notice named ---------


def test_a_table_declares_the_unit_of_its_bare_figures():
    assert declared_unit(["(Kèm theo Thông tư ...)\nĐơn vị tính: triệu đồng", "STT\nNhiệm vụ"]) == (
        "money"
    )
    assert declared_unit(["Đơn vị tính: Triệu VNĐ"]) == "money"
    assert declared_unit(["Đơn vị tính: %"]) == "percent"
    assert declared_unit(["Đơn vị tính: Người"]) == ""
    # the last declaration up to the passage counts
    assert declared_unit(["Đơn vị tính: triệu đồng", "Đơn vị tính: người"]) == ""
    assert declared_unit(["Đơn vị được giao chủ trì thẩm định"]) == ""
    assert not has_figure("Tối đa 105", "money")
    assert has_figure("Tối đa 105", "money", unit="money")
    assert has_figure("Tối đa 160 Thông tư đã được ký ban hành", "money", unit="money")
    assert not has_figure("Tối đa 105 người", "money", unit="money")


def test_a_money_question_is_answered_by_a_cell_under_a_declared_money_unit():
    cell = "III Mức chi cho xây dựng, ban hành thông tư bãi bỏ một phần thông tư Tối đa 105"
    question = "What's the cap, in million dong, for a circular that repeals another circular?"
    query = "mức tối đa triệu đồng thông tư bãi bỏ một phần"
    assert not answers_intent(query, cell, "how_much", question)
    assert answers_intent(query, cell, "how_much", question, unit="money")


def test_a_figure_in_the_sentence_that_continues_the_item_answers():
    passage = (
        "a) Đăng tin trên phương tiện thông tin đại chúng về danh sách số phát hành của các giấy"
        " chứng nhận đã cấp. Việc đăng tin được thực hiện 03 lần, mỗi lần cách nhau 30 ngày;"
    )
    query = "đăng tin danh sách số phát hành giấy chứng nhận nhiều lần"
    question = "How many times must the office publish the list of serial numbers?"
    assert answers_intent(query, passage, "how_much", question)
    # the next item is another thing, and a label or a bare cell continues nothing
    other = passage.replace(" Việc đăng tin được thực hiện", "\nb) Gửi thông báo được thực hiện")
    assert not answers_intent(query, other, "how_much", question)
    cell = "a) Đăng tin trên phương tiện thông tin đại chúng về danh sách số phát hành. 2."
    assert not answers_intent(query, cell, "how_much", question)


def test_a_question_that_asks_which_notice_is_answered_with_the_notice_named():
    assert asks_for_notice("Which circular now sets the award criteria for the sector?")
    assert asks_for_notice("Which earlier decree on regional minimum wages does this one replace?")
    assert asks_for_notice("Thông tư nào thay thế Thông tư 08/2019?")
    assert not asks_for_notice("Which body reviews the project?")
    evidence = [
        Evidence(
            1,
            "Thông tư này thay thế Thông tư số 08/2019/TT-BLĐTBXH ngày 08 tháng 3 năm 2019.",
            ["Điều 11"],
            "Số 16/2023/TT-BLĐTBXH, 29/12/2023",
            [],
            0.8,
        )
    ]
    question = "Which circular replaced circular 08/2019 on awards?"
    answer = compose("thay thế thông tư", "what", "en", evidence, question=question)
    assert answer.startswith("According to [1] (Số 16/2023/TT-BLĐTBXH, 29/12/2023): ")
    plain = compose("thay thế thông tư", "what", "en", evidence, question="What does it replace?")
    assert plain.startswith("According to [1]: ")


def test_how_many_of_a_time_unit_asks_a_length_of_time():
    from assistant.answer.answer_types import figure_kind

    assert figure_kind("how many rest days a month must they still get?") == "time"
    assert figure_kind("How many hours of standard work plus overtime in a week?") == "time"
    assert figure_kind("How many people does the unit employ?") == "count"
    passage = "Tổng số giờ làm việc tiêu chuẩn và số giờ làm thêm trong một tuần không quá 72 giờ."
    question = "How many hours of standard work plus overtime can be done in one week?"
    assert answers_intent("số giờ làm việc tiêu chuẩn làm thêm tuần", passage, "how_much", question)
