"""Every string a user sees, in Vietnamese and English: one table, one language at a time.

The UI language follows the switch in the sidebar; an answer's language follows its question.
Pages, the CLI and exports take their words from here (`text(key, lang)`), so adding a language
or fixing a word happens in one place. Dates are written DD/MM/YYYY in Vietnamese and
"10 June 2026" in English (`format_date`).
"""

from __future__ import annotations

from assistant import errors

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "app_title": "Trợ lý văn bản",
        "chat": "Hỏi đáp",
        "assignments": "Nhiệm vụ được giao",
        "documents": "Văn bản",
        "language": "Ngôn ngữ",
        "ask_placeholder": "Đặt câu hỏi về các thông báo…",
        "new_conversation": "Cuộc hội thoại mới",
        "suggestions": "Gợi ý câu hỏi",
        "thinking": "Đang tìm trong các văn bản…",
        "not_found": "Không tìm thấy câu trả lời trong các văn bản",
        "nearest": "Các đoạn gần nhất",
        "sources": "Nguồn trích dẫn",
        "show_in_document": "Xem trong văn bản",
        "section": "Mục",
        "no_number": "Không số",
        "filters": "Bộ lọc hỏi đáp",
        "doc_type": "Loại văn bản",
        "issuer": "Cơ quan ban hành",
        "date_range": "Khoảng ngày ban hành",
        "filter_documents": "Chỉ các văn bản",
        "all": "Tất cả",
        "status": "Kho dữ liệu",
        "status_documents": "Văn bản",
        "status_chunks": "Đoạn",
        "status_model": "Mô hình",
        "status_last_ingest": "Nạp gần nhất",
        "answer_mode": "Chế độ trả lời",
        "mode_offline": "Ngoại tuyến (trích dẫn)",
        "mode_llm": "Mô hình ngôn ngữ",
        "llm_not_configured": "Chưa cấu hình mô hình ngôn ngữ (ASSISTANT_LLM).",
        "body": "Cơ quan",
        "document": "Văn bản",
        "deadline_range": "Hạn từ … đến",
        "overdue_only": "Chỉ nhiệm vụ quá hạn",
        "download_csv": "Tải CSV",
        "download_xlsx": "Tải Excel",
        "open_source": "Xem",
        "rows": "nhiệm vụ",
        "no_assignments": "Không có nhiệm vụ nào khớp bộ lọc.",
        "col_assignees": "Cơ quan chủ trì",
        "col_supporters": "Phối hợp",
        "col_task": "Nhiệm vụ",
        "col_deadline": "Hạn",
        "col_deadline_text": "Hạn (nguyên văn)",
        "col_number": "Số hiệu",
        "col_date": "Ngày",
        "col_issuer": "Cơ quan ban hành",
        "col_section": "Mục",
        "col_link": "Nguồn",
        "col_title": "Trích yếu",
        "col_type": "Loại",
        "col_chunks": "Số đoạn",
        "col_assignment_count": "Nhiệm vụ",
        "col_file": "Tệp",
        "upload": "Nạp văn bản mới",
        "upload_help": "Các định dạng: {types}; tối đa {mb:g} MB mỗi tệp.",
        "ingest_button": "Nạp vào kho",
        "ingesting": "Đang nạp {name} ({done}/{total})",
        "ingest_done": "Đã nạp xong.",
        "ingest_failed": "Một số tệp không nạp được:",
        "rejected": "Không nhận tệp {name}: {reason}",
        "pick_document": "Chọn văn bản để xem",
        "full_text": "Toàn văn",
        "jump_to_cited": "↓ Đến đoạn được trích dẫn",
        "contents": "Mục lục",
        "delete": "Xóa văn bản này khỏi kho",
        "delete_confirm": "Tôi chắc chắn muốn xóa",
        "deleted": "Đã xóa văn bản.",
        "no_documents": "Kho chưa có văn bản nào. Hãy nạp văn bản ở dưới.",
        "not_in_store": "Văn bản này không còn trong kho.",
        "metadata": "Thông tin văn bản",
        "signer": "Người ký",
        "recipients": "Nơi nhận",
        "place": "Địa danh",
        "understood_as": "Hiểu là: {question}",
        "other_passages": "Đoạn liên quan khác",
        "conversations": "Cuộc hội thoại",
        "untitled": "Cuộc hội thoại chưa đặt tên",
        "rename": "Đổi tên",
        "rename_label": "Tên cuộc hội thoại",
        "save": "Lưu",
        "delete_conversation": "Xóa cuộc hội thoại",
        "no_conversations": "Chưa có cuộc hội thoại nào được lưu.",
        "conversation_missing": "Không tìm thấy cuộc hội thoại này; đã mở cuộc hội thoại mới.",
        "export_md": "Tải Markdown",
        "export_docx": "Tải Word (.docx)",
        "export_question": "Câu hỏi",
        "export_answer": "Trả lời",
        "export_sources": "Nguồn trích dẫn",
        "export_title": "Câu trả lời của Trợ lý văn bản",
        "export_date": "Ngày xuất",
        "feedback_prompt": "Câu trả lời này có đúng không?",
        "feedback_comment": "Góp ý (không bắt buộc)",
        "feedback_send": "Gửi góp ý",
        "feedback_thanks": "Cảm ơn, đã ghi nhận góp ý.",
        "mode_extractive": "trích dẫn",
        "mode_llm_short": "mô hình ngôn ngữ",
        "milliseconds": "{ms} ms",
        "store_missing": "Chưa có kho văn bản. Hãy nạp văn bản ở trang “Văn bản” (hoặc chạy lệnh `python -m ingest`), rồi hỏi lại.",
        "store_model_mismatch": "Kho văn bản được xây bằng một mô hình nhúng khác với mô hình đang cấu hình. Hãy đặt lại ASSISTANT_EMBED_MODEL hoặc nạp lại văn bản vào kho mới.",
        "store_locked": "Một tiến trình khác đang nạp văn bản vào kho. Hãy đợi nó xong rồi thử lại.",
        "store_unreadable": "Không mở được kho văn bản. Hãy kiểm tra quyền truy cập thư mục kho hoặc nạp lại văn bản.",
        "server_unavailable": "Không kết nối được máy chủ Chroma. Hãy khởi động máy chủ hoặc bỏ ASSISTANT_CHROMA_HOST để dùng kho nội bộ.",
        "model_unavailable": "Không tải được mô hình nhúng. Hãy cài mô hình ngoại tuyến hoặc đặt ASSISTANT_EMBED_MODEL.",
        "empty_question": "Câu hỏi đang trống. Hãy nhập một câu hỏi.",
        "config_error": "Cấu hình không hợp lệ (biến môi trường ASSISTANT_*). Hãy sửa giá trị rồi khởi động lại.",
        "llm_error": "Mô hình ngôn ngữ không trả lời được; đây là câu trả lời ngoại tuyến.",
        "error_generic": "Không xử lý được yêu cầu. Hãy thử lại; nếu lỗi còn, báo cho người quản trị.",
    },
    "en": {
        "app_title": "Notice assistant",
        "chat": "Ask",
        "assignments": "Assigned tasks",
        "documents": "Documents",
        "language": "Language",
        "ask_placeholder": "Ask a question about the notices…",
        "new_conversation": "New conversation",
        "suggestions": "Suggested questions",
        "thinking": "Searching the notices…",
        "not_found": "The notices do not answer this",
        "nearest": "Nearest passages",
        "sources": "Sources",
        "show_in_document": "Show in document",
        "section": "Section",
        "no_number": "No number",
        "filters": "Chat filters",
        "doc_type": "Document type",
        "issuer": "Issuing body",
        "date_range": "Issued between",
        "filter_documents": "Only these documents",
        "all": "All",
        "status": "Store",
        "status_documents": "Documents",
        "status_chunks": "Passages",
        "status_model": "Model",
        "status_last_ingest": "Last ingest",
        "answer_mode": "Answer mode",
        "mode_offline": "Offline (extractive)",
        "mode_llm": "Language model",
        "llm_not_configured": "No language model configured (ASSISTANT_LLM).",
        "body": "Body",
        "document": "Document",
        "deadline_range": "Deadline between",
        "overdue_only": "Overdue only",
        "download_csv": "Download CSV",
        "download_xlsx": "Download Excel",
        "open_source": "Open",
        "rows": "tasks",
        "no_assignments": "No task matches the filters.",
        "col_assignees": "Lead body",
        "col_supporters": "Supporting",
        "col_task": "Task",
        "col_deadline": "Deadline",
        "col_deadline_text": "Deadline (as written)",
        "col_number": "Number",
        "col_date": "Date",
        "col_issuer": "Issuer",
        "col_section": "Section",
        "col_link": "Source",
        "col_title": "Title",
        "col_type": "Type",
        "col_chunks": "Passages",
        "col_assignment_count": "Tasks",
        "col_file": "File",
        "upload": "Add notices",
        "upload_help": "Formats: {types}; at most {mb:g} MB per file.",
        "ingest_button": "Ingest",
        "ingesting": "Ingesting {name} ({done}/{total})",
        "ingest_done": "Ingest finished.",
        "ingest_failed": "Some files could not be ingested:",
        "rejected": "File {name} refused: {reason}",
        "pick_document": "Document to read",
        "full_text": "Full text",
        "jump_to_cited": "↓ Jump to the cited passage",
        "contents": "Contents",
        "delete": "Delete this document from the store",
        "delete_confirm": "Yes, delete it",
        "deleted": "Document deleted.",
        "no_documents": "The store holds no documents yet. Add some below.",
        "not_in_store": "This document is no longer in the store.",
        "metadata": "Document details",
        "signer": "Signed by",
        "recipients": "Recipients",
        "place": "Place",
        "understood_as": "Understood as: {question}",
        "other_passages": "Other passages",
        "conversations": "Conversations",
        "untitled": "Untitled conversation",
        "rename": "Rename",
        "rename_label": "Conversation name",
        "save": "Save",
        "delete_conversation": "Delete conversation",
        "no_conversations": "No saved conversations yet.",
        "conversation_missing": "That conversation was not found; a new one was opened.",
        "export_md": "Download Markdown",
        "export_docx": "Download Word (.docx)",
        "export_question": "Question",
        "export_answer": "Answer",
        "export_sources": "Sources",
        "export_title": "Answer from the notice assistant",
        "export_date": "Exported on",
        "feedback_prompt": "Is this answer right?",
        "feedback_comment": "Comment (optional)",
        "feedback_send": "Send feedback",
        "feedback_thanks": "Thank you, your feedback was saved.",
        "mode_extractive": "extractive",
        "mode_llm_short": "language model",
        "milliseconds": "{ms} ms",
        "store_missing": "There is no notice store yet. Add notices on the “Documents” page (or run `python -m ingest`), then ask again.",
        "store_model_mismatch": "The store was built with a different embedding model than the one configured. Set ASSISTANT_EMBED_MODEL back, or ingest into a new store.",
        "store_locked": "Another process is ingesting into the store. Wait for it to finish, then try again.",
        "store_unreadable": "The notice store cannot be opened. Check the store folder's permissions, or ingest again.",
        "server_unavailable": "The Chroma server cannot be reached. Start it, or unset ASSISTANT_CHROMA_HOST to use the embedded store.",
        "model_unavailable": "The embedding model cannot be loaded. Install the offline model or set ASSISTANT_EMBED_MODEL.",
        "empty_question": "The question is empty. Type a question.",
        "config_error": "A setting is invalid (ASSISTANT_* environment variables). Fix the value and restart.",
        "llm_error": "The language model did not answer; this is the offline answer.",
        "error_generic": "The request could not be handled. Try again; if it keeps failing, tell the administrator.",
    },
}


def text(key: str, lang: str, **values) -> str:
    """The string for key in lang (Vietnamese when the language is unknown), formatted."""
    table = STRINGS.get(lang, STRINGS["vi"])
    value = table.get(key) or STRINGS["vi"][key]
    return value.format(**values) if values else value


_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


def format_date(iso: str, lang: str) -> str:
    """ "2026-06-10" -> "10/06/2026" (vi) or "10 June 2026" (en); a month-only date
    "2024-03" -> "03/2024" / "March 2024"; anything else unchanged; "" for nothing."""
    parts = (iso or "").strip()[:10].split("-")
    if not all(p.isdigit() for p in parts) or not parts[0]:
        return iso or ""
    if len(parts) == 3:
        year, month, day = (int(p) for p in parts)
        if lang == "en" and 1 <= month <= 12:
            return f"{day} {_MONTHS_EN[month - 1]} {year}"
        return f"{day:02d}/{month:02d}/{year}"
    if len(parts) == 2:
        year, month = (int(p) for p in parts)
        if lang == "en" and 1 <= month <= 12:
            return f"{_MONTHS_EN[month - 1]} {year}"
        return f"{month:02d}/{year}"
    return parts[0]


# Errors the user can do something about, by class: the message in the page's language.
_ERROR_KEYS = (
    (errors.StoreMissing, "store_missing"),
    (errors.StoreModelMismatch, "store_model_mismatch"),
    (errors.StoreLocked, "store_locked"),
    (errors.StoreUnreadable, "store_unreadable"),
    (errors.ServerUnavailable, "server_unavailable"),
    (errors.ModelUnavailable, "model_unavailable"),
    (errors.EmptyQuestion, "empty_question"),
    (errors.ConfigError, "config_error"),
    (errors.LLMError, "llm_error"),
)


def error_message(exc: BaseException, lang: str) -> str:
    """A user-facing error in lang. English keeps the error's own message (it names the exact
    fix); Vietnamese gets the table's translation, never an English sentence inside."""
    if lang == "en" and isinstance(exc, errors.AssistantError):
        return str(exc)
    for cls, key in _ERROR_KEYS:
        if isinstance(exc, cls):
            return text(key, lang)
    return text("error_generic", lang)
