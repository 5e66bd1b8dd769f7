"""How regulations write the figure a "how much / how many" question asks for: a share or a
multiple of an amount of money, a number written in words, a share of the things counted, an
amount in a list's lead-in over the acts in its items (or an item's amount under a lead-in that
names the subject); and the question forms that ask for one (issue 10, figures round)."""

import pytest

from assistant.answer.answer_types import (
    answers_intent,
    counted_noun,
    figure_kind,
    has_figure,
)
from assistant.answer.compose import Evidence, with_intro
from assistant.answer.statements import heading_lead, list_leads
from assistant.retrieval.query import analyze


@pytest.mark.parametrize(
    ("sentence", "kind", "figure"),
    [
        ("b) Phạt tiền đến 5.000.000 đồng;", "money", True),
        # A share or a multiple of an amount of money, or months of pay, answers "how much".
        ("được hưởng trợ cấp bằng 50% mức lương cơ sở", "money", True),
        ("mức hỗ trợ bằng 0,5 lần mức lương cơ sở", "money", True),
        ("có giá trị không vượt quá 02 lần mức tiền phạt quy định tại điểm b", "money", True),
        ("người lao động được trợ cấp 01 tháng tiền lương", "money", True),
        ("được hưởng một nửa mức lương", "money", True),
        # A multiple of something else is not money.
        ("thẩm quyền xử phạt tổ chức gấp 02 lần thẩm quyền xử phạt cá nhân", "money", False),
        ("tỷ lệ lao động là người khuyết tật đạt 30%", "money", False),
        # Numbers in words.
        ("theo ba mức: đạt yêu cầu, đạt yêu cầu nhưng phải chỉnh sửa", "count", True),
        ("mức phạt gấp hai lần", "times", True),
        ("nghỉ hai mươi lăm ngày", "time", True),
        ("trường hợp hai bên thỏa thuận", "", False),  # the parties
        ("Ủy ban nhân dân quận Ba Đình", "", False),  # a name
        ("tổ chức hội nghị lần thứ hai", "", False),  # an ordinal
        ("trong tháng ba", "", False),  # a month
        # An item's number at the start of its sentence is a label, not a figure.
        ("3. Sửa đổi, bổ sung Điều 9 như sau:", "", False),
        ("1. Chuẩn bị thẩm định", "", False),
    ],
)
def test_figures_as_regulations_write_them(sentence, kind, figure):
    assert has_figure(sentence, kind) is figure


def test_a_share_of_the_things_counted_answers_how_many():
    question = "Cần bao nhiêu thành viên hội đồng đồng ý bằng văn bản?"
    assert figure_kind(question) == "count" and counted_noun(question) == "thanh"
    sentence = "được 100% thành viên Hội đồng thẩm định đồng ý bằng văn bản"
    assert has_figure(sentence, "count", counted_noun(question))
    assert not has_figure(sentence, "count", "")  # a share of something else counts nothing
    assert not has_figure("đạt 95% kế hoạch", "count", counted_noun(question))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tổ chức bị phạt gấp mấy lần cá nhân?", "times"),
        ("How many times the individual's fine does a company pay?", "times"),
        ("What's the minimum number of credits a program must have?", "count"),
        ("How much was the mid-shift meal allowance?", "money"),
        ("Mức trợ cấp là bao nhiêu?", "money"),
        ("What is the penalty for not reporting?", "money"),
    ],
)
def test_figure_kinds_asked(question, kind):
    assert figure_kind(question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "What's the fine for not identifying customers under the AML rules?",
        "whats the fine for filing reports late?",  # typed without the apostrophe
        # "when" inside the question is a conjunction, not what it asks.
        "What's the penalty for helping launder money, when it isn't serious enough?",
        "Could an accountant be fined more than 10 million dong for that?",
        "What corporate income tax rate goes on the form?",
    ],
)
def test_english_questions_that_ask_a_fine_or_a_rate_ask_how_much(question):
    assert analyze(question).intent == "how_much"


def test_a_plural_of_documents_without_a_question_word_of_its_own_yields_to_one():
    asked = "Thông tư bãi bỏ các văn bản quy phạm pháp luật năm 2022 có hiệu lực từ ngày nào?"
    assert analyze(asked).intent == "when"
    assert analyze("Những văn bản quy định mức lương tối thiểu vùng").intent == "which_documents"
    assert analyze("Các văn bản nào quy định mức phạt?").intent == "which_documents"


def test_list_leads_run_to_the_next_sibling_item():
    sentences = [
        "a) Phạt tiền từ 10.000.000 đồng đến 15.000.000 đồng đối với các hành vi sau đây:",
        "Hành vi không cập nhật danh sách đen;",
        "b) Phạt tiền từ 15.000.000 đồng đến 20.000.000 đồng đối với hành vi khác.",
    ]
    assert list_leads(sentences) == ["", sentences[0], ""]
    heading = "1. Thanh tra viên có quyền xử phạt như sau:"
    items = ["a) Phạt cảnh cáo;", "b) Phạt tiền đến 5.000.000 đồng;"]
    assert list_leads(items, heading) == [heading, heading]
    assert list_leads(items, "1. Thanh tra viên có quyền xử phạt") == ["", ""]


def test_heading_lead_rebuilds_a_heading_the_path_cut():
    section = ["Điều 70a. Thẩm quyền…", "1. Thanh tra viên có quyền xử phạt vi phạm hành…"]
    context = ["…xử phạt của Thanh tra", "…chính trong lĩnh vực kế toán như sau:"]
    assert heading_lead(section, context) == (
        "1. Thanh tra viên có quyền xử phạt vi phạm hành chính trong lĩnh vực kế toán như sau:"
    )
    assert heading_lead(["Điều 5. Hiệu lực thi hành"], []) == ""
    assert heading_lead([], []) == ""


def test_an_amount_in_the_lead_in_answers_for_the_act_in_its_item():
    passage = (
        "a) Phạt tiền từ 10.000.000 đồng đến 15.000.000 đồng đối với một trong các hành vi "
        "vi phạm sau đây:\nHành vi không nhận biết khách hàng; không cập nhật danh sách đen;"
    )
    query = "phạt tiền không nhận biết khách hàng danh sách đen"
    assert answers_intent(query, passage, "how_much", "What's the fine for X?")
    # Without the lead-in, the item names the act and holds no amount.
    alone = "Hành vi không nhận biết khách hàng; không cập nhật danh sách đen;"
    assert not answers_intent(query, alone, "how_much", "What's the fine for X?")


def test_an_amount_in_an_item_answers_for_the_subject_of_the_heading_lead_in():
    items = "a) Phạt cảnh cáo;\nb) Phạt tiền đến 5.000.000 đồng;\nc) Tịch thu tang vật."
    lead = "1. Thanh tra viên Ngân hàng Nhà nước có quyền xử phạt như sau:"
    query = "thanh tra viên ngân hàng nhà nước phạt tiền tối đa"
    question = "Thanh tra viên ngân hàng nhà nước được phạt tiền tối đa bao nhiêu tiền?"
    assert answers_intent(query, items, "how_much", question, lead=lead)


def test_the_lead_in_is_quoted_when_it_holds_the_figure_its_item_lacks():
    lead = "a) Phạt tiền từ 8.000.000 đồng đến 12.000.000 đồng đối với các hành vi sau đây:"
    ev = Evidence(
        n=1,
        text="Vi phạm thời hạn báo cáo từ lần thứ ba trở lên;",
        section=["5. Xử phạt…", lead],
        label="doc",
        assignees=[],
        coverage=0.8,
        lead=lead,
    )
    quoted = ["Vi phạm thời hạn báo cáo từ lần thứ ba trở lên;"]
    assert with_intro(quoted, ev, lambda s: has_figure(s, "money"))[0].startswith(lead)
    assert with_intro(quoted, ev) == quoted  # not asked for a figure: the item alone


def test_a_number_word_counts_only_the_thing_a_vietnamese_question_counts():
    sentence = "vi phạm Luật Lâm nghiệp giảm cả ba tiêu chí"
    assert not has_figure(sentence, "count", counted_noun("bao nhiêu vụ vi phạm?"))
    assert has_figure(sentence, "count", counted_noun("giảm bao nhiêu tiêu chí?"))


def test_a_rise_over_an_amount_is_a_rate_not_an_amount_of_money():
    sentence = "Tăng thêm 12,5% trên mức lương hưu tháng 6 năm 2023"
    assert not has_figure(sentence, "money")
    assert has_figure(sentence, figure_kind("How big a pension increase do retirees get?"))


def test_a_lead_in_lends_its_subject_only_to_items_that_share_some_of_the_question():
    cells = "1,125\n1,208"
    lead = "Mức lương hưu từ tháng 7 năm 2023 được tính như sau:"
    question = "How many pensioners got the increase?"
    assert not answers_intent("lương hưu người hưởng", cells, "how_much", question, lead=lead)


def test_without_the_questions_noun_a_number_word_counts_only_kinds():
    assert not has_figure("vi phạm Luật Lâm nghiệp giảm cả ba tiêu chí", "count")
    assert has_figure("bỏ phiếu theo ba mức: đạt, chỉnh sửa, không đạt", "count")
