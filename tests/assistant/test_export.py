"""An answer exported with its citations, headers in one language, no paths or ids."""

from __future__ import annotations

import io
from datetime import date

from assistant.answer.export import answer_docx, answer_markdown, cited_citations
from assistant.core.errors import EmptyQuestion, StoreMissing
from assistant.core.i18n import error_message, format_date, text
from assistant.core.records import Answer, Citation


def citation(n: int, **extra) -> Citation:
    values = dict(
        n=n,
        doc_id="0123456789abcdef",
        chunk_id=f"0123456789abcdef:{n:04d}",
        source="/srv/secret/notices/dak-lak.md",
        title="KẾT LUẬN Hội nghị lần thứ 31",
        number="1097-KL/TU",
        date="2020-07-03",
        issuer="TỈNH ỦY ĐẮK LẮK",
        doc_type="Kết luận",
        section="II > 1",
        text=f"Đoạn {n}: thu ngân sách đạt 36,81%; *không* phải markdown.",
        score=0.8,
    )
    values.update(extra)
    return Citation(**values)


ANSWER = Answer(
    question="còn thu ngân sách thì sao?",
    answer="Theo [3]: “thu ngân sách đạt 36,81%” và [1].",
    found=True,
    citations=[citation(1), citation(2), citation(3)],
    understood_as="Thu ngân sách 6 tháng đầu năm 2020 của Đắk Lắk đạt bao nhiêu?",
)


def test_cards_are_the_cited_passages_in_citation_order():
    cited, others = cited_citations(ANSWER)
    assert [c.n for c in cited] == [3, 1]
    assert [c.n for c in others] == [2]


def test_markdown_export_in_each_language_without_paths_or_ids():
    vi = answer_markdown(ANSWER.question, ANSWER, "vi", today=date(2026, 6, 10))
    assert "## Câu hỏi" in vi and "## Nguồn trích dẫn" in vi and "10/06/2026" in vi
    assert "Hiểu là: Thu ngân sách" in vi
    assert "**[3]** Số 1097-KL/TU · Kết luận · 03/07/2020 · TỈNH ỦY ĐẮK LẮK · Mục: II > 1" in vi
    assert vi.index("**[3]**") < vi.index("**[1]**") and "**[2]**" not in vi
    assert "\\*không\\*" in vi  # notice text never becomes markup
    en = answer_markdown(ANSWER.question, ANSWER, "en", today=date(2026, 6, 10))
    assert "## Question" in en and "10 June 2026" in en and "3 July 2020" in en
    assert "Câu hỏi" not in en and "Nguồn" not in en
    for exported in (vi, en):
        assert "/srv/secret" not in exported and "0123456789abcdef" not in exported


def test_docx_export_holds_the_answer_and_its_sources():
    from docx import Document

    document = Document(io.BytesIO(answer_docx(ANSWER.question, ANSWER, "en")))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Answer from the notice assistant" in body
    assert "[3] No. 1097-KL/TU · Kết luận · 3 July 2020" in body
    assert "thu ngân sách đạt 36,81%" in body
    assert "/srv/secret" not in body and "0123456789abcdef" not in body


def test_dates_and_errors_speak_the_page_language():
    assert format_date("2026-06-10", "vi") == "10/06/2026"
    assert format_date("2026-06-10", "en") == "10 June 2026"
    assert format_date("2024-03", "en") == "March 2024" and format_date("", "vi") == ""
    assert error_message(StoreMissing("/srv/store"), "vi") == text("store_missing", "vi")
    assert "/srv/store" not in error_message(StoreMissing("/srv/store"), "vi")
    assert error_message(EmptyQuestion(), "vi") == "Câu hỏi đang trống. Hãy nhập một câu hỏi."
    assert error_message(RuntimeError("boom"), "en") == text("error_generic", "en")


def test_every_string_exists_in_both_languages():
    from assistant.core.i18n import STRINGS

    assert set(STRINGS["vi"]) == set(STRINGS["en"])
    assert all(v.strip() for table in STRINGS.values() for v in table.values())
