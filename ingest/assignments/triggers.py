"""The cues that hand out work: a trigger naming the lead ("Giao X ...", "đề nghị X ..."), a body
subject before a modal, duty or directive verb, and the headings and list intros whose subject is
a body ("Trách nhiệm của Bộ Y tế", "đề nghị X ... một số nhiệm vụ sau:")."""

from __future__ import annotations

import re

from assistant.core.text import sentence_spans
from ingest import markers
from ingest.assignments.subjects import (
    _ADJUNCT_RE,
    _BARE_GENERIC_RE,
    _BODY_HEAD_RE,
    _ENUMERATION_HEAD_RE,
    body_phrase_end,
    parse_subject,
    qualified_parties,
)

# "Giao X ...", "đề nghị X ...", "yêu cầu X ...", "Phân công X ..." where X is a body.
_LEAD_TRIGGER_RE = re.compile(
    r"(?<![\w])(?:(?<=^)|(?<=[\s,;:.(]))(?P<verb>[Gg]iao(?:\s+cho)?|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Pp]hân\s+công)\s+"
)
# A body subject followed by a modal or a duty verb. Modals are dropped from the task; duty
# verbs are the task's first words.
_MODAL_RE = re.compile(
    r"\s(?P<modal>(?:cũng\s+|vẫn\s+)?(?:cần|phải)|có\s+trách\s+nhiệm(?!\s*,)(?:\s*:)?)\s+"
    r"|\s(?P<duty>chịu\s+trách\s+nhiệm(?!\s*,)|chủ\s+trì(?=\s*,\s*phối|\s+\w)|"
    r"tham\s+gia\s+góp\s+ý|lưu\s+ý)(?=[\s,:])"
)
# The modals that give a party a duty, before which a subject may be a party named by its head and
# lowercase qualifiers (``qualified_parties``); "cần" also opens advice to bodies named in full.
_DUTY_MODAL_RE = re.compile(r"(?:phải|có\s+trách\s+nhiệm)\b")
# What such a party must be or meet is a condition, not work: "Các cơ sở giáo dục thuộc diện dồn
# ghép phải được chuẩn bị đầy đủ cơ sở vật chất" (NQ 105/NQ-CP), "Cơ sở tổ chức bồi dưỡng cho nhà
# giáo phải đảm bảo các điều kiện ..." (VBHN 4082/VBHN-BLĐTBXH; tune half).
_CONDITION_AFTER_MODAL_RE = re.compile(
    r"(?:được\s|(?:đảm bảo|bảo đảm|đáp ứng)\s+(?:đủ\s+|đầy đủ\s+)?(?:các\s+)?"
    r"(?:điều kiện|tiêu chuẩn)\b)"
)
_RELATED_TO_RE = re.compile(r"\s(?:có\s+)?liên\s+quan(?=\s+(?:đến|tới)\s)")
_NOT_A_DIRECTIVE_RE = re.compile(r"\b(?:đã|đang|sẽ|do|được|đều)\s*$", re.IGNORECASE)
_SUPPORT_WINDOW = 40  # characters from the start of the task
_SUPPORT_RE = re.compile(r"phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với\s+)?", re.IGNORECASE)
_LIST_INTRO_END_RE = re.compile(r":\s*$")
_CONTINUATION_RE = re.compile(r"^(?:Đồng thời|Trong đó)\b")
_RESPONSIBILITY_HEADING_RE = re.compile(
    r"^(?:Trách nhiệm|Nhiệm vụ(?:,? (?:và )?quyền hạn)?)\s+(?:của\s+)?(?P<who>.+)$",
    re.IGNORECASE,
)
# "Trách nhiệm quản lý lao động của người sử dụng lao động" (NQ 45/2019/QH14, tune half): the
# duty's field may come before "của" and its party; a few words, no clause.
_FIELD_BEFORE_PARTY_RE = re.compile(
    r"^Trách nhiệm(?:\s+[^\W\d_]+){1,4}\s+của\s+(?P<who>.+)$", re.IGNORECASE
)
_MIN_INHERITED_TASK_WORDS = 4
# A task of a subject of its own has at least this many words: "Ban lãnh đạo;" in a form's
# "Nơi nhận:" list parses as "Ban" + "lãnh đạo" (unlabelled NĐ 142/2026); the shortest labelled
# task_contains in the seeds and the tune half has 3 words.
_MIN_TASK_WORDS = 3
_LEAD_OF_RE = re.compile(r"\s(?:lãnh\s+đạo|chỉ\s+đạo)\s+")


# A courtesy or emphasis word between the issuer and its trigger verb.
_COURTESY_RE = re.compile(r"\s+(?:trân trọng|đồng thời|cũng)$")


def _issuer_before(before: str) -> bool:
    """Whether the clause before a trigger verb is only its issuer: "...; Chính phủ yêu cầu các
    Bộ trưởng ...", "Ủy ban nhân dân tỉnh giao Sở Y tế ..."."""
    clause = re.split(r"[,;:.]\s*", before)[-1]
    clause = clause[markers.item_marker_end(clause) :].strip()
    clause = _COURTESY_RE.sub("", clause)  # "Chính phủ trân trọng đề nghị ..."
    return (
        bool(clause) and body_phrase_end(clause, 0) >= len(clause) and bool(parse_subject(clause))
    )


# "Điều 2. Phân công cơ quan thẩm tra Phân công Ủy ban Pháp luật ... chủ trì thẩm tra": the PDF
# ran an article's title into its first sentence. A trigger verb written with a capital right
# after a lowercase word opens a new sentence (a verb is not capitalised mid-sentence; "Sở Giao
# thông" has a capitalised word before it).
def _run_in_sentence(before: str, verb: str) -> bool:
    words = before.split()
    # a word of letters, not an item marker such as "e)"
    return verb[:1].isupper() and bool(words) and words[-1].isalpha() and words[-1].islower()


def _lead_triggers(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(subject start, task start, bodies) for "Giao/đề nghị/yêu cầu X ..."."""
    found = []
    for match in _LEAD_TRIGGER_RE.finditer(sentence):
        # The verb opens a clause: "Giao X", "...; đồng thời, giao X", not "Sở giao dịch",
        # "được giao", "đáp ứng yêu cầu".
        before = sentence[: match.start()].rstrip()
        if (
            before
            and not re.search(r"(?:[,;:.(]|\b(?:đồng thời|và|thì))$", before, re.IGNORECASE)
            and not _issuer_before(before)
            and not _run_in_sentence(before, match.group("verb"))
        ):
            continue
        subject_end = body_phrase_end(sentence, match.end())
        bodies = parse_subject(sentence[match.end() : subject_end])
        if bodies:
            found.append((match.start(), subject_end, bodies))
    return found


# The body that submits a text in a law-making programme: "... dự thảo Nghị quyết ban hành Nội quy
# kỳ họp Quốc hội (sửa đổi) do Ủy ban Thường vụ Quốc hội trình Quốc hội cho ý kiến và thông qua
# tại kỳ họp thứ 4" (NQ 25/2022/UBTVQH15, tune half). Only a submission to a named higher body:
# "Trên cơ sở hồ sơ do Ủy ban nhân dân cấp xã trình, Hội đồng nhân dân ..." is a procedure step.
_AGENT_RE = re.compile(r"(?<![\w])do\s+(?=[^\W\d_])")
_SUBMITS_RE = re.compile(
    r"\s*trình\s+(?:Quốc hội|Ủy ban Thường vụ Quốc hội|Chính phủ|Thủ tướng Chính phủ|"
    r"cấp có thẩm quyền)\b"
)


def _agent_triggers(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(subject start, task start, bodies) for "<a text> do X trình Quốc hội ..."."""
    found: list[tuple[int, int, list[str]]] = []
    if "trình" not in sentence:
        return found  # cheap first test: most sentences submit nothing
    for match in _AGENT_RE.finditer(sentence):
        if not sentence[match.end()].isupper():
            continue  # "do đó", "do yêu cầu": a cause, not an agent
        end = body_phrase_end(sentence, match.end())
        bodies = parse_subject(sentence[match.end() : end]) if end > match.end() else None
        submits = _SUBMITS_RE.match(sentence, end)
        if bodies and submits:
            found.append(
                (match.start(), end + len(sentence[end:]) - len(sentence[end:].lstrip()), bodies)
            )
    return found


# A delegation in the passive, the whole clause: "3. Mẫu thẻ, việc cấp phát, thay đổi và thu hồi
# thẻ Chấp hành viên, Thẩm tra viên do Bộ trưởng Bộ Tư pháp quy định.", "Việc cấp, sử dụng trang
# phục của ... do Bộ trưởng Bộ Quốc phòng quy định." (NĐ 150/2026/NĐ-CP, twelfth-round tune doc),
# as "Bộ trưởng Bộ Tư pháp quy định mẫu ..." is. The sentence opens with what is to be set out and
# ends with the authority and its verb: "theo danh mục do Bộ trưởng ... ban hành" inside a rule
# is a reference, and "Thẻ ... do Bộ Tư pháp cấp" says who issues each card.
_PASSIVE_DELEGATION_RE = re.compile(
    r"^(?:Mẫu|Việc|Danh mục|Nội dung|Quy trình|Tiêu chuẩn|Chế độ|Hình thức|Trình tự|Định mức|"
    r"Chương trình|Quy chế|Chi tiết)\b(?:(?!\btheo\b)[^;]){5,300}?\sdo\s+"
    r"(?P<agent>(?:Bộ trưởng|Thủ tướng Chính phủ|Chính phủ|Thống đốc|Chủ tịch Ủy ban nhân dân)"
    r"[^,;.]{0,80}?)\s+(?:quy định|hướng dẫn|ban hành)(?:\s+chi tiết)?\s*[.;]?\s*$"
)


def _passive_delegation_triggers(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(0, 0, the authority) for a clause that leaves its subject to an authority to set out."""
    found = _PASSIVE_DELEGATION_RE.match(sentence.strip())
    bodies = parse_subject(found.group("agent")) if found else None
    return [(0, 0, bodies)] if bodies else []


_INLINE_SCOPE_RE = re.compile(
    r"\s+(?:trong phạm vi|theo)\s+(?:chức năng|nhiệm vụ|thẩm quyền)\b[^;:]*của mình\s*,?\s*$"
)


def _modal_task_start(sentence: str, match: re.Match, modal_start: int) -> int:
    """Where the task starts after a modal: "phải" stays with the work ("phải chuyển sang ký hợp
    đồng lao động", as the label rules write an obligation and as an item naming its own party
    keeps it); "cần" and "có trách nhiệm" are dropped."""
    if match.group("modal").split()[-1] == "phải":
        return modal_start + 1 if sentence[modal_start] == " " else modal_start
    return match.end() - 1


def _subject_triggers(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(subject start, task start, bodies) for "X cần ...", "X chủ trì, phối hợp ..."."""
    found = []
    for match in _MODAL_RE.finditer(" " + sentence):
        modal_start = match.start() - 1 if match.start() else 0
        before = sentence[:modal_start]
        if _NOT_A_DIRECTIVE_RE.search(before):
            continue
        # "Thủ trưởng các cơ quan, đơn vị và tổ chức liên quan đến tổ chức thực hiện chính sách
        # ... chịu trách nhiệm thi hành": what the units relate to qualifies the last body.
        qualifier = _RELATED_TO_RE.search(before)
        if qualifier:
            before = before[: qualifier.end()]
        # "Bộ, cơ quan ngang bộ, các cơ quan, tổ chức khác trong phạm vi nhiệm vụ, quyền hạn của
        # mình có trách nhiệm ..." (NQ 19/2026/NQ-CP, tune half): the bodies' scope, no comma
        scope = _INLINE_SCOPE_RE.search(before)
        if scope:
            before = before[: scope.start()]
        # The subject sits right before the modal, after any opener that ends in a comma or a
        # colon ("Đối với những tháng còn lại năm 2021, X cần ..."): try the longest tail first.
        # "Cục trưởng Cục Quản lý đấu thầu và Thủ trưởng các cơ quan ... chịu trách nhiệm": when
        # a name with lowercase words defeats the whole phrase, the bodies after "và" remain.
        # "Điều 22. Chế độ cung cấp thông tin, báo cáo về tổ chức hành chính Các bộ, ... có trách
        # nhiệm:" (NĐ 121/2026/NĐ-CP, thirteenth-round tune doc): a title run into its sentence,
        # whose subject opens with a capital "Các" after a lowercase word.
        candidates = [0] + sorted(
            {m.end() for m in re.finditer(r"[,;:]…?\s*|\s+và\s+(?=[A-ZĐ])", before)}
            | {m.end() for m in _RUN_IN_SUBJECT_RE.finditer(before)}
        )
        duty = _DUTY_MODAL_RE.match(match.group(0).strip())
        for start in candidates:
            phrase = before[start:]
            offset = start + (markers.item_marker_end(phrase) if start == 0 else 0)
            phrase = before[offset:]
            lead = phrase.lstrip()
            offset += len(phrase) - len(lead)
            if body_phrase_end(before, offset) < len(before.rstrip()):
                # a verb or a plain noun inside: not a pure body phrase, unless a duty names
                # parties by a head and lowercase qualifiers ("Cơ quan có thẩm quyền quản lý công
                # chức có trách nhiệm thống kê ...": NĐ 111/2022/NĐ-CP, thirteenth-round tune doc)
                bodies = qualified_parties(lead) if duty else None
                if bodies and not _CONDITION_AFTER_MODAL_RE.match(sentence, match.end() - 1):
                    found.append((offset, _modal_task_start(sentence, match, modal_start), bodies))
                    break
                continue
            bodies = parse_subject(lead)
            if bodies:
                if match.group("modal"):
                    task_start = _modal_task_start(sentence, match, modal_start)
                else:
                    task_start = modal_start + 1 if sentence[modal_start] == " " else modal_start
                found.append((offset, task_start, bodies))
                break
    return found


# Verbs that open a directive clause right after its subject, the plainest grammar of a
# directive: "Bộ Công an lựa chọn ...", "Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo ...",
# "Bộ trưởng Bộ Nội vụ quy định chi tiết ...", "Bộ Nội vụ là cơ quan đầu mối ...".
_DIRECTIVE_VERB_RE = re.compile(
    r"(?:chủ trì|phối hợp|chỉ đạo|lãnh đạo|tổ chức|xây dựng|ban hành|hướng dẫn|bố trí|cân đối|"
    r"lựa chọn|tổng hợp|quy định|trình|đưa|tăng cường|khẩn trương|chủ động|tập trung|theo dõi|"
    r"đôn đốc|kiểm tra|rà soát|nghiên cứu|triển khai|thực hiện|tiếp tục|bảo đảm|đảm bảo|"
    r"hoàn thiện|hoàn thành|báo cáo|tham mưu|đề xuất|kịp thời|quyết định|sửa đổi|giám sát|"
    r"cung cấp|công bố|quản lý|phê duyệt|thẩm định|tiếp nhận|lập|gửi|cử|phân công|ưu tiên|"
    r"đẩy mạnh|đẩy nhanh|nâng cao|huy động|tham gia|phổ biến|tuyên truyền|quán triệt|vận động|"
    r"nghiêm túc|thành lập|chuyển mạnh|"
    r"định hướng|sắp xếp|kiện toàn|căn cứ|trực tiếp|thường xuyên|xử lý|giải quyết|chuẩn bị|"
    r"cập nhật|thống nhất(?!\s+(?:đánh giá|nhận định|cho rằng))|"
    r"là (?:cơ quan |đơn vị )?(?:đầu mối|chủ trì|thường trực))(?![\w])"
)
# A person, then their office: "Đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh".
_PERSON_RE = re.compile(r"(?:[Đđ]ồng chí|Ông|Bà)\s+(?P<name>(?:\w+\s+){1,4}\w+)\s*,\s*")
# Committees named after their topic: "Ban Chỉ đạo quốc gia về ...", "Hội đồng ... về ...".
_COMMITTEE_RE = re.compile(r"^(?:Ban Chỉ đạo|Hội đồng|Ủy ban|Tổ công tác|Ban)\b")
_TOPIC_RE = re.compile(r"(?:quốc gia|về)\s")
# A second office after a dash: "Bộ trưởng Bộ Tài chính - Phó Trưởng Ban Chỉ đạo ...".
_APPOSITION_RE = re.compile(r"\s[-–]\s(?:Phó\s+)?(?:Trưởng|Chủ tịch|Giám đốc|Thường trực)\b")
_ADJUNCT_WINDOW = 120
# A clause may open a sentence after an adverbial opener: "Đối với chi phí ..., Bảo hiểm xã hội
# Việt Nam khẩn trương ...", "Trong quá trình tổ chức thực hiện, nếu ..., các bộ ... chủ động".
_OPENER_RE = re.compile(
    r"^(?:Đối với|Trong|Trên cơ sở|Để|Căn cứ|Nhằm|Khi|Trường hợp|Sau khi|Ngoài|Từ|Đến|Với|Theo|"
    r"Đồng thời|Riêng|Tùy theo|Về)\b"
)


# "Các đơn vị giám định", "Cơ quan bảo hiểm xã hội", "các cơ quan chức năng": a generic head
# with a few lowercase words of qualifier before the directive verb.
_GENERIC_HEAD_RE = re.compile(r"(?:[Cc]ác\s+)?(?:[Cc]ơ quan|[Đđ]ơn vị|[Tt]ổ chức)\b")
_QUALIFIER_WORDS = 3
_PLURAL_GENERIC_RE = re.compile(r"[Cc]ác\s+(?:cơ quan|đơn vị)")
# "hoặc", "và": "3. Tổ chức hoặc chỉ đạo tổ chức kiểm tra ..." joins two verbs (NĐ 127/2026/NĐ-CP,
# ninth-round tune doc).
_NOT_QUALIFIER_RE = re.compile(r"(?:đã|sẽ|đang|được|có|là|cần|phải|không|hoặc|và|hay)\b")
# "Tổ chức" then its object is the verb, not an organisation: "a) Tổ chức việc thực hiện, triển
# khai nhiệm vụ ...", "b) Tổ chức nguồn lực thực hiện tại địa phương" (items under "3. Ủy ban nhân
# dân cấp tỉnh": NQ 19/2026/NQ-CP, tune half).
_ORGANISE_OBJECT_RE = re.compile(r"\s+(?:việc|nguồn|công tác|các|những)\b")


def _generic_subject_end(sentence: str, start: int) -> int:
    """End of "<generic head> <qualifier>" when a directive verb follows it, else -1."""
    head = _GENERIC_HEAD_RE.match(sentence, start)
    if not head:
        return -1
    pos = head.end()
    if head.group(0).lower() == "tổ chức" and _ORGANISE_OBJECT_RE.match(sentence, pos):
        return -1
    for _ in range(_QUALIFIER_WORDS):
        word = re.match(r"\s+([a-zđà-ỹ]+)", sentence[pos:])
        if not word:
            return -1
        at = pos + word.start(1)
        if _DIRECTIVE_VERB_RE.match(sentence, at):
            return pos if pos > head.end() else -1
        if _NOT_QUALIFIER_RE.match(sentence, at):
            return -1
        pos = at + len(word.group(1))
    at = pos + len(sentence[pos:]) - len(sentence[pos:].lstrip())
    return pos if _DIRECTIVE_VERB_RE.match(sentence, at) else -1


def _verb_triggers(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(subject start, task start, bodies) for a body subject followed by a directive verb at
    the start of the sentence (after its list marker) or after an adverbial opener."""
    marker_end = markers.item_marker_end(sentence)
    person = _PERSON_RE.match(sentence, marker_end)
    if person and all(word[:1].isupper() for word in person.group("name").split()):
        # "Đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh trực tiếp chỉ đạo ...": the
        # person is the lead, named the way "Phó Chủ tịch UBND tỉnh Trần Văn Bình" names them.
        found = _verb_triggers_from(sentence, [person.end()], person.end())
        if found:
            ((_, task_start, bodies),) = found
            return [(marker_end, task_start, [f"{bodies[0]} {person.group('name')}", *bodies[1:]])]
    starts = [marker_end]
    opener = bool(_OPENER_RE.match(sentence[marker_end:]))  # "^" does not anchor at a pos
    if opener:
        starts += [m.end() for m in re.finditer(r"[,;:]…?\s*", sentence)]
    found = _verb_triggers_from(sentence, starts, marker_end)
    if found or opener:
        return found
    # "- Ban Quản lý dự án đầu tư xây dựng thuộc Ủy ban nhân dân cấp tỉnh: Ủy ban nhân dân cấp
    # tỉnh chủ động xây dựng phương án ...": a label naming a unit, then a subject and its verb
    # (NQ 105/NQ-CP's appendix, tune half); not a field ("Phối hợp:", "Kỹ năng:", "Thành phần
    # của Hội đồng ...:") nor the head of an enumeration ("các đồng chí Trưởng Ban: Tổ chức, Nội
    # chính, ..."). "5. Thực hiện hiệu quả công tác kiểm tra, giám sát Các bộ, cơ quan ngang bộ
    # ... chuyển mạnh ...": a heading the PDF ran into its paragraph, where a capital "Các" after
    # a lowercase word opens the sentence. Either subject takes a verb of work.
    label = _TOPIC_LABEL_RE.match(sentence, marker_end) if marker_end else None
    later = []
    if (
        label
        and _BODY_HEAD_RE.match(sentence[marker_end:])
        and not _ENUMERATION_HEAD_RE.search(label.group(0).rstrip(": "))
    ):
        later.append(label.end())
    later += [m.end() for m in _RUN_IN_SUBJECT_RE.finditer(sentence, marker_end)][:1]
    for start in later:
        found = _verb_triggers_from(sentence, [start], marker_end)
        if found and _WORK_VERB_RE.match(sentence, found[0][1]):
            return found
    return []


# The closing request of a circular: "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, cơ
# quan, tổ chức, cá nhân phản ánh, gửi ý kiến về Bộ ..." (TT 27/2022/TT-BLĐTBXH, eleventh-round
# tune doc), whose subject after the opener may be lowercase generic parties that the verb grammar
# refuses after an opener; the label rules count it as the written parties' task. The verb: report
# or send views to a body ("phản ánh", "gửi ý kiến", "báo cáo", "kiến nghị" ... "về").
_PROBLEM_RE = re.compile(r"\bvướng mắc\b")
_FEEDBACK_VERB_RE = re.compile(
    r"(?:kịp thời\s+)?(?:phản ánh|gửi (?:ý kiến|văn bản|phản ánh)|báo cáo|kiến nghị)\b"
    r"[^.;]{0,40}?\s(?:về|đến|tới)\s+[^\W\d_]"
)


def _feedback_triggers(sentence: str) -> list[tuple[int, int, list[str]]]:
    """(subject start, task start, bodies) for the subject after "... vướng mắc, "."""
    problem = _PROBLEM_RE.search(sentence)
    if not problem:
        return []
    # the subject follows a comma, or the bare words when the comma was dropped ("nếu có vướng
    # mắc các cơ quan, tổ chức, cá nhân gửi ý kiến về Bộ ...": TT 22/2022/TT-BKHĐT,
    # twelfth-round tune doc)
    bare = re.match(r"\s+", sentence[problem.end() :])
    starts = [problem.end() + bare.end()] if bare else []
    starts += [problem.end() + c.end() for c in re.finditer(r",\s*", sentence[problem.end() :])]
    for start in starts:
        end = body_phrase_end(sentence, start)
        if end <= start:
            continue
        rest = end + len(sentence[end:]) - len(sentence[end:].lstrip())
        bodies = parse_subject(sentence[start:end])
        if bodies and _FEEDBACK_VERB_RE.match(sentence, rest):
            return [(start, rest, bodies)]
    return []


# The verbs that start a body's work after a topic label or a run-in heading (not "thẩm định",
# "trình", "quy định": in "Hội đồng thẩm định có 07 thành viên", "Tổ chức quá trình dạy học",
# "Các Sở ... quy định chi tiết" they belong to names and rules).
_WORK_VERB_RE = re.compile(
    r"(?:chủ động|chủ trì|có trách nhiệm|chịu trách nhiệm|khẩn trương|tập trung|tiếp tục|"
    r"hướng dẫn|chỉ đạo|tổ chức|xây dựng|triển khai|thực hiện|rà soát|báo cáo|tham mưu|"
    r"chuyển mạnh|tăng cường|đẩy mạnh|nghiên cứu|hoàn thiện|phối hợp)\b"
)


_RUN_IN_SUBJECT_RE = re.compile(r"(?<=[a-zà-ỹđ])\s+(?=Các\s)")


# A topic label that opens a list item: words up to a colon, no sentence end before it.
_TOPIC_LABEL_RE = re.compile(r"[^.:;]{3,150}:\s+")


def _verb_triggers_from(
    sentence: str, starts: list[int], marker_end: int
) -> list[tuple[int, int, list[str]]]:
    for start in starts:
        if not _BODY_HEAD_RE.match(sentence[start:]):
            continue  # cheap test first: most sentences do not open with a body
        if start != marker_end and not (
            sentence[start].isupper() or re.match(r"(?:các|mọi)\s", sentence[start:])
        ):
            # after an opener a subject opens with a name or "các ...": "ngành, địa phương"
            # after "thuộc các bộ," is the rest of a list, not a subject
            continue
        end = body_phrase_end(sentence, start)
        if end <= start:
            continue
        if _BARE_GENERIC_RE.fullmatch(sentence[start:end].strip()):
            # "Các đơn vị giám định lập hồ sơ": a generic head and its qualifier, then the verb.
            end = max(end, _generic_subject_end(sentence, start))
        bodies = parse_subject(sentence[start:end])
        if not bodies and _PLURAL_GENERIC_RE.fullmatch(sentence[start:end].strip()):
            # "..., các đơn vị khẩn trương đề xuất ...": a plural generic head right before a
            # directive verb refers back to the units the text is about; a bare singular
            # "Cơ quan" is a form's label and stays refused.
            bodies = (
                [sentence[start:end].strip()]
                if _DIRECTIVE_VERB_RE.match(
                    sentence, end + len(sentence[end:]) - len(sentence[end:].lstrip(" "))
                )
                else None
            )
        if not bodies:
            continue
        rest = end + len(sentence[end:]) - len(sentence[end:].lstrip(" "))
        after_comma = end + len(sentence[end:]) - len(sentence[end:].lstrip(" ,"))
        if _ADJUNCT_RE.match(sentence, after_comma):
            rest = after_comma  # "X, căn cứ phạm vi trách nhiệm được giao, chủ động ..."
        if sentence.startswith(":", rest) and start == marker_end:
            # "a) Bộ Y tế: Kiểm tra, theo dõi ...": the body heads its own item.
            task_start = rest + 1 + len(sentence[rest + 1 :]) - len(sentence[rest + 1 :].lstrip())
            if len(sentence[task_start:].split()) >= _MIN_INHERITED_TASK_WORDS:
                return [(start, task_start, bodies)]
            continue
        verb = _DIRECTIVE_VERB_RE.match(sentence, rest)
        apposition = _APPOSITION_RE.search(sentence, start, end)
        if (
            verb is None
            and (_COMMITTEE_RE.match(sentence[start:end]) or apposition)
            and _TOPIC_RE.match(sentence, rest)
        ):
            # "Ban Chỉ đạo quốc gia về tìm kiếm, quy tập ... hài cốt liệt sĩ ban hành ...": a
            # committee's name runs on through its topic to the first directive verb.
            verb = next(
                (
                    m
                    for m in _DIRECTIVE_VERB_RE.finditer(sentence, rest, rest + _ADJUNCT_WINDOW)
                    if sentence[m.start() - 1] == " "
                    and not re.search(r"(?:được|đã|sẽ|về|và|,)\s*$", sentence[rest : m.start()])
                ),
                None,
            )
            if verb is not None:
                # "Bộ trưởng Bộ Tài chính - Phó Trưởng Ban Chỉ đạo quốc gia chống buôn lậu ...":
                # the person's first office names them; the second is a committee role.
                cut = apposition.start() if apposition else verb.start()
                bodies = [sentence[start:cut].strip()]
        if verb is None and _ADJUNCT_RE.match(sentence, rest):
            window = sentence[rest : rest + _ADJUNCT_WINDOW]
            verb = next(
                (
                    m
                    for m in _DIRECTIVE_VERB_RE.finditer(sentence, rest, rest + len(window))
                    if m.start() > rest
                    and sentence[m.start() - 1] in " ,"
                    # "theo quy định của ...": after "theo" the verb's word is a noun
                    and not re.search(r"(?:được|đã|sẽ|theo)\s*$", sentence[rest : m.start()])
                ),
                None,
            )
        if verb is not None:
            return [(start, verb.start(), bodies)]
    return []


# "... trong thương lượng tập thể", "... trong giải quyết tranh chấp lao động" (NQ 45/2019/QH14,
# tune half): any field after "trong".
# "... của người sử dụng lao động về đào tạo, bồi dưỡng, ..." (the same code): a field after "về"
# opened by a lowercase word other than "các" ("Ủy ban Công tác về các tổ chức phi chính phủ" is a
# name).
# A head that names a body by its field keeps its "về ...": "cơ quan chuyên môn về lao động thuộc
# Ủy ban nhân dân cấp tỉnh" (TT 20/2021/TT-BLĐTBXH, tenth-round tune doc), "Ủy ban Công tác về ...".
_DUTY_FIELD_RE = re.compile(
    r"\s+trong\s+\S.*$|"
    r"(?<!chuyên môn)(?<!quản lý nhà nước)(?<!Chỉ đạo)(?<!chỉ đạo)(?<!Công tác)(?<!công tác)"
    r"\s+về\s+(?!các\b)[a-zđà-ỹ].*$"
)


def _responsible_party(text: str) -> list[str] | None:
    """Whose duties a "Trách nhiệm của X" article lists, X written with lowercase words the body
    phrase grammar stops at ("doanh nghiệp cung ứng dịch vụ bưu chính công ích", "cơ quan đại diện
    Việt Nam ở nước ngoài"): the title names a party by definition, so X is taken whole when it
    opens with a body's head and holds no directive verb."""
    bodies = parse_subject(text) if body_phrase_end(text, 0) >= len(text) else None
    if bodies:
        return bodies
    # "người tham gia bảo hiểm y tế quy định tại khoản 1 Điều 2 Thông tư này": where the party is
    # defined is no part of its name
    text = _CITED_DEFINITION_RE.sub("", text).strip()
    if (
        len(text) <= _PARTY_CHARS
        and (
            _BODY_HEAD_RE.match(text)
            or _PERSON_HEAD_RE.match(text)
            or _ESTABLISHMENT_HEAD_RE.match(text)
        )
        and (not _CLAUSE_IN_TITLE_RE.search(text) or _PASSIVE_PARTY_RE.match(text))
    ):
        pieces: list[str] = []
        joined = ", "
        for piece in re.split(r"(\s*,\s*|\s+và\s+)", text):
            if re.fullmatch(r"\s*,\s*|\s+và\s+", piece):
                joined = ", " if "," in piece else " và "
                continue
            # a piece that cannot open a body goes on the one before ("tỉnh, thành phố")
            # "các bộ, ngành, địa phương" is one group; "..., Công an cấp xã" and "..., cơ sở
            # hoạt động giáo dục nghề nghiệp" open bodies of their own; so do people named by
            # their role ("hướng dẫn viên, điều phối viên, ..., người phụ trách trẻ em, giảng
            # viên ...": TT 27/2022/TT-BLĐTBXH; "người tham gia bảo hiểm y tế ... và cán bộ,
            # chiến sĩ, công nhân công an": TT 86/2025/TT-BCA, eleventh-round tune docs)
            opens_body = (
                piece[:1].isupper()
                or piece.startswith(("các ", "cơ sở "))
                or bool(_PERSON_HEAD_RE.match(piece))
            )
            if pieces and not opens_body:
                pieces[-1] = f"{pieces[-1]}{joined}{piece}"
            elif piece:
                pieces.append(piece)
        return pieces
    return None


# People named by their role or standing: the parties of a "Trách nhiệm của ..." article that the
# body grammar does not know ("hướng dẫn viên", "giảng viên", "người tham gia bảo hiểm y tế",
# "cán bộ, chiến sĩ, công nhân công an"). Not "cá nhân": "tổ chức, cá nhân sản xuất, kinh doanh
# ..." is one pair of parties (NĐ 127/2026/NĐ-CP, ninth-round tune doc).
# A title written capitalised is a person too: "3. Trách nhiệm của Thẩm tra viên:" (NĐ
# 150/2026/NĐ-CP, twelfth-round tune doc).
_PERSON_HEAD_RE = re.compile(
    r"^(?:các\s+)?(?:người|cán bộ|công chức|viên chức|nhà giáo|giáo viên|học sinh|sinh viên|"
    r"(?:[a-zà-ỹđ]+\s+){0,2}viên)(?!\w)",
    re.IGNORECASE,
)
# An establishment named by what it does: "Trách nhiệm của cơ sở tổ chức bồi dưỡng" (VBHN
# 4082/VBHN-BLĐTBXH, twelfth-round tune doc); the body grammar knows only a few kinds of "cơ sở".
_ESTABLISHMENT_HEAD_RE = re.compile(r"^(?:các\s+)?cơ sở\s+[a-zà-ỹđ]")
# A party qualified by a passive: "3. Trách nhiệm của cơ quan được đánh giá độc lập" (TT
# 22/2022/TT-BKHĐT, twelfth-round tune doc), "người được cử đi bồi dưỡng": "được" right after a
# short head, then lowercase words only, is no run-on clause.
_PASSIVE_PARTY_RE = re.compile(
    r"^(?:các\s+)?(?:cơ quan|đơn vị|tổ chức|cơ sở|người|doanh nghiệp|trường)"
    r"(?:\s+[a-zà-ỹđ]+){0,2}\s+được(?:\s+[a-zà-ỹđ]+){1,5}$"
)
_CITED_DEFINITION_RE = re.compile(
    r"\s+(?:được\s+)?quy định tại\s+(?:(?:điểm|khoản|Điều|mục)\s+[\w,]+\s+)+"
    r"(?:(?:của\s+)?(?:Thông tư|Nghị định|Quyết định|Nghị quyết|Luật)(?:\s+này)?)?"
)


# A party longer than this is taken for a title run into its text. Calibrated on the non-test
# corpus: of its 342 "Điều N. Trách nhiệm của ..." titles, those that do not run on into a sentence
# name parties of at most 100 characters; the run-on ones are 320 characters and more. Raised from
# 160 in the eleventh round for a list of five roles and their activity (165 characters: "hướng
# dẫn viên, điều phối viên, ..., giảng viên tham gia hoạt động ...", TT 27/2022/TT-BLĐTBXH),
# still well below the run-on titles.
_PARTY_CHARS = 200
# A title that goes on into a clause ("... có trách nhiệm ...") names no party by itself; the
# words of names ("giáo dục thường xuyên", "tổ chức tín dụng") are no sign of one.
# "Trách nhiệm của Bộ Công an Bộ Công an là cơ quan chủ quản ...": "là" opens the run-on sentence.
_CLAUSE_IN_TITLE_RE = re.compile(r"\b(?:có trách nhiệm|chịu trách nhiệm|phải|cần|được|là)\b")


# The scope of a heading's bodies after their names: "1. Bộ trưởng, Thủ trưởng cơ quan ngang bộ,
# Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương theo thẩm quyền:" (NQ 23/2026/NQ-CP,
# tune half), "X, trong phạm vi chức năng, nhiệm vụ của mình:", "X căn cứ chức năng, nhiệm vụ:".
_SCOPE_TAIL_RE = re.compile(
    r",?\s+(?:theo|trong phạm vi|căn cứ)\s+(?:thẩm quyền|chức năng|phạm vi|nhiệm vụ)[^:;.]*$"
)


def _heading_subject(heading: str) -> list[str] | None:
    """Bodies a heading hands its items to: "5. Bộ Nội vụ", "2.2. X, Y:", "2.3. X lãnh đạo Y:",
    "Trách nhiệm của Bộ Y tế", "Điều 12. Trách nhiệm của Ủy ban nhân dân cấp tỉnh"."""
    text = heading.strip()
    text = text[markers.item_marker_end(text) :]
    text = re.sub(r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*)", "", text).strip().rstrip(":").strip()
    # "Điều 4. Quyền, trách nhiệm của cơ quan, tổ chức, doanh nghiệp tổ chức hoạt động ..." (TT
    # 27/2022/TT-BLĐTBXH, eleventh-round tune doc): the duties' party, as in "Trách nhiệm của X";
    # its powers are a list of their own ("... có quyền sau:"), which hands out nothing
    text = _RIGHTS_AND_DUTIES_RE.sub("Trách nhiệm ", text)
    responsibility = _RESPONSIBILITY_HEADING_RE.match(text)
    field_first = _FIELD_BEFORE_PARTY_RE.match(text)
    if field_first and not re.match(r"Trách nhiệm\s+của\s", text, re.IGNORECASE):
        named = _responsible_party(_DUTY_FIELD_RE.sub("", field_first.group("who").strip()))
        if named:
            return named
    if responsibility:
        text = responsibility.group("who").strip()
        # "... của Bộ Tư pháp trong hoạt động tương trợ tư pháp": the field of the duties.
        text = _DUTY_FIELD_RE.sub("", text).strip()
        # only "Trách nhiệm của X" names a party this way: "Trách nhiệm tổ chức thực hiện" names a
        # duty, and "Nhiệm vụ, quyền hạn của trường trung cấp" is the charter of a kind of body
        # (consolidated regulations), which the strict body grammar below still reads for a
        # named body ("Nhiệm vụ và quyền hạn của Bộ Tư pháp")
        party = re.match(r"Trách nhiệm\s+của\s", responsibility.group(0), re.IGNORECASE)
        named = _responsible_party(text) if party else None
        if named:
            return named
    elif re.match(r"^(?:Giao|Đề nghị|Yêu cầu)\s+", text):
        text = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu)\s+", "", text)
    text = re.sub(
        r"\s+(?:có trách nhiệm|chịu trách nhiệm|cần|thực hiện)(?:\s+các nhiệm vụ)?$", "", text
    )
    # "2. Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ có liên quan phối hợp với Bộ Lao động -
    # Thương binh và Xã hội" over lettered items (TT 03/2024/TT-BLĐTBXH, ninth-round tune doc):
    # the items are the first bodies' work, the bodies after "phối hợp với" support it (read from
    # the heading by ``_intro_supporters``).
    support = re.search(r"\s+phối hợp(?: chặt chẽ)? với\s+(?P<with>.+)$", text)
    if support and body_phrase_end(support.group("with"), 0) >= len(support.group("with")):
        text = text[: support.start()]
    text = _SCOPE_TAIL_RE.sub("", text)
    if len(text) > 300 or text.isupper():  # "III. TỔ CHỨC THỰC HIỆN" is a title, not a body
        return None
    lead_of = _LEAD_OF_RE.search(text)
    if lead_of:  # "Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh": both carry the bullets
        first, second = parse_subject(text[: lead_of.start()]), parse_subject(text[lead_of.end() :])
        if first and second:
            return first + second
    if body_phrase_end(text, 0) < len(text):
        return None
    return parse_subject(text)


# "Thẩm quyền và trách nhiệm của Bộ trưởng Bộ Nội vụ" (NĐ 121/2026/NĐ-CP, thirteenth-round tune
# doc): an authority's powers and duties, read for its party the same way.
_RIGHTS_AND_DUTIES_RE = re.compile(
    r"^(?:Quyền|Thẩm quyền|Quyền hạn)(?:,| và)\s+(?:trách nhiệm|nhiệm vụ)\s+(?=của\s)",
    re.IGNORECASE,
)
# "2. Cơ quan, tổ chức, doanh nghiệp ... có trách nhiệm sau:" (TT 27/2022/TT-BLĐTBXH,
# eleventh-round tune doc) as "X có trách nhiệm:".
_DUTY_HEADING_RE = re.compile(
    r"^(?P<party>.+?)\s+có (?:các |những )?(?:trách nhiệm|nhiệm vụ)"
    r"(?:\s+(?:như\s+)?sau(?:\s+đây)?)?\s*:?\s*$"
)


def duty_heading_party(heading: str) -> list[str] | None:
    """The party of "1. Các tổ chức thử nghiệm, chứng nhận sản phẩm, dịch vụ Halal có trách
    nhiệm:" (NĐ 127/2026/NĐ-CP, ninth-round tune doc), named with lowercase words the body grammar
    stops at: a heading that gives a party duties names it whole, as a "Trách nhiệm của X" title
    does. The last reading of a heading, when the body grammar and the list-intro cues found no
    lead."""
    text = heading.strip()
    found = _DUTY_HEADING_RE.match(text[markers.item_marker_end(text) :].strip())
    if not found:
        return None
    party = found.group("party")
    named = _responsible_party(party)
    if named:
        return named
    # "Điều 22. Chế độ cung cấp thông tin, báo cáo về tổ chức hành chính Các bộ, cơ quan ngang
    # bộ, các tổ chức hành chính khác do Chính phủ, Thủ tướng Chính phủ thành lập, Ủy ban nhân dân
    # tỉnh, thành phố trực thuộc trung ương có trách nhiệm:" (NĐ 121/2026/NĐ-CP, thirteenth-round
    # tune doc): an article's title run into the intro; the party opens at the capital "Các"
    run_in = [m.end() for m in _RUN_IN_SUBJECT_RE.finditer(party)]
    named = qualified_parties(party[run_in[-1] :] if run_in else party)
    if named:
        return named
    # "3. Trường cao đẳng được đánh giá theo tiêu chí trường cao đẳng chất lượng cao có trách
    # nhiệm:" (TT 35/2021/TT-BLĐTBXH, tenth-round tune doc): before "có trách nhiệm" a passive
    # "được ..." qualifies the party; the heading's grammar already says it is the subject.
    if (
        len(party) <= _PARTY_CHARS
        and _BODY_HEAD_RE.match(party)
        and not _MODAL_IN_PARTY_RE.search(party)
    ):
        return [party]
    return None


_MODAL_IN_PARTY_RE = re.compile(r"\b(?:có trách nhiệm|chịu trách nhiệm|phải|cần)\b")


# A heading that is only a party named with lowercase words the body grammar stops at, under an
# article that hands out duties: "Điều 9. Tổ chức thực hiện" > "6. Trường phổ thông nội trú xã
# biên giới" (NĐ 188/2026/NĐ-CP, tune half). Only heads that name organisations ("Ngành nghề ...",
# "Trường hợp ..." and "Tổ chức thực hiện" are topics), and no clause ("Doanh nghiệp phải đáp ứng
# các điều kiện", "Đơn vị tính").
_PARTY_HEADING_RE = re.compile(
    r"^(?:Trường(?!\s+hợp)|Trung tâm|Viện|Cơ quan|Đơn vị(?!\s+tính)|Ban quản lý|Hội đồng|"
    r"Doanh nghiệp)\s[^\W\d_][^,.;:()/]{0,80}$"
)
_NOT_A_PARTY_RE = re.compile(r"\b(?:phải|cần|được|có|là|đã|không|hoặc)\b")
_DUTY_ARTICLE_RE = re.compile(
    r"^Điều\s+\d+[a-zđ]?\.\s+(?:Tổ chức (?:thực hiện|thi hành)|Trách nhiệm)\b", re.IGNORECASE
)


# A party named by the work it was given: "4. Đơn vị được Bộ trưởng Bộ Nông nghiệp và Môi trường
# giao chủ trì thực hiện nhiệm vụ, hoạt động xây dựng văn bản quy phạm pháp luật" over lettered
# items (TT 26/2026/TT-BNNMT, ninth-round tune doc).
_ENTRUSTED_PARTY_RE = re.compile(
    r"^(?:Cơ quan|Đơn vị|Tổ chức)\s+được\s+(?:[^.;:]{0,80}?\s)?giao\s+[^.;:]{3,200}$"
)


def party_heading(heading: str, ancestors: list[str]) -> list[str] | None:
    """The party a bare heading names under a duty article (see ``_PARTY_HEADING_RE``)."""
    text = heading.strip()
    text = text[markers.item_marker_end(text) :].strip().rstrip(":").strip()
    if not any(_DUTY_ARTICLE_RE.match(a.strip()) for a in ancestors):
        return None
    if _ENTRUSTED_PARTY_RE.match(text):
        return [text]
    if not _PARTY_HEADING_RE.match(text) or _NOT_A_PARTY_RE.search(text):
        return None
    words = text.split()
    if any(_DIRECTIVE_VERB_RE.match(" ".join(words[i:])) for i in range(1, len(words))):
        return None
    return [text]


# An intro of its own with no subject: "Cụ thể:", "Trong đó:", "cụ thể như sau:".
_BARE_OPENER_RE = re.compile(
    r"^(?:[Cc]ụ thể(?: như sau)?|[Tt]rong đó|[Gg]ồm|[Bb]ao gồm|[Nn]hư sau)\s*:\s*$"
)


def _intro_subject(text: str) -> list[str] | None:
    """A list intro's bodies: "đề nghị X ... tổ chức thực hiện một số nhiệm vụ trọng tâm sau:"."""
    if not _LIST_INTRO_END_RE.search(text):
        return None
    sentences = sentence_spans(text)
    if len(sentences) > 1 and _BARE_OPENER_RE.match(text[slice(*sentences[-1])]):
        # "Giao Sở Y tế chủ trì ... trước ngày 30/6/2026. Cụ thể:": the items detail the task of
        # the sentence before the bare opener, so they go to its bodies.
        sentences = sentences[:-1]
    for sentence_start, sentence_end in reversed(sentences):
        sentence = text[sentence_start:sentence_end]
        triggers = _lead_triggers(sentence) + _subject_triggers(sentence)
        # "Chính phủ ban hành Kế hoạch ... như sau:" enacts a plan; it hands nothing out.
        triggers = triggers or [
            t for t in _verb_triggers(sentence) if not _ENACTING_RE.match(sentence[t[1] :])
        ]
        if triggers:
            return max(triggers, key=lambda t: t[0])[2]
        return _heading_subject(sentence)
    return None


# The enacting formula of a legal text: "Chính phủ ban hành Nghị định ...".
_ENACTING_RE = re.compile(
    r"^ban hành (?:Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Thông tư liên tịch|Kế hoạch|"
    r"Chương trình|Quy chế|Quy định|Điều lệ)\b"
)
