"""The kind of a record: "general" for a standing duty or the closing formula of a text,
"coordination" for a body's support on someone else's work, else "task"."""

from __future__ import annotations

import re

_DOCUMENT_ITSELF = (
    r"(?:Nghị quyết|Quyết định|Nghị định|Chỉ thị|Thông tư|Thông báo|Kết luận|Kế hoạch|"
    r"Chương trình|Luật|Văn bản|Quy chế|Quy định)\s+này"
)
# A standing responsibility rather than a piece of work: "chịu trách nhiệm thi hành Nghị quyết
# này", "chịu trách nhiệm về tính chính xác ...", "căn cứ chức năng ... tổ chức thực hiện Nghị
# quyết này".
_GENERAL_START_RE = re.compile(
    r"^(?:(?:chịu|có)\s+trách\s+nhiệm\s+(?:toàn\s+diện\s+)?(?:(?:theo\s+quy\s+định\s+)?về|trước|"
    r"trong\s+việc)\b|"
    # An item under "X có trách nhiệm:" that answers for accuracy: "b) Về tính chính xác, ...".
    r"về\s+tính\s+(?:chính\s+xác|trung\s+thực|hợp\s+pháp|hợp\s+lệ|đầy\s+đủ)\b|"
    r"(?:chịu|có)\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:thi\s+hành|thực\s+hiện)\s+"
    r"(?:theo\s+(?:quy\s+định\s+(?:tại|của)\s+)?)?" + _DOCUMENT_ITSELF + ")",
    re.IGNORECASE,
)
# The whole task is "(căn cứ ..., )(tổ chức) thực hiện <văn bản> này", "hướng dẫn, tổ chức thi
# hành <văn bản> này" or "giám sát việc thực hiện <văn bản> này" (the legislature's standing
# watch over its own resolution): no work of its own.
# "chủ trì hoặc phối hợp trong việc triển khai thi hành Nghị quyết này" (NQ 19/2026/NQ-CP, tune
# half): the fifth round's rule, "chủ trì, phối hợp ... trong việc" around the standing verbs
# changes nothing.
_GENERAL_END_RE = re.compile(
    r"^(?:căn cứ .{0,160}?\s)?(?:chủ động\s+)?"
    r"(?:chủ\s+trì(?:\s*,|\s+hoặc|\s+và)?\s+phối\s+hợp\s+(?:trong\s+việc\s+)?)?"
    r"(?:tổ chức\s+)?(?:triển khai\s+)?"
    r"(?:giám\s+sát\s+(?:việc\s+)?)?(?:hướng\s+dẫn(?:\s*,|\s+và)?\s+)?(?:tổ\s+chức\s+)?"
    r"(?:thi\s+hành|thực\s+hiện)\s+" + _DOCUMENT_ITSELF + r"\s*(?:[./;]+)?\s*$",
    re.IGNORECASE,
)
# The same standing duty with more words around it (the label rules of the fourth round): the
# task is only supervision verbs over "(việc) (tổ chức) thực hiện/thi hành (các quy định tại)
# <văn bản> này" ("Kiểm tra, giám sát việc thực hiện Nghị định này", "hướng dẫn tổ chức thực hiện
# các quy định tại Nghị định này"), after any "chủ trì, phối hợp với X (trong việc)"; or keeping
# to the text's rules ("thực hiện nghiêm túc các quy định của Quyết định này", "tuân thủ quy định
# tại Nghị định này"). "theo dõi, đôn đốc" is active work and stays a task,
# as in the earlier rounds' labels ("Bộ Nội vụ ... hướng dẫn, đôn đốc, kiểm tra việc triển khai
# thực hiện Chỉ thị này").
# "thanh tra" inspects as "kiểm tra" does ("Hướng dẫn, thanh tra và kiểm tra việc thực hiện các
# quy định tại Thông tư này": VBHN 4082/VBHN-BLĐTBXH, twelfth-round tune doc).
_WATCH_VERB = r"(?:kiểm\s+tra|thanh\s+tra|giám\s+sát|hướng\s+dẫn|tổ\s+chức|chỉ\s+đạo)"
# The text's own rules, mechanisms or policies (the fifth round's label rule: "Hướng dẫn, kiểm
# tra, giám sát việc thực hiện chính sách đối với người lao động theo quy định tại Quyết định
# này" is general like "... việc tổ chức thực hiện các cơ chế, chính sách quy định tại Nghị định
# này"); a field qualifier after it ("theo lĩnh vực được phân công quản lý", "thuộc phạm vi
# quản lý": NĐ 188/2026/NĐ-CP, tune half) adds no work.
# "các nội dung (được) quy định tại Thông tư này" names the provisions too (TT 14/2022/TT-BLĐTBXH,
# eleventh-round tune doc: "Tổ chức kiểm tra việc thực hiện các nội dung quy định tại Thông tư này
# theo thẩm quyền").
_OF_THE_TEXT = (
    r"(?:(?:các\s+)?(?:quy\s+định|(?:cơ\s+chế,?\s*)?chính\s+sách|nội\s+dung)[^.;]{0,80}?\s+"
    r"(?:(?:theo\s+)?(?:các\s+)?(?:được\s+)?quy\s+định\s+)?(?:của|tại|trong)\s+)?"
    + _DOCUMENT_ITSELF
    + r"(?:\s+(?:theo\s+(?:lĩnh\s+vực|chức\s+năng|thẩm\s+quyền)|(?:thuộc|trong)\s+phạm\s+vi)"
    + r"[^.;]{0,60}"
    # where the text is applied: "... các quy định tại Nghị định này đối với các cơ sở giáo dục,
    # đơn vị sự nghiệp công lập ... thuộc phạm vi quản lý", "... tại các đơn vị, doanh nghiệp
    # thuộc phạm vi quản lý khi có tham gia ..." (NĐ 159 and 127/2026/NĐ-CP, ninth-round tune
    # docs)
    + r"|\s+(?:đối\s+với|tại)\s[^.;]{0,200}"
    + r")?\s*[./;”\"]*\s*$"
)
_GENERAL_WATCH_RE = re.compile(
    r"^(?:(?:chủ\s+động|tăng\s+cường)\s+)?"
    r"(?:chủ\s+trì,?\s*(?:phối\s+hợp(?:\s+với\s+[^.;]{0,300}?)?)?\s+(?:trong\s+việc\s+)?)?"
    rf"(?:{_WATCH_VERB}(?:\s*,\s*|\s+và\s+|\s+))+(?:việc\s+)?(?:tổ\s+chức\s+)?"
    r"(?:triển\s+khai\s+)?(?:thi\s+hành|thực\s+hiện)\s+" + _OF_THE_TEXT,
    re.IGNORECASE,
)
# The same supervision over the text's provisions named at length before the text itself:
# "Chỉ đạo, hướng dẫn, kiểm tra việc thực hiện quy định chuẩn chuyên môn, nghiệp vụ của nhà giáo
# trong cơ sở giáo dục nghề nghiệp, ... theo các quy định tại Thông tư này" (TT 05/2024/TT-BLĐTBXH,
# eleventh-round tune doc). The provisions' description may run long, so it must hold none of the
# words that add work (the fifth round's rule: theo dõi, đôn đốc, tổng hợp, báo cáo, ...).
_GENERAL_WATCH_LONG_RE = re.compile(
    rf"^(?:{_WATCH_VERB}(?:\s*,\s*|\s+và\s+|\s+))+(?:việc\s+)?(?:tổ\s+chức\s+)?"
    r"(?:triển\s+khai\s+)?(?:thi\s+hành|thực\s+hiện)\s+(?:các\s+)?(?:quy\s+định|chính\s+sách)\s"
    r"[^.;]{0,240}?\s(?:theo\s+)?(?:các\s+)?quy\s+định\s+(?:của|tại)\s+"
    + _DOCUMENT_ITSELF
    + r"\s*[./;”\"]*\s*$",
    re.IGNORECASE,
)
_ADDS_WORK_RE = re.compile(
    r"\b(?:theo\s+dõi|đôn\s+đốc|tổng\s+hợp|báo\s+cáo|tuyên\s+truyền|phổ\s+biến|xử\s+lý|"
    r"đề\s+xuất|xây\s+dựng|ban\s+hành|bố\s+trí|đánh\s+giá|sơ\s+kết|tổng\s+kết)\b",
    re.IGNORECASE,
)
# "thi hành" with no object of its own executes the text itself: "Chủ trì, phối hợp với các bộ,
# ... tổ chức thi hành trong hoạt động về chi phí thực hiện ..." (NĐ 172/2026/NĐ-CP,
# eleventh-round tune doc: the scope after "trong" is the decree's own subject).
_GENERAL_EXECUTE_RE = re.compile(
    r"^(?:chủ\s+trì,?\s*(?:phối\s+hợp(?:\s+với\s+[^.;]{0,300}?)?)?\s+)?(?:tổ\s+chức\s+)?"
    r"(?:triển\s+khai\s+)?thi\s+hành\s+(?:trong|đối\s+với)\s",
    re.IGNORECASE,
)
# A duty that is only a chain of those standing verbs over the text, after "chịu/có trách nhiệm"
# ("chịu trách nhiệm tổ chức thực hiện, hướng dẫn thi hành Nghị định này", "chịu trách nhiệm
# hướng dẫn và tổ chức thực hiện Nghị định này", "chỉ đạo và tổ chức thực hiện theo quy định tại
# Thông tư này": decrees and circulars of the unlabelled gazette files).
_STANDING_VERB = (
    r"(?:kiểm\s+tra|thanh\s+tra|giám\s+sát|hướng\s+dẫn|tổ\s+chức|chỉ\s+đạo|triển\s+khai|thi\s+hành|"
    r"thực\s+hiện)"
)
_RESPONSIBLE_FOR_RE = re.compile(r"^(?:chịu|có)\s+trách\s+nhiệm\s+", re.IGNORECASE)
# "Tổ chức thực hiện, hướng dẫn triển khai Thông tư này" (TT 35/2021/TT-BLĐTBXH, tenth-round
# tune doc): "triển khai" closes the chain as "thực hiện" does.
_GENERAL_CHAIN_RE = re.compile(
    rf"^(?:{_STANDING_VERB}(?:\s*,\s*|\s+và\s+|\s+))*(?:việc\s+)?"
    r"(?:thi\s+hành|thực\s+hiện|triển\s+khai)\s+"
    r"(?:theo\s+)?" + _OF_THE_TEXT,
    re.IGNORECASE,
)
# The closing clause cut after the kind of text ("... chịu trách nhiệm thi hành Quyết định").
_CUT_BOILERPLATE_RE = re.compile(
    r"^(?:chịu|có)\s+trách\s+nhiệm\s+thi\s+hành\s+(?:Nghị quyết|Quyết định|Nghị định|Chỉ thị|"
    r"Thông tư)\s*[./;”\"]*\s*$",
    re.IGNORECASE,
)
_GENERAL_COMPLIANCE_RE = re.compile(
    r"^(?:tổ\s+chức\s+[^.;]{0,80}?\s)?(?:thực\s+hiện\s+nghiêm(?:\s+túc|\s+chỉnh)?|"
    r"chấp\s+hành(?:\s+nghiêm(?:\s+túc|\s+chỉnh)?)?|tuân\s+thủ|(?:bảo|đảm)\s+bảo\s+đúng)\s+"
    r"(?:các\s+)?quy\s+định\s+(?:của|tại|trong)\s+"
    # ... or of the law at large, then at most the accountability clause: "Tuân thủ các quy
    # định của pháp luật, chịu trách nhiệm trước pháp luật và trước Thủ trưởng cơ quan về việc
    # thực hiện nhiệm vụ được giao" (NĐ 150/2026/NĐ-CP, twelfth-round tune doc)
    r"(?:"
    + _DOCUMENT_ITSELF
    + r"|pháp\s+luật(?:\s*,\s*chịu\s+trách\s+nhiệm\s+trước\s+[^.;]{0,160})?)"
    r"\s*[./;]*\s*$",
    re.IGNORECASE,
)
_GENERAL_TASK_CHARS = 200
# The accountability clause for a field of state management: "Chịu trách nhiệm quản lý nhà nước
# về chất lượng và bảo đảm các yêu cầu ...", "Chịu trách nhiệm trước Chính phủ thực hiện thống
# nhất quản lý nhà nước về ..." (NĐ 127/2026/NĐ-CP, ninth-round tune doc); and the catch-all
# "Thực hiện các trách nhiệm khác của X theo quy định tại Nghị định này" (NĐ 212/2025/NĐ-CP), whose
# object is the text's own provisions.
_GENERAL_STATE_MANAGEMENT_RE = re.compile(
    r"^chịu\s+trách\s+nhiệm\s+(?:trước\s+[^.;]{0,40}?\s)?(?:thực\s+hiện\s+)?(?:thống\s+nhất\s+)?"
    r"quản\s+lý\s+nhà\s+nước\b|"
    r"^thực\s+hiện\s+(?:các\s+)?(?:nhiệm\s+vụ|trách\s+nhiệm)(?:,?\s*quyền\s+hạn)?\s+khác\b"
    r"(?:[^.;]{0,120}?(?:theo\s+)?quy\s+định\s+(?:của|tại)\s+" + _DOCUMENT_ITSELF + "|"
    # the catch-all with no object at all: "Thực hiện các nhiệm vụ khác theo yêu cầu" (TT
    # 14/2022/TT-BLĐTBXH, eleventh-round tune doc), "... do Bộ trưởng giao", "... theo quy định
    # của pháp luật": a standing duty, as the eleventh round's label rule has it
    r"\s+(?:theo\s+yêu\s+cầu|(?:do|được)\s+[^.;]{0,60}?\s*giao|theo\s+(?:sự\s+)?phân\s+công"
    # "... theo quy định của Luật Tương trợ tư pháp về dân sự, Nghị định này và các văn bản ..."
    # (NĐ 158/2026/NĐ-CP, the eleventh round's second blind batch) is the same catch-all
    r"|theo\s+quy\s+định\s+của\s+(?:pháp\s+luật|Luật|Bộ\s+luật|Nghị\s+định))[^.;]{0,160}?)?"
    r"\s*[./;]*\s*$",
    re.IGNORECASE,
)
# The closing clause of a legal text wherever its subject list was cut: "... tổ chức và cá nhân
# có liên quan chịu trách nhiệm thi hành Quyết định này".
_BOILERPLATE_RE = re.compile(
    r"chịu\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?thi\s+hành\s+" + _DOCUMENT_ITSELF, re.IGNORECASE
)  # "... tổ chức thực hiện Nghị quyết này." in a longer task is real work
# "Trên cơ sở Thông báo này, các đồng chí ... chủ động ... thực hiện": the closing formula.
_GENERAL_OPENER_RE = re.compile(
    r"^(?:Trên cơ sở|Căn cứ)\s+(?:nội dung\s+)?" + _DOCUMENT_ITSELF + r"\s*,", re.IGNORECASE
)
# The body's own verb is "phối hợp" on someone else's work, after an adverb ("chủ động phối hợp
# với Bộ Ngoại giao ...", "khẩn trương phối hợp với các Bộ ..."); "Phối hợp chặt chẽ, đồng bộ
# giữa các cơ quan ..." is joint work of the bodies named, a task.
_COORDINATION_RE = re.compile(
    r"^(?:(?:chủ\s+động|khẩn\s+trương|tích\s+cực|thường\s+xuyên)\s+)?(?:tham\s+gia\s+)?"
    r"phối\s+hợp\b(?![^.;]{0,40}\bgiữa\b)",
    re.IGNORECASE,
)


def _kind(task: str, span: str, deadline_text: str) -> str:
    """task | coordination | general (see ``Assignment.kind``)."""
    words = task.strip()
    if _GENERAL_START_RE.match(words) or (
        len(words) <= _GENERAL_TASK_CHARS and _BOILERPLATE_RE.search(words)
    ):
        return "general"
    if _CUT_BOILERPLATE_RE.match(words) or _GENERAL_STATE_MANAGEMENT_RE.match(words):
        return "general"
    if not deadline_text and (
        (len(words) <= _GENERAL_TASK_CHARS and _GENERAL_END_RE.search(words))
        or (
            _GENERAL_CHAIN_RE.match(_RESPONSIBLE_FOR_RE.sub("", words))
            and not _ADDS_WORK_RE.search(words)
        )
        or _GENERAL_OPENER_RE.match(span.strip())
        or (
            (
                _GENERAL_WATCH_RE.match(words)
                or _GENERAL_WATCH_LONG_RE.match(words)
                or _GENERAL_EXECUTE_RE.match(words)
            )
            and not _ADDS_WORK_RE.search(words)
        )
        or (len(words) <= _GENERAL_TASK_CHARS and _GENERAL_COMPLIANCE_RE.match(words))
    ):
        return "general"
    if _COORDINATION_RE.match(words):
        return "coordination"
    return "task"
