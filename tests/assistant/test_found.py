"""The found / not-found decision's signals, and the answer types it gates on: a figure of the
asked kind, for the asked period."""

from types import SimpleNamespace

import pytest

from assistant.answer import found
from assistant.answer.answer_types import (
    answers_intent,
    figure_kind,
    has_figure,
    opposite_bound,
    opposite_time_bound,
    periods,
)
from assistant.retrieval.lexical import LexicalQuery


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tỷ lệ giải ngân vốn đầu tư công đạt bao nhiêu phần trăm?", "percent"),
        ("What interest rate applies to the loans?", "percent"),
        ("Tổng kinh phí của đề án là bao nhiêu tỷ đồng?", "money"),
        ("What fine does a procuring entity face?", "money"),
        ("Người lao động được nghỉ thêm bao nhiêu ngày?", "time"),
        ("Bao nhiêu viên chức được chuyển sang Hà Nội?", "count"),
        ("How many people were covered?", "count"),
        ("Tăng trưởng kinh tế quý I đạt bao nhiêu?", ""),
    ],
)
def test_figure_kind(question, kind):
    assert figure_kind(question) == kind


def test_a_figure_of_another_kind_does_not_answer():
    sentence = "Tỷ lệ bao phủ bảo hiểm y tế đạt 95,5% dân số, kinh phí 6.265 tỷ đồng, 13 xã."
    assert has_figure(sentence, "percent") and has_figure(sentence, "money")
    assert has_figure(sentence, "count")  # 13 xã
    assert not has_figure("Tỷ lệ bao phủ đạt 95,5% dân số.", "count")
    assert not has_figure("Tỷ lệ bao phủ đạt 95,5% dân số.", "money")
    assert has_figure("được nghỉ thêm 02 ngày", "time")
    question = "Bao nhiêu người tham gia bảo hiểm y tế?"
    passage = "Số người tham gia bảo hiểm y tế đạt 95,5% dân số."
    assert not answers_intent(question, passage, "how_much", question)
    assert answers_intent(
        question, "Số người tham gia bảo hiểm y tế đạt 93 triệu người.", "how_much", question
    )


def test_english_periods_read_as_the_notices_name_them():
    assert periods("What was GRDP growth for the whole of 2021?") == {"cả năm"}
    assert periods("How many tourists in H1 2021?") == {"6 tháng đầu năm"}
    assert periods("growth in Q2") == {"quý ii"}
    question = "What was Lam Dong's GRDP growth for the whole of 2021?"
    first_half = "6 tháng đầu năm 2021, tổng sản phẩm trong tỉnh (GRDP) tăng 5%."
    assert not answers_intent("GRDP tăng trưởng 2021", first_half, "how_much", question)


def _hit(doc, text, coverage, dense, answers=True):
    chunk = SimpleNamespace(doc_id=doc, text=text)
    return SimpleNamespace(chunk=chunk, coverage=coverage, dense=dense, answers=answers)


def test_signals_read_the_first_passages():
    hits = [
        _hit("a", "phụ cấp ưu đãi theo nghề", 0.6, 0.88),
        _hit("b", "mức phụ cấp", 0.7, 0.84, answers=False),
        _hit("a", "phụ cấp", 0.3, None),
    ]
    weights = {"độc": 9.0, "hại": 8.0, "phụ": 2.0, "cấp": 1.0}
    query = LexicalQuery.of("phụ cấp độc hại")
    sig = found.signals(hits, "vi", query, lambda t: weights.get(t, 0.0))
    assert sig.dense == pytest.approx(0.88)
    assert sig.dense_margin == pytest.approx(0.88 - 0.84)  # the lexical-only hit: the lowest
    assert sig.coverage == pytest.approx(0.6)  # the best passage that answers
    assert sig.answers == 1.0
    assert sig.agree == 0.0  # best by cosine in a, best by coverage in b
    # "độc", "hại" (the rarest of the three rarest terms) are in no passage
    assert sig.rare_missing == pytest.approx(17 / 19)
    assert found.signals([], "en").answers == 0.0


def test_an_english_concept_counts_by_any_of_its_spellings():
    weights = {"khoản": 3.0, "vốn": 6.0, "lãi": 7.0, "suất": 5.0, "lãi_suất": 8.0}
    query = LexicalQuery.concepts([["khoản vốn"], ["lãi suất", "lãi"]])
    present = found.rare_missing(query, ["lãi của khoản vốn"], lambda t: weights.get(t, 0.0))
    assert present == 0.0
    absent = found.rare_missing(query, ["khoản vốn"], lambda t: weights.get(t, 0.0))
    assert absent == pytest.approx(7.0 / 13.0)  # "lãi suất"/"lãi" (7) of 6 + 7


def test_the_decision_needs_a_passage_of_the_answer_type_and_the_model():
    on_topic = [_hit("a", "x", 0.9, 0.9)]
    assert found.is_found(on_topic, "vi")
    assert not found.is_found([_hit("a", "x", 0.9, 0.9, answers=False)], "vi")
    assert not found.is_found([_hit("a", "x", 0.05, 0.78)], "vi")


def test_a_what_question_asking_a_rate_or_a_fine_needs_that_figure():
    from assistant.answer.answer_types import answer_kind

    assert answer_kind("what", "What interest rate applied to the loans?") == "how_much"
    assert answer_kind("what", "What fine does a procuring entity face?") == "how_much"
    assert answer_kind("what", "What does the circular regulate?") == ""
    # a number glued to a letter names an article or a clause
    assert not has_figure("theo quy định tại Điều 9a và khoản 12b")
    assert has_figure("mức hỗ trợ 500.000đ")


def test_a_number_after_an_item_label_names_the_item_it_counts_nothing():
    assert not has_figure("a) Mức 1, không quá 70.000.000 đồng/tháng", "count")
    assert has_figure("a) Mức 1, không quá 70.000.000 đồng/tháng", "money")
    assert has_figure("tăng lên mức 3%", "percent")  # a figure at that level is a figure
    assert has_figure("nhóm 2 gồm 15 người", "count")


def test_a_range_takes_the_unit_of_its_end_and_a_multiple_counts_nothing():
    assert not has_figure("có từ 10 đến dưới 15 năm kinh nghiệm", "count")
    assert has_figure("có từ 10 đến dưới 15 năm kinh nghiệm", "time")
    assert not has_figure("tối đa không quá 1,5 lần so với mức lương theo tháng", "count")
    assert has_figure("từ 10 đến 15 người", "count")


def test_pay_asks_for_money():
    assert figure_kind("Mức lương tối đa của chuyên gia mức 4 là bao nhiêu một tháng?") == "money"
    assert figure_kind("Mức lương hưu tăng bao nhiêu phần trăm?") == "percent"
    assert figure_kind("Hệ số mức lương bao nhiêu?") == ""


def test_a_figure_of_the_opposite_bound_does_not_answer():
    ceiling = "d) Mức 4, không quá 30.000.000 đồng/tháng đối với chuyên gia tư vấn."
    asks_min = "Mức lương tối thiểu của chuyên gia tư vấn mức 4 là bao nhiêu một tháng?"
    asks_max = "Mức lương tối đa của chuyên gia tư vấn mức 4 là bao nhiêu một tháng?"
    query = "mức lương chuyên gia tư vấn mức 4 tháng"
    assert not answers_intent(query, ceiling, "how_much", asks_min)
    assert answers_intent(query, ceiling, "how_much", asks_max)
    assert opposite_bound(ceiling, asks_min) and not opposite_bound(ceiling, asks_max)


def _quoted_hit(text, section=("Điều 5. Kinh phí thực hiện",)):
    doc = SimpleNamespace(
        title="Nghị định quy định mức lương cơ sở",
        number="161/2026/NĐ-CP",
        issuer="Chính phủ",
        doc_type="Nghị định",
        place="Hà Nội",
        date="2026-05-15",
    )
    chunk = SimpleNamespace(doc_id="a", text=text, section=list(section), context=[])
    return SimpleNamespace(chunk=chunk, doc=doc, coverage=0.0, dense=0.8, answers=True)


def _share_of(words):
    def cover(text):
        present = set(text.lower().replace(".", " ").replace(",", " ").split())
        return sum(w in present for w in words) / len(words)

    return cover


def test_the_quoted_sentence_must_hold_the_question_not_just_the_passage():
    # "Tổng kinh phí ... bao nhiêu tiền?": the passage holds "tổng" and "kinh phí" in a sentence
    # without a figure; the sentence with the amount holds neither: the answer it would quote
    # does not speak of the total.
    text = (
        "Mức lương cơ sở là 2.530.000 đồng/tháng. Bộ Tài chính tổng hợp nhu cầu kinh phí còn thiếu."
    )
    question = "Tổng kinh phí tăng lương là bao nhiêu tiền?"
    cover = _share_of(["tổng", "kinh", "phí", "lương"])
    hit = _quoted_hit(text, section=())
    assert cover(text) == 1.0
    assert found.quoted_coverage(hit, cover, "how_much", question) == pytest.approx(0.25)
    # Without an answer type any sentence can be quoted (the notice's title holds "lương").
    assert found.quoted_coverage(hit, cover, "", question) == pytest.approx(1.0)
    # Headings and the notice's context count with the sentence: "Điều 5. Kinh phí thực hiện".
    headed = _quoted_hit(text)
    assert found.quoted_coverage(headed, cover, "how_much", question) == pytest.approx(0.75)
    # A passage with no sentence of the answer type quotes nothing.
    assert found.quoted_coverage(_quoted_hit("Không có số liệu."), cover, "how_much", question) == 0


def test_the_quoted_signals_are_read_from_the_passages_that_answer():
    hits = [_quoted_hit("a b"), _quoted_hit("c d"), _quoted_hit("e f")]
    hits[1].answers = False
    values = {"a b": (0.4, 0.2), "c d": (0.9, 0.0), "e f": (0.6, 0.5)}
    sig = found.signals(hits, "vi", quoted=lambda hit: values[hit.chunk.text])
    assert sig.quoted == pytest.approx(0.6)  # "c d" holds no answer type
    assert sig.quoted_missing == pytest.approx(0.2)
    assert found.signals(hits, "vi").quoted == 0.0


def test_the_rarest_terms_must_be_in_what_the_answer_quotes():
    # "tổng" (total) is in the passage's last sentence, not in the one with the amount.
    hit = _quoted_hit(
        "Mức lương cơ sở là 2.530.000 đồng/tháng. Bộ Tài chính tổng hợp nhu cầu.", section=()
    )
    weights = {"tổng": 9.0, "lương": 2.0, "cơ": 1.0, "sở": 1.0}
    lexical = SimpleNamespace(
        coverage=lambda query, text: 0.5, weight=lambda term: weights.get(term, 0.0)
    )
    analysis = SimpleNamespace(text="Tổng lương cơ sở bao nhiêu tiền?", intent="how_much", asks="")
    query = LexicalQuery.of("tổng lương cơ sở")
    covered, missing = found.quoted_of(analysis, lexical, query)(hit)
    assert covered == 0.5
    assert missing == pytest.approx(9 / 12)  # "tổng" missing: 9 of the 3 rarest terms' 12


@pytest.mark.parametrize(
    ("sentence", "question", "opposite"),
    [
        # Asked until when; the sentence dates only a start.
        (
            "Từ ngày 01 tháng 7 năm 2026, mức lương cơ sở là 2.530.000 đồng/tháng.",
            "Mức lương cơ sở được áp dụng đến hết ngày nào?",
            True,
        ),
        (
            "Từ ngày 01 tháng 7 năm 2026, mức lương cơ sở là 2.530.000 đồng/tháng.",
            "Until when does the base salary apply?",
            True,
        ),
        (
            "Từ ngày 01 tháng 7 năm 2026, mức lương cơ sở là 2.530.000 đồng/tháng.",
            "muc luong co so ap dung den khi nao",
            True,
        ),
        # Asked from when; the sentence dates only an end ("tư" of "Thông tư" is no "từ").
        ("Thông tư này có hiệu lực đến ngày 31/12/2026.", "Thông tư áp dụng từ ngày nào?", True),
        # Same end, or a question that asks no end: not opposite.
        (
            "Từ ngày 01 tháng 7 năm 2026, mức lương cơ sở là 2.530.000 đồng/tháng.",
            "Từ ngày nào mức lương cơ sở là 2.530.000 đồng?",
            False,
        ),
        ("Chế độ này được thực hiện đến hết ngày 31/12/2027.", "Áp dụng đến hết ngày nào?", False),
        ("Hoàn thành trước ngày 30/6/2026.", "Khi nào phải hoàn thành?", False),
        (
            "Thông tư này có hiệu lực thi hành kể từ ngày 20 tháng 02 năm 2026.",
            "thong tu co hieu luc tu ngay nao",
            False,
        ),
    ],
)
def test_a_date_of_the_other_end_of_a_period_does_not_answer(sentence, question, opposite):
    assert opposite_time_bound(sentence, question) is opposite
    if opposite:
        assert not answers_intent(question, sentence, "when", question)


def test_the_time_bound_check_can_be_switched_off(monkeypatch):
    from assistant.answer import answer_types

    sentence = "Từ ngày 01 tháng 7 năm 2026, mức lương cơ sở là 2.530.000 đồng/tháng."
    question = "Mức lương cơ sở được áp dụng đến hết ngày nào?"
    monkeypatch.setattr(answer_types, "OPPOSITE_TIME_BOUND", False)
    assert answers_intent(question, sentence, "when", question)


def test_what_a_passage_negates_or_excepts_is_not_what_it_affirms():
    leaders = "Công chức giữ chức vụ lãnh đạo phải chuyển đổi vị trí sau bao nhiêu năm?"
    rule = "Áp dụng đối với công chức không giữ chức vụ lãnh đạo, quản lý trong lĩnh vực đầu tư."
    assert "lãnh đạo" not in found.affirmed(rule, leaders)
    assert "quản lý trong lĩnh vực đầu tư" in found.affirmed(rule, leaders)
    costs = "tối đa 1,28% dự toán chi bảo hiểm xã hội (trừ số chi đóng bảo hiểm y tế) được trích"
    assert "y tế" not in found.affirmed(costs, "What is the cap on health insurance costs?")
    # A question that negates asks about that scope; bounds are not negations.
    assert found.affirmed(rule, "cong chuc khong giu chuc vu lanh dao") == rule
    cap = "Chi hỗ trợ không quá 10 triệu đồng/người; ngành hàng không được miễn."
    assert found.affirmed(cap, "bao nhiêu tiền?") == cap


def test_the_decision_reads_the_coverage_of_what_the_passage_affirms():
    hits = [_quoted_hit("a"), _quoted_hit("b")]
    hits[0].coverage, hits[1].coverage = 0.9, 0.5
    sig = found.signals(hits, "vi", affirm=lambda hit: {"a": 0.5, "b": 1.0}[hit.chunk.text])
    assert sig.coverage == pytest.approx(0.5)  # "a" affirms half of what it holds
    assert found.signals(hits, "vi").coverage == pytest.approx(0.9)


def test_the_years_asked_must_be_in_what_the_answer_quotes():
    # The rate is for 2026; 2028 is a task's deadline in another sentence of the passage.
    hit = _quoted_hit(
        "Đến năm 2026 tỷ lệ bao phủ bảo hiểm y tế đạt 95,5% dân số. "
        "Xây dựng nghị quyết, hoàn thành trong năm 2028.",
        section=(),
    )
    question = "Tỷ lệ bao phủ bảo hiểm y tế năm 2028 đạt bao nhiêu phần trăm?"
    assert not found.quote_names_years(hit, ["2028"], "how_much", question)
    assert found.quote_names_years(hit, ["2026"], "how_much", question)
    # Without an answer type any sentence may be quoted; no year asked: nothing to hold.
    assert found.quote_names_years(hit, ["2028"], "", question)
    assert found.quote_names_years(hit, [], "how_much", question)
