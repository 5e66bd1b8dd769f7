"""Who is assigned what, by when: the assignment ledger of a notice.

Works on the leaf blocks of ``ingest.structure.parse_blocks`` and recognises the ways Vietnamese
notices and legal texts hand out work:

- a trigger naming the lead: "Giao Văn phòng Tỉnh ủy tổng hợp ...", "đề nghị X ...",
  "yêu cầu X ...";
- a body as the subject of a modal or a duty verb: "Ban cán sự đảng UBND tỉnh cần rà soát ...",
  "Bộ Tài chính chủ trì, phối hợp với Bộ Nội vụ ...", "Ủy ban nhân dân cấp tỉnh có trách nhiệm ...",
  "Các đồng chí Ủy viên Ban Chấp hành ... tham gia góp ý ...";
- a heading or list intro whose subject is a body ("2.3. Ban cán sự đảng ... lãnh đạo Ủy ban nhân
  dân tỉnh:", "5. Bộ Nội vụ", "Trách nhiệm của Bộ Y tế", "đề nghị X ... một số nhiệm vụ sau:"):
  every item under it is a task of that body unless the item names its own lead.

Descriptions of the past ("đã chủ động lãnh đạo ...") carry none of these cues and give no record.
Body names are canonicalised by ``assistant.vocab.bodies`` so "UBND tỉnh" and "Ủy ban nhân dân tỉnh"
match across notices; the original wording is kept in ``assignees_text`` for citation.
"""

from __future__ import annotations

import itertools
import re

from assistant.core import dates as deadlines
from assistant.core.records import Assignment, Block, Notice
from assistant.core.text import sentence_spans
from assistant.vocab.bodies import canonical_body
from ingest import markers, task_tables

# --- bodies: where a body phrase ends ---------------------------------------------------------

# Multi-word phrases that are parts of body names although they contain verbs or commas.
_PROTECTED_PHRASES = re.compile(
    r"(?:cơ quan )?tham mưu,? giúp việc|có liên quan|liên quan|tổ chức(?:,| và)? cá nhân|"
    r"tổ chức chính trị(?:\s*-\s*|,\s*)xã hội|đoàn thể chính trị\s*-\s*xã hội|tổ chức đảng|"
    r"người đứng đầu|phó chủ tịch|chủ tịch|bí thư|giám đốc|thủ trưởng|hội đồng|văn phòng|"
    r"nông thôn|trực thuộc|sự nghiệp(?: công lập)?|sở,? ban,? ngành|ban,? ngành|doanh nghiệp|"
    r"người (?:sử dụng )?lao động|khám bệnh,? chữa bệnh|(?:liên đoàn )?lao động|"
    r"thông tấn,? báo chí|"
    r"tổ chức (?:đại diện(?: của)?|thành viên|đoàn thể|nhân dân|(?:có )?liên quan)|"
    r"khu công nghệ (?:cao|số tập trung)|hiệp hội|(?:tổng )?công ty|chủ chương trình|chủ quản|"
    r"ban quản lý|cơ sở (?:sản xuất,? )?kinh doanh|(?:cơ quan|người|cấp) có thẩm quyền|"
    r"(?:nhà|chủ) đầu tư|nhà thầu|cơ quan tư pháp|đoàn thể nhân dân|"
    # "các cơ quan, tổ chức, đơn vị, cá nhân có liên quan": in a list of bodies "tổ chức" is
    # the noun, not the verb.
    r"tổ chức(?=\s*[,;]|\s+(?:và|có liên quan|liên quan)\b)|cá nhân|"
    r"tổ chức tín dụng(?: phi ngân hàng)?",
    re.IGNORECASE,
)
# Lowercase words that occur inside body names ("các sở, ban, ngành", "Ủy ban nhân dân cấp tỉnh").
_BODY_WORDS = frozenset(
    """các cơ quan đơn vị sở ngành đoàn thể cấp tỉnh huyện xã thành phố thị trấn ủy uỷ đảng
    cán sự nhân dân địa phương chính quyền đồng chí viên của trong bộ trung ương khu vực vụ
    cục chi nhánh quận nhà nước ngang thuộc trưởng ngân hàng kho bạc bảo hiểm hội lực lượng
    công an quân đội khác đại biểu diện""".split()
)
# A lowercase syllable right after a capitalised one usually ends the same word ("Ban Chấp
# hành", "Bộ Tài chính", "Trường Chính trị") unless it starts a verb ("Tỉnh ủy chủ trì").
_VERB_START_RE = re.compile(
    r"(?:thành lập|nghiêm túc|quyết định|chủ trì|tổ chức|tổng hợp|tham mưu|chỉ đạo|lãnh đạo|"
    r"phối hợp|thực hiện|xây dựng|"
    r"hướng dẫn|ban hành|báo cáo|kiểm tra|rà soát|tiếp thu|nghiên cứu|triển khai|theo dõi|"
    r"đôn đốc|quản lý|quy định|tham gia|lưu ý|chịu trách|có trách|thẩm định|cung cấp|bảo đảm|"
    r"đảm bảo|tập trung|khẩn trương|tiếp tục|chủ động|quan tâm|tăng cường|đẩy mạnh|đẩy nhanh|"
    r"nâng cao|giám sát|tuyên truyền|phổ biến|ưu tiên|bố trí|cân đối|lựa chọn|huy động|vận động|"
    r"quán triệt|phê duyệt|công bố|xử lý|giải quyết|chuẩn bị|cập nhật|sắp xếp|kiện toàn|"
    r"hoàn thiện|hoàn thành|đề xuất|sửa đổi|hằng năm|hàng năm|định kỳ|"
    r"cần|phải|có|trình|gửi|là|được|"
    r"đã|sẽ|đang|để|theo|tại|về|với|cho|từ|trên|thì|khi|nếu)\b",
    re.IGNORECASE,
)

# Heads that start a body, so a chunk of a subject list can be checked: "Bộ ...", "các sở ...".
_BODY_HEAD_RE = re.compile(
    r"^(?:(?:các|mọi|từng)\s+)?(?:(?:đồng chí|đ/c)\s+)?"
    r"(?:bộ|ủy ban|uỷ ban|ubnd|hđnd|ubmttq|mttq|sở|ban(?!\s+hành)|văn phòng|đảng ủy|đảng đoàn|"
    r"đảng bộ|"
    r"tỉnh ủy|thành ủy|huyện ủy|thị ủy|quận ủy|cấp ủy|chính quyền|cơ quan|đơn vị|ngành|"
    r"địa phương|đoàn thể|tổ chức|thường trực|thủ trưởng|thủ tướng|chính phủ|bộ trưởng|"
    r"chủ tịch|phó chủ tịch|bí thư|ủy viên|uỷ viên|tỉnh ủy viên|thành viên|người đứng đầu|"
    r"trường(?!\s+hợp)|trung tâm|viện|tòa án|toà án|kiểm toán|thanh tra|tổng cục|cục|vụ|chi cục|"
    r"ngân hàng|kho bạc|bảo hiểm xã hội|công an|quân khu|bộ tư lệnh|bộ chỉ huy|mặt trận|"
    r"hội|liên đoàn|tổng liên đoàn|công đoàn|đoàn thanh niên|hội đồng|giám đốc|tổng giám đốc|"
    r"cục trưởng|vụ trưởng|chánh|trưởng ban|kiểm sát viên|điều tra viên|lãnh đạo|"
    r"các bộ|phòng|ban chỉ đạo|ban quản lý|tập đoàn|tổng công ty|doanh nghiệp|"
    r"người (?:sử dụng )?lao động|cơ sở (?:khám|đào tạo|giáo dục|y tế|nghiên cứu)|"
    # The parties of a project regulation: "Nhà đầu tư có trách nhiệm:", "Chủ đầu tư ...".
    r"(?:nhà|chủ) đầu tư|nhà thầu|"
    # The legislature's own bodies, the press and the bodies of economic zones and trades:
    # "Đoàn đại biểu Quốc hội", "Đài Truyền hình Việt Nam", "Các Khu Công nghệ cao", "hiệp hội".
    r"đoàn đại biểu|đại biểu|đài (?:truyền hình|tiếng nói|phát thanh)|thông tấn xã|"
    r"khu (?:công nghệ|công nghiệp|kinh tế|chế xuất)|hiệp hội|liên minh)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"\w+(?:[./-]\w+)*|[,;]|\s[-–]\s|\S", re.UNICODE)


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


# "cấp" belongs to a body name before a level: "Ủy ban nhân dân cấp tỉnh", "các cấp ủy".
_LEVEL_AFTER_RE = re.compile(
    r"\s+(?:tỉnh|huyện|xã|trung ương|bộ|cơ sở|quận|thành phố|phường|thôn|ủy|có thẩm quyền|trên|"
    r"dưới|ngành|chính quyền|Trung ương)\b"
)
# "Các Bộ: Y tế, Công Thương, Nông nghiệp và Môi trường" names three ministries.
_ENUMERATION_HEAD_RE = re.compile(r"(?:^|(?<=\s))(?:[Cc]ác\s+)?(?P<head>Bộ|Sở|Ban)\s*$")
_ENUMERATION_RE = re.compile(r"^(?:[Cc]ác\s+)?(?P<head>Bộ|Sở|Ban)\s*:\s*(?P<names>.+)$")


def _expand_enumeration(phrase: str) -> str:
    """ "Các Bộ: Y tế, Công Thương và Ủy ban nhân dân tỉnh" -> "Bộ Y tế, Bộ Công Thương và Ủy ban
    nhân dân tỉnh": each name gets the head noun unless it is a body on its own."""
    found = _ENUMERATION_RE.match(phrase.strip())
    if not found:
        return phrase
    head = found.group("head")
    names: list[str] = []
    for piece in re.split(r"\s*,\s*", found.group("names")):
        # "Tài chính và Ủy ban nhân dân tỉnh" is two; "Nông nghiệp và Môi trường" is one.
        pair = re.match(r"^(?P<a>.+?)\s+và\s+(?P<b>.+)$", piece)
        if pair and _BODY_HEAD_RE.match(pair.group("b")) and _is_capitalized(pair.group("b")):
            names += [pair.group("a"), pair.group("b")]
        else:
            names.append(piece)
    out = []
    for name in names:
        if _BODY_HEAD_RE.match(name) or not _is_capitalized(name):
            out.append(name)  # "Ủy ban nhân dân tỉnh" names itself; "thành phố" continues it
        else:
            out.append(f"{head} {name}")
    return ", ".join(out)


# Verbs whose first syllable is also a body word: "... các tỉnh, thành phố thành lập Tổ công tác".
_NAME_ENDING_VERB_RE = re.compile(r"thành lập\b")


def body_phrase_end(text: str, start: int) -> int:
    """End offset of the body phrase (or list of bodies) that begins at ``start``: the first
    lowercase word that cannot be part of a body name (the verb) ends it."""
    pos = end = start
    after_capital = False
    while pos < len(text):
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos > start and _ADJUNCT_RE.match(text, pos):
            break  # "Ủy ban nhân dân tỉnh trong phạm vi chức năng ... chỉ đạo": the subject ended
        protected = _PROTECTED_PHRASES.match(text, pos)
        if protected:
            pos = end = protected.end()
            after_capital = False
            continue
        match = _WORD_RE.match(text, pos)
        if not match:
            break
        word = match.group(0).strip()
        if word == ":" and _ENUMERATION_HEAD_RE.search(text, start, pos):
            pos = end = match.end()  # "Các Bộ: Y tế, Công Thương": the names follow the colon
            continue
        if word in {":", ".", "!", "?", "“", "”", '"'}:
            break
        if word in {",", ";", "-", "–", "(", ")"} or word.lower() == "và":
            pos = match.end()  # a separator only belongs to the phrase if a body follows it
            after_capital = False
            while pos < len(text) and text[pos] == " ":
                pos += 1
            if word == "," and _ADJUNCT_RE.match(text, pos):
                break  # "Hội đồng nhân dân các cấp, trong phạm vi ...": the subject has ended
            continue
        if _is_capitalized(word) or word.isdigit():
            pos = end = match.end()
            after_capital = True
            continue
        if (
            word == "cấp"
            and re.match(r"\s+[^\W\d_]", text[match.end() :])
            and not _LEVEL_AFTER_RE.match(text, match.end())
        ):
            break  # "Ban Cơ yếu Chính phủ cấp Giấy phép": "cấp" is the verb
        if (word in _BODY_WORDS and not _NAME_ENDING_VERB_RE.match(text, pos)) or (
            after_capital and not _VERB_START_RE.match(text, pos)
        ):
            pos = end = match.end()
            after_capital = False
            continue
        break
    return end


def split_bodies(phrase: str) -> list[str]:
    """'Ban cán sự đảng UBND tỉnh, các đồng chí thành viên UBND tỉnh; Bí thư thành ủy, huyện ủy'
    -> one item per body. A comma or "và" starts a new body only when what follows can start a
    body on its own ("các ...", a capitalised name); "các sở, ban, ngành" stays one group."""
    pieces: list[str] = []
    for part in re.split(r"\s*;\s*", phrase.strip(" ,;:.")):
        current = ""
        for chunk in re.split(r"(\s*,\s*|\s+và\s+)", part):
            if not chunk or re.fullmatch(r"\s*,\s*|\s+và\s+", chunk):
                if current and chunk:
                    current += chunk
                continue
            starts_body = bool(_BODY_HEAD_RE.match(chunk)) and (
                _is_capitalized(chunk) or chunk.lower().startswith(("các ", "thủ trưởng"))
            )
            if current and starts_body:
                pieces.append(current)
                current = chunk
            else:
                current = current + chunk if current else chunk
        if current:
            pieces.append(current)
    return [re.sub(r"(\s*,\s*|\s+và\s+)$", "", p).strip(" ,;:.") for p in pieces if p.strip()]


_FOOTNOTE_RE = re.compile(r"(?<=[^\W\d_])\d{1,3}$")


_NAMED_PERSON_RE = re.compile(r"^(?:[Đđ]ồng chí|[Đđ]/c|Ông|Bà)\s+(?P<name>\S+(?:\s+\S+){1,4})$")


def _named_officers(pieces: list[str]) -> list[str]:
    """ "Đồng chí Nguyễn Văn An, Giám đốc Sở Y tế": the person and their office are one lead,
    written the way "Phó Chủ tịch UBND tỉnh Trần Văn Bình" names them."""
    out: list[str] = []
    for piece in pieces:
        person = out and _NAMED_PERSON_RE.match(out[-1])
        if (
            person
            and all(word[:1].isupper() for word in person.group("name").split())
            and _BODY_HEAD_RE.match(piece)
        ):
            out[-1] = f"{piece} {person.group('name')}"
        else:
            out.append(piece)
    return out


def parse_subject(phrase: str) -> list[str] | None:
    """The bodies named by ``phrase`` (original wording), or None when any part of it is not a
    body: "vấn đề", "chúng ta", "báo cáo chính trị" are not assignees."""
    phrase = _expand_enumeration(phrase.strip(" ,;:."))
    if not phrase or len(phrase) > 400:
        return None
    if _BARE_GENERIC_RE.fullmatch(phrase):
        return None
    bodies = _named_officers(split_bodies(phrase))
    if not bodies or not all(_BODY_HEAD_RE.match(body) for body in bodies):
        return None
    # "Bộ Lao động - Thương binh và Xã hội11": a footnote number glued to the name.
    return [_FOOTNOTE_RE.sub("", body) for body in bodies]


# A bare "Cơ quan" / "Đơn vị" is a table label in the gazette ("Cơ quan chịu trách nhiệm thu
# thập, tổng hợp: Tổng cục Thống kê"), not an assignee.
_BARE_GENERIC_RE = re.compile(
    r"(?:các\s+)?(?:cơ quan|đơn vị|tổ chức|bộ phận|cơ quan cấp|bộ|ngành|lãnh đạo)", re.IGNORECASE
)
# Form templates ("Ngày bắt đầu hoạt động: …/……/……") are not tasks.
_LETTER_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_FORM_BLANK_RE = re.compile(r"…\s*/|\.{4,}|…{2,}|_{3,}")


# --- triggers ------------------------------------------------------------------------------

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
        # The subject sits right before the modal, after any opener that ends in a comma or a
        # colon ("Đối với những tháng còn lại năm 2021, X cần ..."): try the longest tail first.
        # "Cục trưởng Cục Quản lý đấu thầu và Thủ trưởng các cơ quan ... chịu trách nhiệm": when
        # a name with lowercase words defeats the whole phrase, the bodies after "và" remain.
        candidates = [0] + sorted(
            m.end() for m in re.finditer(r"[,;:]…?\s*|\s+và\s+(?=[A-ZĐ])", before)
        )
        for start in candidates:
            phrase = before[start:]
            offset = start + (markers.item_marker_end(phrase) if start == 0 else 0)
            phrase = before[offset:]
            lead = phrase.lstrip()
            offset += len(phrase) - len(lead)
            if body_phrase_end(before, offset) < len(before.rstrip()):
                continue  # a verb or a plain noun inside: not a pure body phrase
            bodies = parse_subject(lead)
            if bodies:
                if match.group("modal"):
                    task_start = match.end() - 1
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
    r"nghiêm túc|thành lập|"
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
# An adjunct between the subject and its verb: "Các bộ theo chức năng, nhiệm vụ được giao, chủ
# động rà soát ...". The verb is looked for within this many characters.
# A frequency adverb sits there too: "Kiểm toán nhà nước hằng năm thực hiện kiểm toán ...".
_ADJUNCT_RE = re.compile(
    r"(?:theo|trong phạm vi|căn cứ|(?:hằng|hàng) (?:năm|quý|tháng)|định kỳ)\s", re.IGNORECASE
)
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
_NOT_QUALIFIER_RE = re.compile(r"(?:đã|sẽ|đang|được|có|là|cần|phải|không)\b")


def _generic_subject_end(sentence: str, start: int) -> int:
    """End of "<generic head> <qualifier>" when a directive verb follows it, else -1."""
    head = _GENERIC_HEAD_RE.match(sentence, start)
    if not head:
        return -1
    pos = head.end()
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
    if _OPENER_RE.match(sentence[marker_end:]):  # "^" does not anchor at a pos argument
        starts += [m.end() for m in re.finditer(r"[,;:]…?\s*", sentence)]
    return _verb_triggers_from(sentence, starts, marker_end)


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


_DUTY_FIELD_RE = re.compile(r"\s+trong\s+(?:việc|hoạt động|lĩnh vực|công tác)\b.*$")


def _responsible_party(text: str) -> list[str] | None:
    """Whose duties a "Trách nhiệm của X" article lists, X written with lowercase words the body
    phrase grammar stops at ("doanh nghiệp cung ứng dịch vụ bưu chính công ích", "cơ quan đại diện
    Việt Nam ở nước ngoài"): the title names a party by definition, so X is taken whole when it
    opens with a body's head and holds no directive verb."""
    bodies = parse_subject(text) if body_phrase_end(text, 0) >= len(text) else None
    if bodies:
        return bodies
    if (
        len(text) <= _PARTY_CHARS
        and _BODY_HEAD_RE.match(text)
        and not _CLAUSE_IN_TITLE_RE.search(text)
    ):
        pieces: list[str] = []
        for piece in re.split(r"\s*,\s*", text):
            # a piece that cannot open a body goes on the one before ("tỉnh, thành phố")
            # "các bộ, ngành, địa phương" is one group; "..., Công an cấp xã" and "..., cơ sở
            # hoạt động giáo dục nghề nghiệp" open bodies of their own
            opens_body = piece[:1].isupper() or piece.startswith(("các ", "cơ sở "))
            if pieces and not opens_body:
                pieces[-1] = f"{pieces[-1]}, {piece}"
            elif piece:
                pieces.append(piece)
        return pieces
    return None


# A party longer than this is taken for a title run into its text. Calibrated on the non-test
# corpus: of its 342 "Điều N. Trách nhiệm của ..." titles, those that do not run on into a sentence
# name parties of at most 100 characters; the run-on ones are 320 characters and more.
_PARTY_CHARS = 160
# A title that goes on into a clause ("... có trách nhiệm ...") names no party by itself; the
# words of names ("giáo dục thường xuyên", "tổ chức tín dụng") are no sign of one.
_CLAUSE_IN_TITLE_RE = re.compile(r"\b(?:có trách nhiệm|chịu trách nhiệm|phải|cần|được)\b")


def _heading_subject(heading: str) -> list[str] | None:
    """Bodies a heading hands its items to: "5. Bộ Nội vụ", "2.2. X, Y:", "2.3. X lãnh đạo Y:",
    "Trách nhiệm của Bộ Y tế", "Điều 12. Trách nhiệm của Ủy ban nhân dân cấp tỉnh"."""
    text = heading.strip()
    text = text[markers.item_marker_end(text) :]
    text = re.sub(r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*)", "", text).strip().rstrip(":").strip()
    responsibility = _RESPONSIBILITY_HEADING_RE.match(text)
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


def _marker_level(text: str) -> str:
    """The list level of an item ("numbered2" for "2.3.", "point" for "a)"), "" for a plain
    paragraph: the marker grammar shared with the heading tree."""
    return markers.item_level(text.strip())


# --- extraction ----------------------------------------------------------------------------


# "Điều 13. Trách nhiệm của các cơ quan, tổ chức, cá nhân có liên quan Cơ quan, tổ chức, cá nhân
# có liên quan có trách nhiệm phối hợp ...", "Điều 12. Trách nhiệm của Viện kiểm sát nhân dân tối
# cao Chủ trì, phối hợp ...": the PDF ran a duty article's title into its text.
_DUTY_TITLE_RE = re.compile(
    r"^(?P<title>Điều\s+\d+[a-zđ]?\.\s+(?:Trách nhiệm|Nhiệm vụ(?:,? (?:và )?quyền hạn)?) của\s+"
    r"(?P<party>[^.;:]+))$"
)


def _split_duty_title(block: Block) -> Block | None:
    """The text of a duty article whose title runs into it, under that title; None when the
    block is not one. The title ends where a capitalised word after a lowercase one opens a
    directive verb or repeats the party ("... nhân dân tối cao Chủ trì", "... có liên quan Cơ
    quan, tổ chức ..."), not at a capitalised name inside the party ("... đại diện Việt Nam")."""
    if block.section and _DUTY_TITLE_RE.match(block.section[-1] or ""):
        return None
    for found in re.finditer(r"\s+", block.text):
        before, after = block.text[found.start() - 1 : found.start()], block.text[found.end() :]
        if not (before.islower() and after[:1].isupper()):
            continue
        title = _DUTY_TITLE_RE.match(block.text[: found.start()])
        if not title:
            continue
        rest = block.text[found.end() :]
        party = re.sub(r"^các\s+", "", title.group("party").strip(), flags=re.IGNORECASE)
        if _is_verb(rest) or rest.lower().startswith(party.lower()):
            return Block(
                [*block.section, title.group("title").strip()],
                rest,
                block.start + found.end(),
                block.end,
                block.kind,
            )
    return None


def extract_assignments(notice: Notice, blocks: list[Block]) -> list[Assignment]:
    """Assignment records of one notice, in document order."""
    blocks = [_split_duty_title(block) or block for block in blocks]
    records: list[Assignment] = []
    lines = task_tables.lines_of(notice.text)
    table_spans: list[tuple[int, int]] = []
    for first, last in task_tables.find_tables(lines):
        table_spans.append((lines[first].start, lines[last].end))
        section = next((list(b.section) for b in blocks if b.start >= lines[first].start), [])
        for row in task_tables.parse_table(lines[first : last + 1], _is_body_line, _is_verb):
            records.append(_table_record(notice, section, row))
    for first, last, form in task_tables.find_forms(lines, _is_body_line):
        if any(start <= lines[first].start < end for start, end in table_spans):
            continue
        table_spans.append((lines[first].start, lines[last].end))
        section = next((list(b.section) for b in blocks if b.start >= lines[first].start), [])
        records.append(_form_record(notice, section, form))
    in_table = {
        index
        for index, block in enumerate(blocks)
        if any(start <= block.start < end for start, end in table_spans)
    }
    # Open list intros, outermost first: (marker level of the intro, bodies it hands out,
    # the heading path it was written under).
    intros: list[tuple[str, list[str], list[str], str]] = []
    heading_cache: dict[tuple[str, ...], list[str] | None] = {}
    levels = [_marker_level(block.text) for block in blocks]
    # The level of the next list item after each block, across plain paragraphs.
    next_levels = [""] * len(blocks)
    upcoming = ""
    for index in range(len(blocks) - 1, -1, -1):
        next_levels[index] = upcoming
        upcoming = levels[index] or upcoming
    last_item_level = ""
    seen_headings: set[tuple[str, ...]] = set()
    # The section of an open "các Bộ đã có báo cáo Chính phủ như sau:" list: its items and what
    # is nested in them record reports made, until a plain paragraph at the intro's own depth.
    reported: list[str] | None = None
    for index, block in enumerate(blocks):
        if index in in_table:
            continue
        text = block.text
        level = levels[index]
        if reported is not None:
            if block.section[: len(reported)] == reported and (
                level or len(block.section) > len(reported)
            ):
                continue
            reported = None
        if _REPORTED_RE.search(text) and not level:
            reported = list(block.section)
            continue
        records.extend(_heading_task_records(notice, block, seen_headings))
        # A new section ("III. TỔ CHỨC THỰC HIỆN") closes the intros of the one before.
        while intros and block.section[: len(intros[-1][2])] != intros[-1][2]:
            intros.pop()
        in_list = False
        if not level:
            if intros and next_levels[index] == last_item_level:
                in_list = True  # a paragraph between two items of one list is one of them
            else:
                intros.clear()  # a plain paragraph ends any list
        else:
            last_item_level = level
            while intros and intros[-1][0] == level:
                intros.pop()  # a sibling item closes the previous item's own list
        own = [r for r in _block_records(notice, block) if not _is_enacting(block, r)]
        if _hands_out_nothing(notice, block, heading_cache) and not _one_off_in_procedure(
            notice, block, text
        ):
            continue  # a member list, a situation or a power names bodies but gives no work
        if _PER_APPLICATION_RE.match(text, _marker_len(text)):
            continue  # a step of a procedure, counted from each application: a rule
        intro_bodies = _intro_subject(text)
        if intro_bodies:
            intros.append((level, intro_bodies, list(block.section), text))
            records.extend(own)  # earlier sentences may carry their own leads
            continue  # the intro itself is not a task; its items are
        inherited, source = _inherited_subject(notice, block, intros, in_list, heading_cache)
        starts_with_own_lead = any(r.start - block.start <= _marker_len(text) for r in own)
        if (
            inherited
            and not starts_with_own_lead
            and block.kind != "heading"
            and not _ELABORATION_RE.search(text)
            and not (in_list and _CONTINUATION_RE.match(text))
            and not _is_group_title(blocks, index, level, levels)
            # "Bộ Tư pháp ... có các nhiệm vụ và quyền hạn sau đây:" introduces the items that
            # carry the work; the intro is none of it
            and not _LIST_INTRO_END_RE.search(text)
        ):
            task_offset = _marker_len(text)
            # A later sentence or clause with a lead of its own ("...; giao Văn phòng Chính phủ
            # ...", "Bộ Tài chính khẩn trương ...") ends the inherited task.
            own_at = min((r.start - block.start for r in own), default=len(text))
            task = text[task_offset:own_at].strip().rstrip(" ;,")
            # An all-capitals line is a heading, a line with blanks a form, a line of one or
            # two words a table cell, a line that only names a body a member list: none of them
            # is a task.
            if (
                len(task.split()) >= _MIN_INHERITED_TASK_WORDS
                and len(_LETTER_WORD_RE.findall(task)) >= 2
                and not task.isupper()
                and not _FORM_BLANK_RE.search(task)
                and not _only_bodies(task)
            ):
                task_end = block.start + task_offset + len(task)
                records.extend(
                    _records(
                        notice,
                        block,
                        inherited,
                        task,
                        block.start + task_offset,
                        task_end,
                        supporters=_intro_supporters(source),
                    )
                )
        records.extend(own)
    records = [r for r in records if not _a_rule_of_the_regulation(r, notice.doc_type or "")]
    records.sort(key=lambda r: r.start)
    return records


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
    r"Hiệu lực|Điều khoản thi hành|Thi hành)",
    re.IGNORECASE,
)
# The chapter's title opens with it: "Chương VII TỔ CHỨC THỰC HIỆN", "Chương IV TRÁCH NHIỆM CỦA
# ...", "Chương V ĐIỀU KHOẢN THI HÀNH" (not "Chương II CƠ QUAN THI HÀNH ÁN DÂN SỰ").
_WORK_CHAPTER_RE = re.compile(
    r"^Chương\s+\S+\s+(?:TỔ CHỨC THỰC HIỆN|TỔ CHỨC THI HÀNH|TRÁCH NHIỆM|ĐIỀU KHOẢN THI HÀNH|"
    r"THI HÀNH)"
)
# A delegation to write the detailed rules is work wherever it is written: "Bộ trưởng Bộ Tư pháp
# quy định chi tiết ...", "Bộ Tài chính hướng dẫn ...".
_DELEGATION_RE = re.compile(r"^(?:quy định chi tiết|hướng dẫn)\b", re.IGNORECASE)


# A decree or a circular is a regulation with or without chapters.
_REGULATION_TYPES = frozenset({"Nghị định", "Thông tư", "Thông tư liên tịch"})
_ARTICLE_RE = re.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]")


def _a_rule_of_the_regulation(record: Assignment, doc_type: str) -> bool:
    section = record.section
    if not section:
        return False
    chaptered = bool(_CHAPTER_RE.match(section[0]))
    in_article = any(_ARTICLE_RE.match(h) for h in section)
    if not chaptered and not (doc_type in _REGULATION_TYPES and in_article):
        return False
    if _WORK_CHAPTER_RE.match(section[0]) or any(_WORK_ARTICLE_RE.match(h) for h in section):
        return False
    # "Điều 3. Chánh Văn phòng Bộ, ... chịu trách nhiệm thi hành Thông tư này": the closing
    # clause written as an article of its own
    if any(_ARTICLE_RE.match(h) and _BOILERPLATE_RE.search(h) for h in section):
        return False
    return not _DELEGATION_RE.match(record.task.strip())


def _heading_task_records(
    notice: Notice, block: Block, seen: set[tuple[str, ...]]
) -> list[Assignment]:
    """The task a heading line states before its bare opener, once per heading: "1. Giao Sở Y tế
    chủ trì ... trước ngày 30/6/2026. Cụ thể:" is a task of Sở Y tế, then its items are."""
    found: list[Assignment] = []
    for depth in range(1, len(block.section) + 1):
        path = tuple(block.section[:depth])
        if path in seen:
            continue
        seen.add(path)
        full = _full_heading(notice.text, path[-1], block.start)
        sentences = sentence_spans(full)
        if len(sentences) < 2 or not _BARE_OPENER_RE.match(full[slice(*sentences[-1])]):
            continue
        at = notice.text.rfind(full, 0, block.start + 1)
        if at < 0:
            continue
        heading = Block(list(path[:-1]), full, at, at + len(full), "heading")
        found.extend(_block_records(notice, heading))
    return found


# What may follow the body name on the lead line of a table: "Ủy ban nhân dân cấp tỉnh trình",
# "Bộ Y tế, Sở Y tế đối với địa phương", "Bộ Tư pháp (đối với ...)", "Các bộ ở" + "Trung ương".
_LEAD_LINE_REST_RE = re.compile(r"^\s*(?:$|\(|trình\b|ở\b|đối với\b|và\s*$|,|\.$)")


_SLASH_LIST_RE = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


# The lowercase tail of a name in a table cell: "Ủy ban công tác phi chính phủ nước ngoài",
# "Bộ Khoa học và công nghệ", "Ủy ban Công tác về các tổ chức" (the cell holds names only).
_CELL_NAME_TAIL_RE = re.compile(r"^\s*[^\W\d_A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+)*\s*,?$")


# A name of a body: its head and a capitalised word ("Bộ Ngoại giao"), not "Bộ tiêu chí".
def _named_body(body: str) -> bool:
    """A name of a body: its head and a capitalised word ("Bộ Ngoại giao", "Ủy ban nhân dân Tỉnh
    ..."), not "Bộ tiêu chí"."""
    words = body.split()
    if words and words[0].lower() == "các":
        words = words[1:]
    return len(words) >= 2 and (
        words[1][:1].isupper()
        or (len(words) >= 3 and words[1][:1].islower() and words[2][:1].isupper())
    )


def _is_body_line(text: str) -> bool:
    """A table line that opens with a body name ("Các bộ" is a lead in a table cell)."""
    text = _SLASH_LIST_RE.sub(", ", text)  # "UBND các tỉnh/thành phố"
    if not _is_capitalized(text):
        return False
    end = body_phrase_end(text, 0)
    if end <= 0:
        return False
    bodies = split_bodies(_expand_enumeration(text[:end]))
    if not bodies or not all(_BODY_HEAD_RE.match(body) for body in bodies):
        return False
    if _LEAD_LINE_REST_RE.match(text[end:]):
        return True
    # A name whose lowercase words end the phrase early: the rest of the cell goes on the name
    # when the line opens with a named body and the rest is words with no directive verb.
    rest = text[end:]
    return bool(
        _named_body(bodies[0])
        and _CELL_NAME_TAIL_RE.match(rest)
        and not _DIRECTIVE_VERB_RE.match(rest.strip())
    )


def _is_verb(text: str) -> bool:
    return bool(_DIRECTIVE_VERB_RE.match(text[:1].lower() + text[1:]))


def _cell_bodies(cell: str) -> list[str]:
    """The bodies of a table cell, leniently: pieces that do not start a body ("Trung ương",
    "thành phố") stay with the piece before them."""
    cell = re.sub(r"\([^)]*\)?", "", cell).strip(" ,;.")
    pieces: list[str] = []
    for piece in split_bodies(_expand_enumeration(cell)):
        end = body_phrase_end(piece, 0)
        if end and re.match(r"\s*(?:trình|đối với)\b", piece[end:]):
            piece = piece[:end]  # "Ủy ban nhân dân cấp tỉnh trình" -> the body
        if pieces and not _BODY_HEAD_RE.match(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return pieces or ([cell] if cell else [])


def _form_record(notice: Notice, section: list[str], form: task_tables.FormTask) -> Assignment:
    bodies = _cell_bodies(form.lead)
    supporters = _cell_bodies(form.supporters)
    return Assignment(
        assignees=_canonical_list(bodies),
        task=form.task,
        doc_id=notice.doc_id,
        section=section,
        start=form.start,
        end=form.end,
        supporters=_canonical_list(supporters),
        assignees_text=bodies,
        deadline_text=form.deadline_text,
        deadline=deadlines.parse_deadline_field(form.deadline_text, notice.date),
        kind=_kind(form.task, form.task, form.deadline_text),
    )


def _table_record(notice: Notice, section: list[str], row: task_tables.TableRow) -> Assignment:
    bodies = _cell_bodies(row.lead)
    supporters = _cell_bodies(row.supporters)
    return Assignment(
        assignees=_canonical_list(bodies),
        task=row.task,
        doc_id=notice.doc_id,
        section=section,
        start=row.start,
        end=row.end,
        supporters=_canonical_list(supporters),
        assignees_text=bodies,
        deadline_text=row.deadline_text,
        deadline=row.deadline,
        kind=_kind(row.task, row.task, row.deadline_text),
    )


# A list intro whose items describe something rather than hand out work: "Phương án ... phải
# gắn với ..., theo hướng:", a committee "gồm các thành viên sau đây:".
_ELABORATION_RE = re.compile(
    r"(?:theo hướng|gồm|bao gồm|gồm các thành viên sau(?: đây)?|gồm những nội dung sau)\s*:\s*$",
    re.IGNORECASE,
)
_LEVEL_RANKS = (
    "roman",
    "numbered1",
    "numbered2",
    "numbered3",
    "numbered4",
    "point",
    "dash",
    "plus",
)
# A list of situations, not of work: "... trong các trường hợp sau đây:" then "d) Người lao
# động cung cấp không trung thực thông tin ...".
_CONDITIONS_RE = re.compile(r"trường hợp(?: sau(?: đây)?)?\s*:\s*$", re.IGNORECASE)
# The enacting formula of a legal text: "Chính phủ ban hành Nghị định ...".
_ENACTING_RE = re.compile(
    r"^ban hành (?:Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Thông tư liên tịch|Kế hoạch|"
    r"Chương trình|Quy chế|Quy định|Điều lệ)\b"
)


def _only_bodies(text: str) -> bool:
    """A line that only names bodies ("- Bộ trưởng Bộ Quốc phòng;"): a member list entry."""
    text = text.rstrip(" ;,.")
    return body_phrase_end(text, 0) >= len(text) and bool(parse_subject(text))


# "Điều 3. Quyền hạn của Ban Chỉ đạo": powers, not duties ("Nhiệm vụ, quyền hạn" are duties).
# "Điều 7. Thẩm quyền công nhận và khen thưởng ...": who may decide is a power as well.
_POWERS_RE = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]\s*)?(?:Quyền hạn|Thẩm quyền)\b", re.IGNORECASE
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
_PER_APPLICATION_RE = re.compile(
    r"(?:Trong (?:thời hạn|thời gian|vòng) \d+ ngày(?: làm việc)?,? kể từ (?:ngày|khi|thời điểm)|"
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
_PROCEDURE_REWRITE_RE = re.compile(
    r"^(?:Phụ lục\s+\S+|Điều\s+\d+[a-zđ]?\s*[.:])\s*"
    r"(?:cắt giảm|phân cấp|đơn giản hóa|đơn giản hoá)[^.:;]{0,40}thủ tục hành chính",
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
)


def _one_off_in_procedure(notice: Notice, block: Block, text: str) -> bool:
    if not _CALENDAR_DATE_RE.search(text):
        return False
    for heading in block.section:
        full = _full_heading(notice.text, heading, block.start)
        if _PROCEDURE_RE.match(full) or _PROCEDURE_REWRITE_RE.match(full):
            return True
    return False


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
                or _PROCEDURE_RE.match(full)
                or _SCOPE_RE.match(full)
                or _PRINCIPLES_RE.match(full)
                or _REPORTED_RE.search(full)
                or _AMENDMENT_RE.match(full)
                or _PROCEDURE_REWRITE_RE.match(full)
                or _FORM_APPENDIX_RE.match(full)
            )
        if cache[key]:
            return True
    return False


def _is_enacting(block: Block, record: Assignment) -> bool:
    return not block.section and bool(_ENACTING_RE.match(record.task))


def _is_group_title(blocks: list[Block], index: int, level: str, levels: list[str]) -> bool:
    """A numbered item whose own items follow it ("1. Tăng cường công tác lãnh đạo ..." then
    "- ..."): it names a group of tasks, the items are the tasks."""
    if level not in _LEVEL_RANKS[:5] or index + 1 >= len(blocks):
        return False
    following = levels[index + 1]
    return (
        following in _LEVEL_RANKS
        and _LEVEL_RANKS.index(following) > _LEVEL_RANKS.index(level)
        and not blocks[index].text.rstrip().endswith(":")
    )


def _marker_len(text: str) -> int:
    return markers.item_marker_end(text)


def _inherited_subject(
    notice: Notice,
    block: Block,
    intros: list[tuple[str, list[str], list[str], str]],
    in_list: bool = False,
    cache: dict | None = None,
) -> tuple[list[str] | None, str]:
    """(bodies, the heading or intro that names them) from the innermost heading that names
    them (a body heading or a list intro such as "đề nghị X ... sau:"), else from an open list
    intro among the preceding blocks. Items under an elaboration ("..., theo hướng:") inherit
    nothing."""
    cache = {} if cache is None else cache
    for depth in range(len(block.section), 0, -1):
        # Every block under a heading asks about it again: remember the answer per heading path
        # (a long law asks ~100,000 times).
        path = tuple(block.section[:depth])
        if path not in cache:
            full = _full_heading(notice.text, path[-1], block.start)
            if _ELABORATION_RE.search(full):
                cache[path] = None
            else:
                cache[path] = _heading_subject(full) or _intro_subject(full) or []
        bodies = cache[path]
        if bodies is None:
            return None, ""
        if bodies:
            return bodies, _full_heading(notice.text, path[-1], block.start)
    if intros and (_marker_level(block.text) or in_list):
        return intros[-1][1], intros[-1][3]
    return None, ""


def _intro_supporters(source: str) -> list[str]:
    """The supporters a heading or intro gives its items: "Bộ Tài chính chủ trì, phối hợp với
    các cơ quan, địa phương:"."""
    found = _SUPPORT_RE.search(source) if source else None
    if not found:
        return []
    end = body_phrase_end(source, found.end())
    return parse_subject(source[found.end() : end]) or []


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


def _block_records(notice: Notice, block: Block) -> list[Assignment]:
    """Records for sentences of the block that name their own lead."""
    text = block.text
    records: list[Assignment] = []
    # Sentences that name a lead, each with the subjectless sentences after it: "Lãnh đạo các
    # địa phương cần giữ vững kỷ luật ... . Hoàn thành việc xử lý ... trong quý II năm 2026."
    # is one body's work, with that deadline.
    groups: list[list | None] = []
    # A block that a PDF cut after a preposition goes on with the text before it: "Nghị định số
    # 51/2016/NĐ-CP ... của" + "Chính phủ quy định quản lý lao động ..." is a cited text's title,
    # its issuer no subject (lists of texts in QĐ 135 and 169/QĐ-BLĐTBXH, NQ 22/2026, tune half).
    continued = bool(_CUT_AFTER_RE.search(notice.text, max(0, block.start - 30), block.start))
    for sentence_start, sentence_end in sentence_spans(text):
        sentence = text[sentence_start:sentence_end]
        # Cue words first ("giao X", "X có trách nhiệm"); a bare subject + verb otherwise, so that
        # "Cơ quan trực tiếp quản lý người bị thương có trách nhiệm ..." keeps its whole subject.
        triggers = _lead_triggers(sentence) + _subject_triggers(sentence)
        if not triggers and not (continued and sentence_start == 0):
            triggers = _verb_triggers(sentence)
        triggers = _drop_nested(sorted(triggers))
        if triggers:
            groups.append([sentence_start, sentence_end, triggers])
        elif groups and groups[-1] is not None and not _LIST_INTRO_END_RE.search(sentence):
            groups[-1][1] = sentence_end  # goes on with the same body's work
        else:
            groups.append(None)
    for group in groups:
        if group is None:
            continue
        sentence_start, sentence_end, triggers = group
        sentence = text[sentence_start:sentence_end]
        # Several leads in one sentence ("...; đồng thời, giao Ban Tổ chức ... chủ trì"): each
        # trigger's task runs to the next trigger.
        for index, (subject_start, task_start, bodies) in enumerate(triggers):
            is_last = index + 1 == len(triggers)
            clause_end = len(sentence) if is_last else triggers[index + 1][0]
            clause = sentence[task_start:clause_end]
            task = clause.strip(" ,;")
            if _FORM_BLANK_RE.search(task) or len(_LETTER_WORD_RE.findall(task)) < _MIN_TASK_WORDS:
                # a form's blanks or column numbers ("(10) (11) (12)") are not work
                continue
            if not task or (is_last and _LIST_INTRO_END_RE.search(sentence)):
                continue  # an intro ("... sau:") hands its bodies to the items that follow
            task_offset = block.start + sentence_start + task_start
            task_offset += len(clause) - len(clause.lstrip(" ,;"))
            # The first clause's span opens at the sentence start so that an opener such as
            # "Đối với những tháng còn lại năm 2021, ..." (a deadline) is inside the evidence;
            # not when what precedes the subject is other work ("...; giao Văn phòng Chính phủ").
            opener = sentence[:subject_start]
            short_opener = len(opener) <= _OPENER_SPAN_CHARS and ";" not in opener
            start = (
                block.start + sentence_start + (0 if index == 0 and short_opener else subject_start)
            )
            end = task_offset + len(task)
            records.extend(
                _records(notice, block, bodies, task, task_offset, end, span_start=start)
            )
    return records


# "... của" or "... của Bộ trưởng" (then "Bộ Lao động - Thương binh và Xã hội quy định về ...").
_CUT_AFTER_RE = re.compile(
    r"\b(?:(?:của|do|bởi)(?:\s+(?:Bộ trưởng|Thủ trưởng|Chủ tịch|Thống đốc|Tổng Giám đốc))?)\s*$"
)
# An adverbial opener before a subject is at most this long ("Đối với những tháng còn lại năm
# 2021, "); the longest in the tune half's openers is ~90 characters.
_OPENER_SPAN_CHARS = 160


def _drop_nested(triggers: list[tuple[int, int, list[str]]]) -> list[tuple[int, int, list[str]]]:
    """One trigger per subject: "Giao X chủ trì" matches both "Giao X" and "X chủ trì"."""
    kept: list[tuple[int, int, list[str]]] = []
    for trigger in triggers:
        if kept and trigger[0] < kept[-1][1]:
            continue  # starts inside the previous trigger's subject
        kept.append(trigger)
    return kept


_CLAUSE_BREAK_RE = re.compile(r"[.;,]\s+")


def _records(
    notice: Notice,
    block: Block,
    bodies: list[str],
    task: str,
    task_offset: int,
    end: int,
    span_start: int | None = None,
    supporters: list[str] | None = None,
) -> list[Assignment]:
    """One record per deadline: "Kết thúc ... trước ngày 31/5/2026. Khẩn trương xây dựng ...
    trước ngày 30/6/2026" is two tasks. The cut is the last clause break before the second
    date's words."""
    text = notice.text[task_offset:end]
    dated = deadlines.deadlines_in(text, notice.date)
    cuts = []
    for first, second in itertools.pairwise(dated):
        (_, first_end, first_iso, first_rank), (second_start, _, second_iso, second_rank) = (
            first,
            second,
        )
        if first_iso == second_iso:
            continue
        breaks = list(_CLAUSE_BREAK_RE.finditer(text, first_end, second_start))
        # A sentence or ";" break right after the first date, else the last comma before the
        # second date's words; with only commas between them, a vaguer date before a more
        # specific one is the scope of the same work ("các chỉ tiêu ... trong năm 2026 ..., gửi
        # Bộ Tài chính trước ngày 06 tháng 5 năm 2026").
        strong = [m.end() for m in breaks if m.group(0)[0] in ".;"]
        if strong:
            cuts.append(strong[0])
        elif breaks and first_rank <= second_rank:
            cuts.append(breaks[-1].end())
    if not cuts:
        return [_record(notice, block, bodies, task, task_offset, end, span_start, supporters)]
    pieces = []
    bounds = [0, *cuts, len(text)]
    for index, (piece_start, piece_end) in enumerate(itertools.pairwise(bounds)):
        piece = text[piece_start:piece_end].rstrip(" ,;")
        offset = task_offset + piece_start
        pieces.append(
            _record(
                notice,
                block,
                bodies,
                piece.strip(),
                offset,
                offset + len(piece),
                span_start if index == 0 else None,
                supporters,
            )
        )
    return pieces


def _record(
    notice: Notice,
    block: Block,
    bodies: list[str],
    task: str,
    task_offset: int,
    end: int,
    span_start: int | None = None,
    supporters: list[str] | None = None,
) -> Assignment:
    # The task's own "phối hợp với Y" first, else what its heading or intro gives.
    supporters = _supporters(task) or list(supporters or [])
    span_start = task_offset if span_start is None else span_start
    deadline_text, deadline = deadlines.parse_deadline(notice.text[span_start:end], notice.date)
    kind = _kind(task, notice.text[span_start:end], deadline_text)
    return Assignment(
        assignees=_canonical_list(bodies),
        task=task,
        doc_id=notice.doc_id,
        section=list(block.section),
        start=span_start,
        end=end,
        supporters=_canonical_list(supporters),
        assignees_text=bodies,
        deadline_text=deadline_text,
        deadline=deadline,
        kind=kind,
    )


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
_GENERAL_END_RE = re.compile(
    r"^(?:căn cứ .{0,160}?\s)?(?:chủ động\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?"
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
_WATCH_VERB = r"(?:kiểm\s+tra|giám\s+sát|hướng\s+dẫn|tổ\s+chức|chỉ\s+đạo)"
# The text's own rules, mechanisms or policies (the fifth round's label rule: "Hướng dẫn, kiểm
# tra, giám sát việc thực hiện chính sách đối với người lao động theo quy định tại Quyết định
# này" is general like "... việc tổ chức thực hiện các cơ chế, chính sách quy định tại Nghị định
# này"); a field qualifier after it ("theo lĩnh vực được phân công quản lý") adds no work.
_OF_THE_TEXT = (
    r"(?:(?:các\s+)?(?:quy\s+định|(?:cơ\s+chế,?\s*)?chính\s+sách)[^.;]{0,80}?\s+"
    r"(?:(?:theo\s+)?quy\s+định\s+)?(?:của|tại|trong)\s+)?"
    + _DOCUMENT_ITSELF
    + r"(?:\s+theo\s+(?:lĩnh\s+vực|chức\s+năng|thẩm\s+quyền)[^.;]{0,60})?\s*[./;]*\s*$"
)
_GENERAL_WATCH_RE = re.compile(
    r"^(?:(?:chủ\s+động|tăng\s+cường)\s+)?"
    r"(?:chủ\s+trì,?\s*(?:phối\s+hợp(?:\s+với\s+[^.;]{0,300}?)?)?\s+(?:trong\s+việc\s+)?)?"
    rf"(?:{_WATCH_VERB}(?:\s*,\s*|\s+và\s+|\s+))+(?:việc\s+)?(?:tổ\s+chức\s+)?"
    r"(?:triển\s+khai\s+)?(?:thi\s+hành|thực\s+hiện)\s+" + _OF_THE_TEXT,
    re.IGNORECASE,
)
_GENERAL_COMPLIANCE_RE = re.compile(
    r"^(?:tổ\s+chức\s+[^.;]{0,80}?\s)?(?:thực\s+hiện\s+nghiêm(?:\s+túc|\s+chỉnh)?|"
    r"chấp\s+hành(?:\s+nghiêm(?:\s+túc|\s+chỉnh)?)?|tuân\s+thủ|(?:bảo|đảm)\s+bảo\s+đúng)\s+"
    r"(?:các\s+)?quy\s+định\s+(?:của|tại|trong)\s+" + _DOCUMENT_ITSELF + r"\s*[./;]*\s*$",
    re.IGNORECASE,
)
_GENERAL_TASK_CHARS = 200
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
    if not deadline_text and (
        (len(words) <= _GENERAL_TASK_CHARS and _GENERAL_END_RE.search(words))
        or _GENERAL_OPENER_RE.match(span.strip())
        or _GENERAL_WATCH_RE.match(words)
        or (len(words) <= _GENERAL_TASK_CHARS and _GENERAL_COMPLIANCE_RE.match(words))
    ):
        return "general"
    if _COORDINATION_RE.match(words):
        return "coordination"
    return "task"


def _supporters(task: str) -> list[str]:
    """Bodies after a "phối hợp với" that opens the task: "chủ trì, phối hợp với Bộ Y, Bộ Z
    hướng dẫn ...". One deep inside a long task belongs to a side clause ("... thì chủ động
    phối hợp với cấp ủy ... để giải quyết"), not to the assignment."""
    found: list[str] = []
    match = _SUPPORT_RE.search(task[:_SUPPORT_WINDOW])
    if match:
        end = body_phrase_end(task, match.end())
        found = parse_subject(task[match.end() : end]) or []
    return found


def _canonical_list(names: list[str]) -> list[str]:
    result: list[str] = []
    for name in names:
        # "Các đồng chí Ủy viên Ban Chấp hành" names the members themselves.
        canonical = canonical_body(re.sub(r"^(?:các|Các)\s+đồng\s+chí\s+", "", name))
        if canonical and canonical not in result:
            result.append(canonical)
    return result
