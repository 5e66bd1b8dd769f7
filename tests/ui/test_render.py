from assistant.core.records import Citation
from ui.render import (
    LABELS,
    answer_html,
    citation_card_html,
    contents_html,
    document_html,
    filter_deadlines,
    highlight,
    label,
    section_anchors,
)

HOSTILE = (
    'Giao UBND tỉnh <script>alert(1)</script> xử lý <img src=x onerror=alert(1)> "hạn hán" & nước'
)


def make_citation(**extra) -> Citation:
    values = dict(
        n=1,
        doc_id="abc",
        chunk_id="abc:0001",
        source="/x/notice.txt",
        title="Thông báo kết luận",
        number="1097-KL/TU",
        date="2020-07-03",
        issuer="TỈNH ỦY ĐẮK LẮK",
        doc_type="Kết luận",
        section="I. Nội dung > 2. Nhiệm vụ",
        text="Chỉ đạo các sở, ngành, địa phương phòng, chống hạn hán, cháy rừng.",
        score=0.8,
        start=10,
        end=80,
    )
    values.update(extra)
    return Citation(**values)


def test_highlight_marks_query_phrases_and_skips_function_words():
    html = highlight("Chỉ đạo các sở phòng, chống hạn hán kịp thời", "Ai phải chống hạn hán?")
    assert "<mark>chống hạn hán</mark>" in html
    assert "<mark>các</mark>" not in html and "<mark>Chỉ" not in html


def test_highlight_without_accents_matches_accented_text():
    assert "<mark>hạn hán</mark>" in highlight("phòng chống hạn hán", "han han")


def test_highlight_escapes_hostile_text():
    html = highlight(HOSTILE, "UBND tỉnh hạn hán script img")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "onerror=alert(1)&gt;" in html
    assert "&quot;<mark>hạn hán</mark>&quot; &amp; nước" in html


def test_answer_html_badges_markers_and_escapes():
    html = answer_html("Văn phòng Tỉnh ủy <b>tổng hợp</b> [1].\n- Hạn 08/7/2020 [2]")
    assert '<sup class="cite-marker">[1]</sup>' in html
    assert '<sup class="cite-marker">[2]</sup>' in html
    assert "<b>" not in html and "&lt;b&gt;tổng hợp&lt;/b&gt;" in html
    assert "\n" not in html  # one HTML block: markdown leaves "- " alone
    assert 'class="answer not-found"' in answer_html("Không có", not_found=True)


def test_citation_card_shows_metadata_section_and_escaped_passage():
    card = citation_card_html(make_citation(), "chống hạn hán", "vi")
    assert "[1]" in card
    assert "Số 1097-KL/TU · Kết luận · 03/07/2020 · TỈNH ỦY ĐẮK LẮK" in card
    assert "I. Nội dung &gt; 2. Nhiệm vụ" in card
    assert "<mark>chống hạn hán</mark>" in card

    hostile = citation_card_html(
        make_citation(text=HOSTILE, issuer="<img src=x onerror=alert(2)>", number=""), "", "en"
    )
    assert "<script" not in hostile and "<img" not in hostile
    assert "&lt;img src=x onerror=alert(2)&gt;" in hostile
    assert "No number" in hostile


def test_document_html_anchors_sections_and_marks_cited_span():
    text = "MỞ ĐẦU\nI. Kết quả\nTăng trưởng 3% <script>x</script>\nII. Nhiệm vụ\nGiao UBND tỉnh."
    sections = [(["I. Kết quả"], text.index("Tăng")), (["II. Nhiệm vụ"], text.index("Giao"))]
    anchors = section_anchors(text, sections)
    assert anchors == [
        (text.index("I. Kết quả"), "I. Kết quả"),
        (text.index("II. Nhiệm vụ"), "II. Nhiệm vụ"),
    ]
    start = text.index("Giao")
    html = document_html(text, anchors, (start, len(text)))
    assert '<span id="section-1" class="anchor"></span>II. Nhiệm vụ' in html
    assert '<mark id="cited" class="cited">Giao UBND tỉnh.</mark>' in html
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<a href="#section-0">I. Kết quả</a>' in contents_html(anchors)


def test_document_html_ignores_a_span_outside_the_text():
    assert "cited" not in document_html("ngắn", [], (2, 999))


def test_filter_deadlines_by_range_and_overdue():
    rows = [
        {"deadline": "2020-07-08"},
        {"deadline": "2024-04"},
        {"deadline": ""},
        {"deadline": "2030-01-01"},
    ]
    assert filter_deadlines(rows) == rows
    in_range = filter_deadlines(rows, since="2024-04-15", until="2024-05-01")
    assert in_range == [{"deadline": "2024-04"}]
    overdue = filter_deadlines(rows, overdue_on="2024-04-20")
    assert overdue == [{"deadline": "2020-07-08"}]


def test_every_label_exists_in_both_languages():
    assert set(LABELS["vi"]) == set(LABELS["en"])
    assert label("chat", "vi") == "Hỏi đáp" and label("chat", "en") == "Ask"
