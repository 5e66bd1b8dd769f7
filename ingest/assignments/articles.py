"""Which articles, chapters and lists hand out work: a regulation's work articles and chapters, and
the headings and intros whose items are rules, powers, procedures or descriptions instead."""

from __future__ import annotations

import re

from assistant.core.records import Assignment, Block, Notice
from assistant.core.text import sentence_spans
from ingest import markers
from ingest.assignments.kinds import _BOILERPLATE_RE
from ingest.assignments.subjects import body_phrase_end, parse_subject
from ingest.assignments.triggers import _ENACTING_RE, _PASSIVE_DELEGATION_RE

# A text divided into chapters, a decree or a circular is a regulation: it hands out work in its
# "Tổ chức thực hiện" chapter or articles, its "Trách nhiệm của ..." / "Nhiệm vụ ... của ..."
# articles and its closing articles; what its other articles say a body does ("Chủ tịch Ủy ban
# nhân dân cấp tỉnh quyết định công nhận ...", "Ban tổ chức Hội thi thành lập các tiểu ban ...",
# "Ban giám sát gồm ...": unlabelled TT 22/2022-BLĐTBXH, NĐ 150/2026) is a rule applied case by
# case, not an assignment. Calibrated on the tune half: in its three chaptered texts (NĐ
# 162/2026, QĐ 08/2022, QĐ 28/2021; 43 labels) every label sits in such an article or chapter.
_CHAPTER_RE = re.compile(r"^Chương\s+[IVXLC\d]+\b")
_WORK_ARTICLE_RE = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*)(?:Tổ chức (?:thực hiện|thi hành)|"
    # whose duties ("Trách nhiệm của Bộ Công an"), not a duty per case ("Trách nhiệm sử dụng
    # thẻ", "Trách nhiệm đề nghị hủy ..."), as the label rules have it
    r"Trách nhiệm (?:của|thi hành|thực hiện|tổ chức)|Nhiệm vụ(?:,? (?:và )?quyền hạn)? của|"
    # "Trách nhiệm quản lý lao động của người sử dụng lao động": a field, then whose
    r"Trách nhiệm(?! phối hợp)(?:\s+[^\W\d_]+){1,4}\s+của\s|"
    # "Thẩm quyền và trách nhiệm của Bộ trưởng Bộ Nội vụ": an authority's powers and duties
    # together (NĐ 121/2026/NĐ-CP, thirteenth-round tune doc); its powers are dropped per item
    # by ``_a_power_among_duties``
    r"(?:Thẩm quyền|Quyền hạn)(?:,| và) (?:trách nhiệm|nhiệm vụ) của\s|"
    r"Hiệu lực|Điều khoản thi hành|Thi hành)",
    re.IGNORECASE,
)
# The chapter's title opens with it: "Chương VII TỔ CHỨC THỰC HIỆN", "Chương IV TRÁCH NHIỆM CỦA
# ...", "Chương V ĐIỀU KHOẢN THI HÀNH" (not "Chương II CƠ QUAN THI HÀNH ÁN DÂN SỰ").
_WORK_CHAPTER_RE = re.compile(
    r"^Chương\s+\S+\s+(?:TỔ CHỨC THỰC HIỆN|TỔ CHỨC THI HÀNH|TRÁCH NHIỆM|ĐIỀU KHOẢN THI HÀNH|"
    r"THI HÀNH|"
    # "Chương III THẨM QUYỀN VÀ TRÁCH NHIỆM" (NĐ 121/2026/NĐ-CP): powers and duties together; the
    # powers are dropped per article ("Điều 18. Thẩm quyền của Thủ tướng Chính phủ") and per item
    r"(?:THẨM QUYỀN|QUYỀN HẠN)(?:,| VÀ) (?:TRÁCH NHIỆM|NHIỆM VỤ))"
)
# A clause of another article that gives a party duties: "3. Trách nhiệm của tổ chức, cá nhân sản
# xuất, kinh doanh sản phẩm, dịch vụ Halal:" inside "Điều 15. Dấu chứng nhận Halal" (NĐ
# 127/2026/NĐ-CP, ninth-round tune doc), as the label rules have it for "Trách nhiệm của ..."
# articles.
_DUTY_CLAUSE_RE = re.compile(r"^(?:\d{1,2}\.|[a-zđ]\))\s*Trách nhiệm\s+của\s+\S", re.IGNORECASE)
# An article of a party's rights and duties ("Điều 4. Quyền, trách nhiệm của cơ quan, tổ chức,
# doanh nghiệp ...": TT 27/2022/TT-BLĐTBXH, eleventh-round tune doc) hands out work only in its
# clause that gives the duties in so many words ("2. ... có trách nhiệm sau:"); its rights
# ("Yêu cầu ... cung cấp thông tin", "Khởi kiện ...") are not work. A "có trách nhiệm:" clause in
# any other article is a per-case rule, as the label rules have it.
_RIGHTS_AND_DUTIES_ARTICLE_RE = re.compile(
    r"^Điều\s+\d+[a-zđ]?\s*[.:]\s*Quyền(?:,| và) trách nhiệm của\s", re.IGNORECASE
)
_DUTIES_CLAUSE_RE = re.compile(
    r"^(?:\d{1,2}\.|[a-zđ]\))\s*[^:;.]{3,200}?\s+có (?:các |những )?trách nhiệm"
    r"(?:\s+(?:như\s+)?sau(?:\s+đây)?)?\s*:\s*$"
)
# A delegation to write the detailed rules is work wherever it is written: "Bộ trưởng Bộ Tư pháp
# quy định chi tiết ...", "Bộ Tài chính hướng dẫn ...".
_DELEGATION_RE = re.compile(r"^(?:quy định chi tiết|hướng dẫn)\b", re.IGNORECASE)
# So are the rules a code leaves to an authority of the state: "Chính phủ quy định trình tự, thủ
# tục ...", "Chính phủ quy định về lao động là người giúp việc gia đình", "Bộ trưởng Bộ X ban hành
# danh mục nghề ..." (NQ 45/2019/QH14, the Labour Code, tune half); not "quy định tại ..." (a
# reference), and not a party's own rules ("Người sử dụng lao động quy định lịch nghỉ hằng năm":
# conduct, the same code).
# Standing work a code gives an authority of the state in a clause of its own (the label rules'
# "Thủ tướng Chính phủ thành lập Hội đồng ...", "Chính phủ quyết định Chương trình quốc gia ...",
# "Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân ...": NQ 45/2019/QH14, tune half): setting up
# a council, deciding a programme or strategy, submitting one to an elected body; not the per-case
# "quyết định công nhận ...", "trình hồ sơ ...".
_AUTHORITY_DELEGATION_RE = re.compile(
    r"^(?:quy định(?! tại\b)|"
    r"ban hành (?:danh mục|quy định|quy chế|tiêu chuẩn|quy chuẩn|định mức)|"
    # a national council, not one per case ("thành lập Hội đồng xác minh để kết luận ...")
    r"thành lập (?:Hội đồng|Ban|Ủy ban|Quỹ)[^.;,]{0,60}?\bquốc gia\b|"
    r"quyết định (?:chương trình|chiến lược|quy hoạch|kế hoạch)|"
    r"trình (?:Quốc hội|Hội đồng nhân dân|Chính phủ|Thủ tướng)\b[^.;]{0,40}?"
    r"(?:quyết định|ban hành|phê duyệt) (?:chương trình|chiến lược|quy hoạch|kế hoạch))",
    re.IGNORECASE,
)
_STATE_AUTHORITY_RE = re.compile(
    r"^(?:Chính phủ|Thủ tướng|Bộ trưởng|Bộ\s|Thủ trưởng cơ quan ngang bộ|Ủy ban nhân dân|"
    r"Hội đồng nhân dân|Thống đốc|Tổng Kiểm toán|Chánh án|Viện trưởng)"
)


# A decree or a circular is a regulation with or without chapters.
_REGULATION_TYPES = frozenset({"Nghị định", "Thông tư", "Thông tư liên tịch"})
_ARTICLE_RE = re.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]")


# A named ministry handed work in a policy article: "1. Bộ Khoa học và Công nghệ chủ trì, phối
# hợp với Bộ Ngoại giao thực hiện ký kết ...", "2. Bộ Công Thương có trách nhiệm:" then its items
# (NĐ 127/2026/NĐ-CP's "Chính sách ..." articles, ninth-round tune doc): "chủ trì" and "có trách
# nhiệm" give standing work to a ministry named by its name, not a rule applied per case by a
# generic authority ("cơ quan có thẩm quyền quyết định ...").
_NAMED_MINISTRY_RE = re.compile(r"^(?:Bộ trưởng\s+)?Bộ\s+[A-ZĐ]|^Ngân hàng Nhà nước\b")
_DIRECTED_RE = re.compile(r"có trách nhiệm\s*:?\s*$")


def _directed_to_ministry(record: Assignment, text: str) -> bool:
    if not record.assignees_text or not all(
        _NAMED_MINISTRY_RE.match(name) for name in record.assignees_text
    ):
        return False
    if record.task.lstrip().lower().startswith("chủ trì"):
        return True
    line_start = text.rfind("\n", 0, record.start) + 1
    if _DIRECTED_RE.search(text, line_start, record.start):
        return True
    return bool(record.section) and bool(_DIRECTED_RE.search(record.section[-1]))


def _a_rule_of_the_regulation(record: Assignment, doc_type: str, text: str = "") -> bool:
    section = record.section
    if not section:
        return False
    chaptered = bool(_CHAPTER_RE.match(section[0]))
    in_article = any(_ARTICLE_RE.match(h) for h in section)
    if not chaptered and not (doc_type in _REGULATION_TYPES and in_article):
        return False
    if _WORK_CHAPTER_RE.match(section[0]) or any(
        _WORK_ARTICLE_RE.match(h) or _DUTY_CLAUSE_RE.match(h) for h in section
    ):
        return False
    if text and any(_RIGHTS_AND_DUTIES_ARTICLE_RE.match(h) for h in section):
        if any(_DUTIES_CLAUSE_RE.match(_full_heading(text, h, record.start)) for h in section):
            return False
    # "Điều 3. Chánh Văn phòng Bộ, ... chịu trách nhiệm thi hành Thông tư này": the closing
    # clause written as an article of its own
    if any(_ARTICLE_RE.match(h) and _BOILERPLATE_RE.search(h) for h in section):
        return False
    # ... or as the last item of another article ("Điều 3. Điều khoản chuyển tiếp" > "4. Bộ
    # trưởng, ... chịu trách nhiệm thi hành Nghị định này.": NĐ 372/2025/NĐ-CP, twelfth-round
    # tune doc): the closing clause wherever it stands
    if _BOILERPLATE_RE.match(record.task.strip()):
        return False
    task = record.task.strip()
    if _DELEGATION_RE.match(task):
        return False
    authority = bool(record.assignees) and all(
        _STATE_AUTHORITY_RE.match(name) for name in record.assignees
    )
    if authority and (_AUTHORITY_DELEGATION_RE.match(task) or _PASSIVE_DELEGATION_RE.match(task)):
        return False
    return not (text and _directed_to_ministry(record, text))


# An article or chapter that gives an authority its powers and its duties together ("Điều 20.
# Thẩm quyền và trách nhiệm của Bộ trưởng, Thủ trưởng cơ quan ngang bộ", "Chương III THẨM QUYỀN VÀ
# TRÁCH NHIỆM": NĐ 121/2026/NĐ-CP, thirteenth-round tune doc): who decides each case ("2. Quyết
# định thành lập, tổ chức lại, giải thể tổ chức hành chính ... hoặc phân cấp cho Cục trưởng ...",
# "Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp quyết định thành lập ...") is a power,
# as a "Thẩm quyền" article is; what it must draft, report or submit is work. Deciding a
# programme or plan stays work, as ``_AUTHORITY_DELEGATION_RE`` has it.
_POWERS_AND_DUTIES_RE = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*|Chương\s+\S+\s+)(?:Thẩm quyền|Quyền hạn)(?:,| và) "
    r"(?:trách nhiệm|nhiệm vụ)\b",
    re.IGNORECASE,
)
# The decision may follow the clause's own subject or condition: "Trường hợp pháp luật quy định
# ... thì Ủy ban nhân dân cấp tỉnh trình Thủ tướng Chính phủ quyết định." Not a decision that is
# only the purpose of other work ("tổng hợp ... để trình cấp có thẩm quyền quyết định").
_DECIDES_CASE_RE = re.compile(
    r"(?<!\bđể )(?<!\bđể\s)\b(?:trình\s+[^.;]{3,80}?\s+)?(?:quyết định|phân cấp)\s+"
    r"(?!(?:chương trình|chiến lược|quy hoạch|kế hoạch)\b)",
    re.IGNORECASE,
)
_PURPOSE_RE = re.compile(r"\bđể\s+(?:[^.;]{0,80}?\s)?(?:trình|quyết định)\b", re.IGNORECASE)


def _a_power_among_duties(record: Assignment) -> bool:
    """Whether a record under a powers-and-duties heading is one of the powers."""
    if not any(_POWERS_AND_DUTIES_RE.match(heading) for heading in record.section):
        return False
    spans = sentence_spans(record.task.strip())
    first = record.task.strip()[slice(*spans[0])] if spans else record.task
    return bool(_DECIDES_CASE_RE.search(first)) and not _PURPOSE_RE.search(first)


# A list intro whose items describe something rather than hand out work: "Phương án ... phải
# gắn với ..., theo hướng:", a committee "gồm các thành viên sau đây:".
_ELABORATION_RE = re.compile(
    r"(?:theo hướng|gồm|bao gồm|gồm các thành viên sau(?: đây)?|gồm những nội dung sau)\s*:\s*$",
    re.IGNORECASE,
)
# A list of situations, not of work: "... trong các trường hợp sau đây:" then "d) Người lao
# động cung cấp không trung thực thông tin ...".
_CONDITIONS_RE = re.compile(r"trường hợp(?: sau(?: đây)?)?\s*:\s*$", re.IGNORECASE)


def _only_bodies(text: str) -> bool:
    """A line that only names bodies ("- Bộ trưởng Bộ Quốc phòng;"): a member list entry."""
    text = text.rstrip(" ;,.")
    return body_phrase_end(text, 0) >= len(text) and bool(parse_subject(text))


# "Điều 3. Quyền hạn của Ban Chỉ đạo": powers, not duties ("Nhiệm vụ, quyền hạn" are duties).
# "Điều 7. Thẩm quyền công nhận và khen thưởng ...": who may decide is a power as well.
# "Điều 19. Thẩm quyền và trách nhiệm của Bộ trưởng Bộ Nội vụ" gives duties as well: a work
# article (``_WORK_ARTICLE_RE``), not a list of powers.
_POWERS_RE = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*)?(?:Quyền hạn|Thẩm quyền)\b"
    r"(?!(?:,| và) (?:trách nhiệm|nhiệm vụ)\b)",
    re.IGNORECASE,
)
# "1. Cơ quan, tổ chức, doanh nghiệp ... có quyền sau:": an intro of powers (TT
# 27/2022/TT-BLĐTBXH, eleventh-round tune doc), as a "Quyền hạn" title is.
_POWERS_INTRO_RE = re.compile(
    r"\bcó (?:các |những )?quyền(?: hạn)?(?:\s+(?:như\s+)?sau(?:\s+đây)?)?\s*:\s*$", re.IGNORECASE
)
# "Điều 7. Trình tự, thủ tục thực hiện", "Điều 6. Hồ sơ đề nghị hỗ trợ": the steps of an
# administrative procedure ("Trong 02 ngày làm việc ..., Ủy ban nhân dân cấp huyện thẩm định")
# recur for every application; they are rules, not work handed out.
# "I. NGUYÊN TẮC, YÊU CẦU ...", "1. Mục tiêu tổng quát": principles and objectives, not work, even
# under an intro that hands work out ("Thủ tướng Chính phủ yêu cầu ... các nhiệm vụ sau đây:").
_PRINCIPLES_RE = re.compile(
    r"^(?:[IVXLC]{1,7}\.\s*|\d{1,2}\.\s*)?(?:NGUYÊN TẮC|MỤC ĐÍCH|MỤC TIÊU|QUAN ĐIỂM|YÊU CẦU|"
    r"Nguyên tắc|Mục đích|Mục tiêu|Quan điểm)\b"
)
# "tại Phiên họp Chính phủ, các Bộ đã có báo cáo Chính phủ như sau:": the items record reports
# made at the meeting, they hand out no work.
_REPORTED_RE = re.compile(r"\bđã\s+(?:có\s+)?(?:báo cáo|trình bày|thảo luận)\b[^:]*:\s*$")
# "Điều 5. Xử lý vướng mắc đối với dự án ...", "Điều 7. Xử lý vi phạm": what the competent body
# does in each case the article lists is a rule applied per case, like a procedure's steps.
# An appendix that rewrites procedures heads them with a part or list marker instead ("Phần 5.
# Trình tự, thủ tục đình chỉ hành nghề ...", "4. Trình tự thực hiện:", "3. Thời gian giải quyết":
# the parts of the administrative procedure template; NQ 21 and 22/2026/NQ-CP, tune half).
_PROCEDURE_RE = re.compile(
    r"^(?:(?:Điều\s+\d+[a-zđ]?|Phần\s+(?:\d+|[IVXLC]+)|[IVXLC]{1,7}|\d{1,2}|[a-zđ])\s*[.:)]\s*)?"
    r"(?:Trình tự|Thủ tục|Hồ sơ|Thành phần(?:, số lượng)? hồ sơ|"
    r"Thời (?:gian|hạn) (?:giải quyết|thực hiện thủ tục)|"
    r"Cách thức thực hiện|Xử lý (?:vướng mắc|vi phạm))\b",
    re.IGNORECASE,
)


# "Trong thời hạn 07 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, cơ quan có thẩm quyền thẩm
# định ...", "Trường hợp hồ sơ chưa đạt yêu cầu, ...": a procedure's step wherever it is written
# (an appendix of procedures has no "Trình tự, thủ tục" article above it).
# "Trong thời hạn 05 ngày làm việc, cơ quan tiếp nhận yêu cầu ... có trách nhiệm chuyển ..."
# (NQ 45/2019/QH14, tune half): working days are counted from each case even when the text does
# not say from when.
_PER_APPLICATION_RE = re.compile(
    r"(?:Trong (?:thời hạn|thời gian|vòng) \d+ ngày(?: làm việc)?,? kể từ (?:ngày|khi|thời điểm)|"
    r"Trong (?:thời hạn|thời gian|vòng) \d+ ngày làm việc,|"
    # a step inside the period a procedure counts per case: "... thì thời hạn nêu tại khoản 2
    # Điều này là 60 ngày." + "Trong thời gian này, Bộ Tư pháp chủ trì, phối hợp với ... xem xét
    # đề nghị ..." (NĐ 158/2026/NĐ-CP, tune half)
    r"Trong (?:thời hạn|thời gian) (?:này|nêu trên|trên|đó),|"
    r"Trường hợp hồ sơ\b)",
    re.IGNORECASE,
)


# "Điều 4. Đối tượng được hỗ trợ", "Điều 1. Phạm vi điều chỉnh", "Điều 3. Giải thích từ ngữ":
# who a text covers and what its words mean; the bodies named there are given no work.
_SCOPE_RE = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*)(?:Đối tượng|Phạm vi|Giải thích từ ngữ)\b", re.IGNORECASE
)


# "Điều 4. Sửa đổi, bổ sung khoản 1 Điều 9" then the new wording in quotes: the rules an amending
# text writes into another regulation (who approves, who sends what in each case), not work it
# hands out; its own duties sit in its "Trách nhiệm ..." and closing articles.
_AMENDMENT_RE = re.compile(
    r"^Điều\s+\d+[a-zđ]?\s*[.:]\s*(?:Sửa đổi|Bổ sung|Bãi bỏ|Thay thế|Thay đổi)\b", re.IGNORECASE
)


# "Phụ lục I.7 CẮT GIẢM, PHÂN CẤP, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH THUỘC LĨNH VỰC ...", "Điều 3.
# Cắt giảm, ... thủ tục hành chính ...": an appendix or article that rewrites administrative
# procedures (who receives and sorts each file) writes rules, as the label rules have it for a
# resolution's appendices of amended procedures (NQ 22/2026, tune half). Only an appendix's or an
# article's title: a directive's task group "3. Đẩy mạnh cắt giảm thủ tục hành chính" hands out
# work.
# Its parts may carry the title too: "Phần 1 PHÂN CẤP THỦ TỤC HÀNH CHÍNH LĨNH VỰC HÀNG HẢI ...",
# "Mục 2.1 CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH ..." (NQ 24/2026/NQ-CP, tune half).
_PROCEDURE_REWRITE_RE = re.compile(
    r"^(?:Phụ lục\s+\S+|Điều\s+\d+[a-zđ]?\s*[.:]|(?:Phần|Mục)\s+[\dIVXLC]+(?:\.\d+)*\.?)\s*"
    r"(?:cắt giảm|phân cấp|đơn giản hóa|đơn giản hoá)[^.:;]{0,40}"
    # or business conditions: "Phụ lục II CẮT GIẢM ĐIỀU KIỆN KINH DOANH ..." (NQ 19/2026/NQ-CP)
    r"(?:thủ tục hành chính|điều kiện kinh doanh)",
    re.IGNORECASE,
)


# "3. Chủ tịch Ủy ban nhân dân cấp tỉnh tổ chức triển khai thủ tục hành chính này từ ngày 01
# tháng 8 năm 2026. Bộ ... hướng dẫn ...": the last item of a "Trình tự, thủ tục thực hiện:" list
# (or of an appendix that rewrites procedures) that starts the procedure on a calendar date is
# one-off work, not a step that recurs per
# application (those count days from each file). A date after "từ/trước/đến/kể từ ngày", not a
# cited text's date ("Nghị định số 06/2022/NĐ-CP ngày 07 tháng 01 năm 2022"). From the new tune
# doc NQ 17/2026/NQ-CP.
_CALENDAR_DATE_RE = re.compile(
    r"\b(?:từ|trước|đến|kể từ)\s+ngày\s+\d{1,2}(?:/|\s+tháng\s+)\d{1,2}(?:/|\s+năm\s+)\d{4}",
    re.IGNORECASE,
)


# "Phụ lục 12.7 BÁO CÁO THẨM ĐỊNH TÀI LIỆU DỰ ÁN", "Phụ lục 12.1 TÊN CƠ QUAN/TỔ CHỨC CỘNG HÒA XÃ
# HỘI ...": a form printed as a numbered sub-appendix; what its text says members or bodies do
# is the form's content, not work this text hands out (new tune doc NQ 17/2026/NQ-CP). Only a
# dotted number and a form's title: "Phụ lục II DANH MỤC NHIỆM VỤ" is a task list.
_FORM_APPENDIX_RE = re.compile(
    r"^(?:Phụ lục|Mẫu(?: số)?)\s+\d+\.\d+[a-z]?\.?\s+(?:TÊN CƠ QUAN|CỘNG HÒA|BÁO CÁO|ĐƠN|"
    r"TỜ KHAI|MẪU|GIẤY|BIÊN BẢN|THÔNG BÁO|QUYẾT ĐỊNH|PHIẾU)"
    # a form under its number whose heading holds the issuer's box and the national motto:
    # "Mẫu số 02 SỞ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Mẫu số 07 (TÊN DOANH NGHIỆP)
    # CỘNG HÒA ..." (NQ 24/2026/NQ-CP's appendices, tune half): what the form says a body does is
    # the form's wording
    r"|^Mẫu(?: số)?\s+\d+[a-zđ]?\.?\s+.{0,80}?CỘNG HÒA XÃ HỘI CHỦ NGHĨA"
    # an appendix whose title says it holds forms, worked examples or cost norms: "Phụ lục II
    # MẪU BIỂU BÁO CÁO ĐỊNH KỲ CỦA BẢO HIỂM XÃ HỘI VIỆT NAM" (the report's rows are its lines),
    # "Phụ lục I VÍ DỤ VỀ XÁC ĐỊNH KỲ HẠN ..." (what a body does in the example), "Phụ lục I ĐỊNH
    # MỨC KHOÁN CHI CHO TỪNG NHIỆM VỤ ..." (who is paid for what: funding rules). From the ninth
    # round's tune documents NĐ 212/2025/NĐ-CP and TT 26/2026/TT-BNNMT; a task appendix is titled
    # by its tasks ("DANH MỤC NHIỆM VỤ", "NHIỆM VỤ CỦA CÁC BỘ ...")
    r"|^Phụ lục(?:\s+(?:số\s+)?[\dIVXLC]+[a-z]?(?:\.\d+)*\.?)?\s+"
    r"(?:MẪU|BIỂU MẪU|CÁC BIỂU MẪU|VÍ DỤ|ĐỊNH MỨC|MỨC CHI)\b"
)


# "Chương III QUY TRÌNH ĐÁNH GIÁ, CÔNG NHẬN TRƯỜNG CAO ĐẲNG CHẤT LƯỢNG CAO": a chapter that sets
# out a procedure applied to each case; what its articles give a team or council to do ("Nhiệm
# vụ của đoàn đánh giá", "Các thành viên khác trong đoàn thực hiện các nhiệm vụ do trưởng đoàn
# phân công") are its steps (TT 35/2021/TT-BLĐTBXH, tenth-round tune doc).
_PROCEDURE_CHAPTER_RE = re.compile(r"^Chương\s+\S+\s+(?:QUY TRÌNH|TRÌNH TỰ|THỦ TỤC)\b")


def _one_off_in_procedure(notice: Notice, block: Block, text: str) -> bool:
    if not _CALENDAR_DATE_RE.search(text):
        return False
    for heading in block.section:
        full = _full_heading(notice.text, heading, block.start)
        if _PROCEDURE_RE.match(full) or _PROCEDURE_REWRITE_RE.match(full):
            return True
    return False


def in_form_appendix(notice: Notice, section: list[str], before: int) -> bool:
    """Whether a table or form sits in an appendix of forms, examples or cost norms (see
    ``_FORM_APPENDIX_RE``): its rows name bodies but hand out no work. The other tests of
    ``_hands_out_nothing`` do not apply to tables: an appendix that rewrites procedures holds the
    table of texts to amend, one task per row. A heading path can outlive its appendix: "Phụ lục
    IV" on a line of its own opens no section, so the tables after a form "Phụ lục 3.1. MẪU ..."
    sit under it in the path (NQ 17/2026/NQ-CP, tune half); an appendix line between the heading
    and the table ends the heading's reach."""
    for heading in section:
        full = _full_heading(notice.text, heading, before)
        if not _FORM_APPENDIX_RE.match(full):
            continue
        at = notice.text.rfind(full, 0, before)
        if at >= 0 and not _APPENDIX_LINE_RE.search(notice.text, at + len(full), before):
            return True
    return False


# "Mẫu số 02. Văn bản đề nghị cấp Giấy phép ..." then the form: "Đề nghị Bộ Nội vụ cấp Giấy phép
# ..." is what an applicant will write, not work this text hands out (the forms of NĐ
# 372/2025/NĐ-CP, twelfth-round tune doc). A numbered form with its title; "Mẫu số 02" alone is
# an entry in a list of forms.
# An entry of a list of forms ("Mẫu số 19: Báo cáo tình hình ...") can stay in the heading path
# over the articles after it (TT 05/2023/TT-BKHĐT): a form holds no article, chapter or section.
_FORM_SECTION_RE = re.compile(r"^Mẫu(?:\s+số)?\s+\d+[a-z]?\s*\.\s+\S")
_STRUCTURE_RE = re.compile(r"^(?:Điều\s+\d|Chương\s|Mục\s|Phần\s)")
# "Phụ lục DANH MỤC TIÊU CHÍ VÀ NỘI DUNG TIÊU CHÍ ĐÁNH GIÁ ...": an appendix of criteria says
# what is assessed ("Người đứng đầu tổ chức thống kê đạt tiêu chuẩn về trình độ": TT
# 22/2022/TT-BKHĐT, twelfth-round tune doc), not who must do what. The appendix's capital title.
_CRITERIA_APPENDIX_RE = re.compile(
    r"^Phụ lục(?:\s+[\dIVXLC]+[.\d]*)?\s+(?:DANH MỤC\s+|BỘ\s+)?(?:CÁC\s+)?TIÊU CHÍ\b"
)
_APPENDIX_LINE_RE = re.compile(r"^Phụ lục\b", re.MULTILINE)


def _hands_out_nothing(notice: Notice, block: Block, cache: dict) -> bool:
    """Whether a heading above the block introduces a member list, an elaboration, a list of
    situations, the powers of a body or the steps of a procedure: its items are not tasks, even
    those that name a body."""
    for depth in range(1, len(block.section) + 1):
        key = ("nothing",) + tuple(block.section[:depth])
        if key not in cache:
            full = _full_heading(notice.text, block.section[depth - 1], block.start)
            cache[key] = bool(
                _ELABORATION_RE.search(full)
                or _CONDITIONS_RE.search(full)
                or _POWERS_RE.match(full)
                or _POWERS_INTRO_RE.search(full)
                or _PROCEDURE_RE.match(full)
                or _SCOPE_RE.match(full)
                or _PRINCIPLES_RE.match(full)
                or _REPORTED_RE.search(full)
                or _AMENDMENT_RE.match(full)
                or _PROCEDURE_REWRITE_RE.match(full)
                or _FORM_APPENDIX_RE.match(full)
                or _CRITERIA_APPENDIX_RE.match(full)
                or _PROCEDURE_CHAPTER_RE.match(full)
                # "3. Trong thời hạn 05 ngày làm việc kể từ ngày ký ..., hiệu trưởng nhà trường có
                # trách nhiệm gửi các cơ quan sau đây:" then the recipients (unlabelled TT
                # 15/2021/TT-BLĐTBXH): the parts of a step counted per case are the step's
                or _PER_APPLICATION_RE.match(full, markers.item_marker_end(full))
            )
        if cache[key]:
            return True
        # a numbered form, while no article, chapter or section opens after it in the path
        if _FORM_SECTION_RE.match(block.section[depth - 1]) and not any(
            _STRUCTURE_RE.match(h) for h in block.section[depth:]
        ):
            return True
    return False


def _is_enacting(block: Block, record: Assignment) -> bool:
    return not block.section and bool(_ENACTING_RE.match(record.task))


def _full_heading(text: str, heading: str, before: int) -> str:
    """The whole heading line: section paths may shorten long headings with "…"."""
    if not heading.endswith("…"):
        return heading
    prefix = heading[:-1].rstrip()
    found = text.rfind(prefix, 0, before)
    if found < 0:
        return prefix
    line_end = text.find("\n", found)
    return text[found : line_end if line_end >= 0 else len(text)]
