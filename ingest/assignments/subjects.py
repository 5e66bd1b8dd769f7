"""Body subjects: where a body phrase ends in a sentence and which bodies it names
("Bộ Tài chính, Bộ Nội vụ", "Các Bộ: Y tế, Công Thương", "Đồng chí ..., Phó Chủ tịch ...")."""

from __future__ import annotations

import re

# Multi-word phrases that are parts of body names although they contain verbs or commas.
_PROTECTED_PHRASES = re.compile(
    r"(?:cơ quan )?tham mưu,? giúp việc|có liên quan|liên quan|tổ chức(?:,| và)? cá nhân|"
    r"tổ chức chính trị(?:\s*-\s*|,\s*)xã hội|đoàn thể chính trị\s*-\s*xã hội|tổ chức đảng|"
    # "Hội đồng quản lý thông qua phương án ..." (NĐ 212/2025/NĐ-CP, ninth-round tune doc): the
    # fund's board is named "Hội đồng quản lý"; "quản lý" after "Hội đồng" is no verb
    r"hội đồng quản (?:lý|trị)|"
    r"người đứng đầu|phó chủ tịch|chủ tịch|bí thư|giám đốc|thủ trưởng|hội đồng|văn phòng|"
    r"nông thôn|trực thuộc|sự nghiệp(?: công lập)?|sở,? ban,? ngành|ban,? ngành|doanh nghiệp|"
    r"người (?:sử dụng )?lao động|khám bệnh,? chữa bệnh|(?:liên đoàn )?lao động|"
    r"thông tấn,? báo chí|"
    r"tổ chức (?:đại diện(?: của)?|thành viên|đoàn thể|nhân dân|(?:có )?liên quan)|"
    # "các cơ quan, tổ chức khác" in a list of bodies (NQ 19/2026/NQ-CP, tune half), not a row
    # label "đ) Các tổ chức khác" of a form (NĐ 200/2026/NĐ-CP, unlabelled)
    r"(?<=, )tổ chức khác|"
    r"khu công nghệ (?:cao|số tập trung)|hiệp hội|(?:tổng )?công ty|chủ chương trình|chủ quản|"
    r"ban quản lý|cơ sở (?:sản xuất,? )?kinh doanh|(?:cơ quan|người|cấp) có thẩm quyền|"
    r"(?:nhà|chủ) đầu tư|nhà thầu|cơ quan tư pháp|đoàn thể nhân dân|"
    # "các cơ quan, tổ chức, đơn vị, cá nhân có liên quan": in a list of bodies "tổ chức" is
    # the noun, not the verb.
    r"tổ chức(?=\s*[,;]|\s+(?:và|có liên quan|liên quan)\b)|cá nhân|"
    r"tổ chức tín dụng(?: phi ngân hàng)?|"
    # "Hội đồng nhân dân, các ban của Hội đồng nhân dân, ..." (NQ 21/2026/NQ-CP, tune half)
    r"các ban(?!\s+hành)\b|"
    # "Tòa án nhân dân tối cao", "các cơ quan báo chí"; "các bộ quản lý ngành, lĩnh vực" (NQ
    # 105/NQ-CP, tune half): a generic ministry's "quản lý" is part of its name, a named one's
    # ("Bộ Y tế quản lý ...") is the verb
    r"kiểm sát nhân dân(?: tối cao)?|nhân dân tối cao|báo chí|"
    r"(?<=bộ\s)quản lý(?: chuyên)? ngành(?:,? lĩnh vực)?",
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
    # academies, universities and the mass organisations' central committees
    r"học viện|đại học|trung ương (?:hội|đoàn)|"
    # the statistics offices since 2025: "Thống kê tỉnh, thành phố", "Thống kê cơ sở"
    r"thống kê (?:tỉnh|thành phố|cơ sở|khu vực)|"
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


# Heads of kinds of bodies that follow "các" inside a list of bodies.
_PLURAL_HEAD_RE = re.compile(
    r"(?:trường|cơ sở|doanh nghiệp|hội|viện|trung tâm|tập đoàn|tổng công ty|ngân hàng)\b"
)


def body_phrase_end(text: str, start: int) -> int:
    """End offset of the body phrase (or list of bodies) that begins at ``start``: the first
    lowercase word that cannot be part of a body name (the verb) ends it."""
    pos = end = start
    after_capital = False
    after_plural = False  # the word before was "các" / "mọi"
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
        if word == "do" and pos > start:
            agent_end = _agent_clause_end(text, match.end())
            if agent_end:
                # "người đứng đầu cơ quan do Chính phủ, Thủ tướng Chính phủ thành lập" (NĐ
                # 121/2026/NĐ-CP, thirteenth-round tune doc): a body named by who set it up
                pos = end = agent_end
                after_capital = False
                continue
        plural, after_plural = after_plural, word.lower() in {"các", "mọi"}
        if _is_capitalized(word) or word.isdigit():
            pos = end = match.end()
            after_capital = True
            continue
        if plural and (word == "cấp" or _PLURAL_HEAD_RE.match(text, pos)):
            # "Ủy ban nhân dân các cấp và ...", "chính quyền các cấp": after "các" the level is
            # a noun, not the verb "cấp"; "..., các trường trong Công an nhân dân có trách nhiệm"
            # (TT 86/2025/TT-BCA, eleventh-round tune doc): a body's head after "các" goes on
            # with the list of bodies even when it is not a word of a body's name
            pos = end = match.end()
            after_capital = False
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


# A body named by the authority that set it up or runs it: "cơ quan do Chính phủ, Thủ tướng Chính
# phủ thành lập", "đơn vị do Bộ quản lý". Only these verbs: "do Bộ Tài chính hướng dẫn" after a
# body is the agent of work, not part of a name.
_AGENT_VERB_RE = re.compile(r"\s*(?:thành lập|quản lý|chỉ định|cử)\b")


def _agent_clause_end(text: str, after_do: int) -> int:
    """The end of "do <bodies> thành lập" whose "do" ends just before ``after_do``, else 0."""
    while after_do < len(text) and text[after_do] == " ":
        after_do += 1
    if not _is_capitalized(text[after_do : after_do + 1]):
        return 0
    agent_end = body_phrase_end(text, after_do)
    if agent_end <= after_do or not parse_subject(text[after_do:agent_end]):
        return 0
    verb = _AGENT_VERB_RE.match(text, agent_end)
    return verb.end() if verb else 0


_AGENT_CLAUSE_RE = re.compile(r"\bdo\s+[A-ZĐÂĂÊÔƠƯ][^;:.]*?\s(?:thành lập|quản lý|chỉ định|cử)\b")


def split_bodies(phrase: str) -> list[str]:
    """'Ban cán sự đảng UBND tỉnh, các đồng chí thành viên UBND tỉnh; Bí thư thành ủy, huyện ủy'
    -> one item per body. A comma or "và" starts a new body only when what follows can start a
    body on its own ("các ...", a capitalised name); "các sở, ban, ngành" stays one group."""
    pieces: list[str] = []
    # the bodies inside "do Chính phủ, Thủ tướng Chính phủ thành lập" name who set one body up
    phrase = _AGENT_CLAUSE_RE.sub(lambda m: m.group(0).replace(",", _KEPT_COMMA), phrase)
    for part in re.split(r"\s*;\s*", phrase.strip(" ,;:.")):
        current = ""
        searched = 0  # where the next chunk is in ``part``
        separator = ""
        for chunk in re.split(r"(\s*,\s*|\s+và\s+)", part):
            if not chunk or re.fullmatch(r"\s*,\s*|\s+và\s+", chunk):
                if current and chunk:
                    current += chunk
                searched += len(chunk)
                separator = chunk
                continue
            starts_body = bool(_BODY_HEAD_RE.match(chunk)) and (
                _is_capitalized(chunk)
                or chunk.lower().startswith(("các ", "thủ trưởng", "người đứng đầu"))
                # "... trực thuộc Trung ương và tổ chức, cá nhân có liên quan" (NĐ
                # 111/2022/NĐ-CP's closing clause, thirteenth-round tune doc): the related
                # parties that close a list are bodies of their own, with or without "các"
                or (
                    separator.strip() == "và"
                    and bool(_RELATED_PARTIES_RE.match(part, part.find(chunk, searched)))
                )
            )
            searched += len(chunk)
            if current and starts_body:
                pieces.append(current)
                current = chunk
            else:
                current = current + chunk if current else chunk
        if current:
            pieces.append(current)
    return [
        re.sub(r"(\s*,\s*|\s+và\s+)$", "", p).strip(" ,;:.").replace(_KEPT_COMMA, ",")
        for p in pieces
        if p.strip()
    ]


_KEPT_COMMA = "\u0001"
# Generic parties to the end of a list, closed by "(có) liên quan": "tổ chức, cá nhân có liên
# quan", "cơ quan, đơn vị liên quan".
_RELATED_PARTIES_RE = re.compile(
    r"(?:tổ chức|cơ quan|đơn vị|cá nhân|doanh nghiệp)(?:\s*,\s*(?:tổ chức|cơ quan|đơn vị|cá nhân|"
    r"doanh nghiệp))*\s+(?:có\s+)?liên quan\s*$"
)


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
# An adjunct between the subject and its verb: "Các bộ theo chức năng, nhiệm vụ được giao, chủ
# động rà soát ...". The verb is looked for within this many characters.
# A frequency adverb sits there too: "Kiểm toán nhà nước hằng năm thực hiện kiểm toán ...".
_ADJUNCT_RE = re.compile(
    r"(?:theo|trong phạm vi|căn cứ|(?:hằng|hàng) (?:năm|quý|tháng)|định kỳ)\s", re.IGNORECASE
)


# A party named by a generic head and lowercase qualifiers, before a duty modal: "Cơ quan có thẩm
# quyền quản lý công chức" (NĐ 111/2022/NĐ-CP), "các tổ chức hành chính khác do Chính phủ, Thủ
# tướng Chính phủ thành lập" (NĐ 121/2026/NĐ-CP; thirteenth-round tune docs). The modal after it
# says the phrase is the subject, so words the body grammar reads as verbs ("quản lý", "tổ chức")
# qualify the head. No tense, modal, condition or conjunction word: "Cơ quan đã nhận hồ sơ thì
# phải ..." is a clause, not a name.
_QUALIFIED_HEAD_RE = re.compile(
    r"^(?:các\s+)?(?:cơ quan|đơn vị|tổ chức|cơ sở|doanh nghiệp|người)(?=\s)", re.IGNORECASE
)
# At most this many lowercase words after the head: the longest such party in the tune half is
# 6 ("Cơ sở tổ chức bồi dưỡng cho nhà giáo"), the thirteenth round's 5 ("Cơ quan có thẩm quyền
# quản lý công chức"); a longer run is a clause.
_QUALIFIER_MAX_WORDS = 8
_QUALIFIER_RE = re.compile(rf"^(?:\s+[a-zà-ỹđ]+){{1,{_QUALIFIER_MAX_WORDS}}}$")
_CLAUSE_WORD_RE = re.compile(
    r"\b(?:đã|đang|sẽ|được|là|cần|phải|không|hoặc|hay|thì|nếu|khi|mà|chưa|bị|nhưng|"
    r"trường hợp)\b"
    # a party named by its part in one case ("cơ quan tiếp nhận hồ sơ", "cơ quan nhận được yêu
    # cầu": NQ 21/2026/NQ-CP's procedure steps, tune half) acts per case, like a procedure's steps
    r"|\b(?:hồ sơ|vụ việc|đơn|yêu cầu|đề nghị)\b"
)


def qualified_parties(phrase: str) -> list[str] | None:
    """The parties of a subject phrase before a duty modal, each a body the grammar reads or a
    generic head with lowercase qualifiers; None when any piece is neither."""
    phrase = phrase.strip(" ,;:.")
    if not phrase or len(phrase) > 300:
        return None
    pieces = split_bodies(phrase)
    if not pieces:
        return None
    for piece in pieces:
        if body_phrase_end(piece, 0) >= len(piece) and parse_subject(piece):
            continue
        bare = _AGENT_CLAUSE_RE.sub("", piece).strip()
        bare = re.sub(r"\bcó thẩm quyền\b", "thẩm quyền", bare)  # "cơ quan có thẩm quyền ..."
        head = _QUALIFIED_HEAD_RE.match(bare)
        if not head or not _QUALIFIER_RE.match(bare[head.end() :]):
            return None
        if _CLAUSE_WORD_RE.search(bare[head.end() :]):
            return None
    return [_FOOTNOTE_RE.sub("", piece) for piece in pieces]
