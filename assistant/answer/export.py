"""An answer with its citations as Markdown or as a Word document, headers in one language.

What the reader downloads names each source by its number, date, issuer and section (the short
document reference), never a server path or an internal id.
"""

from __future__ import annotations

import io
import re
from datetime import date

from assistant.core.i18n import format_date, text
from assistant.core.records import Answer, Citation

_MARKER = re.compile(r"\[(\d{1,3})\]")


def cited_numbers(answer: Answer) -> list[int]:
    """The [n] an answer cites, in the order it first cites them."""
    known = {c.n for c in answer.citations}
    return list(dict.fromkeys(n for n in map(int, _MARKER.findall(answer.answer)) if n in known))


def cited_citations(answer: Answer) -> tuple[list[Citation], list[Citation]]:
    """(the passages the answer cites, in citation order; the other retrieved passages)."""
    by_n = {c.n: c for c in answer.citations}
    cited = [by_n[n] for n in cited_numbers(answer)]
    return cited, [c for c in answer.citations if c not in cited]


def source_line(citation: Citation, lang: str) -> str:
    """ "Số 1097-KL/TU · Kết luận · 03/07/2020 · TỈNH ỦY ĐẮK LẮK · Mục: II > 1" """
    parts = []
    if citation.number:
        parts.append(f"Số {citation.number}" if lang == "vi" else f"No. {citation.number}")
    else:
        parts.append(text("no_number", lang))
    parts += [citation.doc_type, format_date(citation.date, lang), citation.issuer]
    if citation.section:
        parts.append(f"{text('section', lang)}: {citation.section}")
    return " · ".join(p for p in parts if p)


def answer_markdown(question: str, answer: Answer, lang: str, today: date | None = None) -> str:
    today = today or date.today()
    cited, _ = cited_citations(answer)
    lines = [
        f"# {text('export_title', lang)}",
        "",
        f"*{text('export_date', lang)}: {format_date(today.isoformat(), lang)}*",
        "",
        f"## {text('export_question', lang)}",
        "",
        _escape(question),
        "",
    ]
    if answer.understood_as:
        lines += [f"*{text('understood_as', lang, question=_escape(answer.understood_as))}*", ""]
    lines += [f"## {text('export_answer', lang)}", ""]
    lines += [_escape(line) + "  " for line in answer.answer.splitlines()]
    lines += ["", f"## {text('export_sources', lang)}", ""]
    for c in cited or answer.citations:
        lines.append(f"**[{c.n}]** {_escape(source_line(c, lang))}")
        if c.title:
            lines.append(f"*{_escape(c.title)}*")
        lines += ["", *(f"> {_escape(line)}" for line in c.text.splitlines() if line.strip()), ""]
    return "\n".join(lines).rstrip() + "\n"


def answer_docx(question: str, answer: Answer, lang: str, today: date | None = None) -> bytes:
    from docx import Document

    today = today or date.today()
    cited, _ = cited_citations(answer)
    document = Document()
    document.add_heading(text("export_title", lang), level=1)
    document.add_paragraph(f"{text('export_date', lang)}: {format_date(today.isoformat(), lang)}")
    document.add_heading(text("export_question", lang), level=2)
    document.add_paragraph(question)
    if answer.understood_as:
        document.add_paragraph(text("understood_as", lang, question=answer.understood_as))
    document.add_heading(text("export_answer", lang), level=2)
    for line in answer.answer.splitlines():
        document.add_paragraph(line)
    document.add_heading(text("export_sources", lang), level=2)
    for c in cited or answer.citations:
        head = document.add_paragraph()
        head.add_run(f"[{c.n}] ").bold = True
        head.add_run(source_line(c, lang))
        if c.title:
            document.add_paragraph(c.title).runs[0].italic = True
        document.add_paragraph(c.text, style="Quote")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _escape(line: str) -> str:
    """Notice text in Markdown: characters that would start markup are escaped."""
    escaped = re.sub(r"([\\`*_{}\[\]<#|])", r"\\\1", line)
    # ">" only quotes at the start of a line.
    return "\\" + escaped if escaped.startswith(">") else escaped
