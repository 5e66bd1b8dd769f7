from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.dates import parse_deadline
from assistant.core.records import Block, Notice
from assistant.vocab.bodies import body_key
from ingest.assignments import extract_assignments

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "data" / "notices"
SEED_LABELS = REPO / "tests" / "fixtures" / "seed_assignments.json"
CORPUS_LABELS = REPO / "tests" / "fixtures" / "assignments" / "congbao.json"


def notice_of(lines: list[str], date: str = "2024-03-25") -> tuple[Notice, list[Block]]:
    """A notice whose blocks are its lines. A line ending in ':' that starts with a number is a
    heading of the bullets after it, the way ingest.structure nests them."""
    text = "\n".join(lines)
    blocks: list[Block] = []
    heading: list[str] = []
    position = 0
    for line in lines:
        if line[:1].isdigit() and line.endswith(":"):
            heading = [line]
            blocks.append(Block(section=[], text=line, start=position, end=position + len(line)))
            blocks[-1].kind = "heading"
        else:
            kind = "bullet" if line.startswith("- ") else "paragraph"
            if kind == "paragraph":
                heading = []
            blocks.append(Block(list(heading), line, position, position + len(line), kind))
        position += len(line) + 1
    return Notice(doc_id="doc", source="mem", text=text, date=date), blocks


def keys(names: list[str]) -> set[str]:
    return {body_key(n) for n in names}


# --- deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("gửi về trước ngày 08/7/2020.", "2020-07-03", ("trước ngày 08/7/2020", "2020-07-08")),
        ("trước ngày 08/7", "2020-07-03", ("trước ngày 08/7", "2020-07-08")),
        ("diễn ra vào cuối tháng 4/2024.", "2024-03-25", ("cuối tháng 4/2024", "2024-04-30")),
        ("hoàn thành trong quý II", "2024-03-25", ("trong quý II", "2024-06-30")),
        ("trong quý IV/2025", "2024-03-25", ("trong quý IV/2025", "2025-12-31")),
        ("báo cáo trước ngày 15/12/2024", "2024-03-25", ("trước ngày 15/12/2024", "2024-12-15")),
        (
            "hoàn thành trước ngày 10 tháng 6 năm 2026.",
            "2026-05-20",
            ("trước ngày 10 tháng 6 năm 2026", "2026-06-10"),
        ),
        ("cuối tháng 2", "2024-01-10", ("cuối tháng 2", "2024-02-29")),
        (
            "Đối với những tháng còn lại năm 2021, ...",
            "2021-06-15",
            ("những tháng còn lại năm 2021", "2021-12-31"),
        ),
        ("chậm nhất ngày 31/2/2024", "2024-01-01", ("chậm nhất ngày 31/2/2024", "")),
        ("trước ngày 08/7", "", ("trước ngày 08/7", "")),
        (
            "định kỳ trước ngày 31 tháng 3 hằng năm",
            "2026-01-01",
            ("trước ngày 31 tháng 3 hằng năm", ""),
        ),
        (
            "Trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ, Sở Y tế trả lời",
            "2026-01-01",
            ("Trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ", ""),
        ),
        (
            "báo cáo định kỳ hàng năm trước ngày 15 tháng 12",
            "2026-01-01",
            ("trước ngày 15 tháng 12", ""),
        ),
        ("vi phạm pháp luật trước năm 1995", "2025-08-15", ("", "")),
        ("theo Kế hoạch số 178-KH/TU ngày 30/6/2020 của Ban Thường vụ", "2020-07-03", ("", "")),
        ("nhiệm vụ giải pháp quý II/2024", "2024-03-25", ("", "")),
        (
            "trình Chính phủ 02 Nghị định để có hiệu lực từ 01 tháng 7 năm 2026.",
            "2026-05-06",
            ("để có hiệu lực từ 01 tháng 7 năm 2026", "2026-07-01"),
        ),
        (
            "báo cáo Quốc hội tại kỳ họp tháng 10 năm 2026.",
            "2026-05-20",
            ("kỳ họp tháng 10 năm 2026", "2026-10-31"),
        ),
    ],
)
def test_parse_deadline(text, reference, expected):
    assert parse_deadline(text, reference) == expected


# --- extraction on hand-built blocks ----------------------------------------------------------


def test_heading_subject_is_inherited_and_typo_resolves():
    notice, blocks = notice_of(
        [
            "2.3. Ban cán sự đảng Ủy ban nhân tỉnh lãnh đạo Ủy ban nhân dân tỉnh:",
            "- Chỉ đạo các sở, ngành, địa phương tập trung các giải pháp phòng, chống hạn hán.",
            "- Chuẩn bị kỹ nội dung Hội nghị công bố Quy hoạch tỉnh, diễn ra vào cuối tháng 4.",
        ]
    )
    records = extract_assignments(notice, blocks)
    assert len(records) == 2
    drought, conference = records
    assert keys(drought.assignees) == keys(["Ban cán sự đảng UBND tỉnh", "UBND tỉnh"])
    assert drought.task.startswith("Chỉ đạo các sở, ngành")
    assert drought.section == [blocks[0].text]
    assert conference.deadline == "2024-04-30"
    for record in records:
        assert record.task in notice.text[record.start : record.end]


def test_lead_supporters_and_multiple_leads():
    notice, blocks = notice_of(
        [
            "Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ban cán sự đảng UBND tỉnh, Sở Nội vụ "
            "để xem xét, tham mưu công tác rà soát cán bộ.",
            "Giao Ban Tổ chức Tỉnh ủy và Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện.",
        ]
    )
    first, second = extract_assignments(notice, blocks)
    assert keys(first.assignees) == keys(["Ban Tổ chức Tỉnh ủy"])
    assert keys(first.supporters) == keys(["Ban cán sự đảng UBND tỉnh", "Sở Nội vụ"])
    assert first.task.startswith("chủ trì, phối hợp với")
    assert first.assignees_text == ["Ban Tổ chức Tỉnh ủy"]
    assert keys(second.assignees) == keys(["Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy"])
    assert second.task == "theo dõi, đôn đốc việc thực hiện."


def test_bullet_naming_its_own_lead_is_not_given_the_heading_body():
    notice, blocks = notice_of(
        [
            "2.2. Ban cán sự đảng UBND tỉnh, Bí thư thành ủy, huyện ủy:",
            "- Quan tâm chỉ đạo công tác quốc phòng, an ninh. Giao Đảng ủy Công an tỉnh chỉ đạo "
            "lập chuyên án điều tra.",
            "- Sở Tài chính cần cân đối nguồn vốn trước ngày 15/4.",
        ]
    )
    records = extract_assignments(notice, blocks)
    by_task = {r.task: r for r in records}
    assert keys(by_task["chỉ đạo lập chuyên án điều tra."].assignees) == keys(
        ["Đảng ủy Công an tỉnh"]
    )
    bullet = next(r for r in records if r.task.startswith("Quan tâm"))
    assert body_key("Ban cán sự đảng UBND tỉnh") in keys(bullet.assignees)
    own = [r for r in records if "cân đối" in r.task]
    assert len(own) == 1 and keys(own[0].assignees) == keys(["Sở Tài chính"])
    assert own[0].deadline == "2024-04-15"


def test_list_intro_hands_its_bodies_to_the_numbered_items():
    notice, blocks = notice_of(
        [
            "Để thực hiện thắng lợi Nghị quyết, đề nghị Đảng đoàn HĐND tỉnh, Ban cán sự đảng "
            "UBND tỉnh tập trung thực hiện một số nhiệm vụ trọng tâm sau:",
            "1- Tiếp tục thúc đẩy tăng trưởng kinh tế.",
            "2- Tập trung chỉ đạo giải ngân vốn đầu tư công.",
            "Căn cứ Kết luận này, các sở, ban, ngành biết, thực hiện.",
        ],
        date="2020-07-03",
    )
    records = extract_assignments(notice, blocks)
    assert [r.task for r in records] == [
        "Tiếp tục thúc đẩy tăng trưởng kinh tế.",
        "Tập trung chỉ đạo giải ngân vốn đầu tư công.",
    ]
    assert all(
        body_key("Ban cán sự đảng Ủy ban nhân dân tỉnh") in keys(r.assignees) for r in records
    )


@pytest.mark.parametrize(
    "line",
    [
        "Quý I năm 2024, Ban cán sự đảng UBND tỉnh, UBND tỉnh đã chủ động, tích cực lãnh đạo, "
        "chỉ đạo thực hiện các mục tiêu.",
        "Các thành viên trong Ban cán sự đảng có trách nhiệm, sâu sát cơ sở.",
        "Buổi làm việc do đồng chí Trần Đức Quận - Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh chủ trì.",
        "Ban Cán sự Đảng UBND tỉnh sẽ tiếp tục lãnh đạo UBND tỉnh chỉ đạo các sở.",
        "Công tác tuyển chọn cán bộ đáp ứng yêu cầu công tác trong thời gian tới.",
        "Sở giao dịch chứng khoán Việt Nam sửa đổi quy chế nghiệp vụ.",
    ],
)
def test_descriptions_are_not_assignments(line):
    notice, blocks = notice_of([line])
    assert extract_assignments(notice, blocks) == []


def test_gazette_duty_clauses():
    notice, blocks = notice_of(
        [
            "1. Bộ Tài chính chủ trì, phối hợp với Bộ Nội vụ hướng dẫn việc quản lý kinh phí.",
            "2. Ủy ban nhân dân cấp tỉnh có trách nhiệm tổ chức thực hiện Nghị định này.",
        ],
        date="2026-05-20",
    )
    finance, province = extract_assignments(notice, blocks)
    assert keys(finance.assignees) == keys(["Bộ Tài chính"])
    assert keys(finance.supporters) == keys(["Bộ Nội vụ"])
    assert keys(province.assignees) == keys(["Ủy ban nhân dân cấp tỉnh"])
    assert province.task == "tổ chức thực hiện Nghị định này."


# --- the seed notices, through the real ingest stages --------------------------------------


@pytest.fixture(scope="module")
def seed_eval():
    from assistant.eval.ledger import run_seed_eval

    return run_seed_eval(SEEDS, SEED_LABELS)


def test_seed_labels_stay_perfect(seed_eval):
    assert seed_eval["labels"] == 29
    assert seed_eval["recall"] == 1.0, seed_eval["missed"]
    assert seed_eval["precision"] == 1.0, seed_eval["unexpected"]
    assert seed_eval["deadline_accuracy"] == 1.0, seed_eval["wrong_deadlines"]


@pytest.fixture(scope="module")
def seed_records():
    from assistant.eval.ledger import extract_file

    return {path.name: extract_file(path) for path in sorted(SEEDS.iterdir())}


def test_drought_is_assigned_to_the_provincial_committee(seed_records):
    records = seed_records["lam-dong-2024-03-25-thong-bao-ket-luan.txt"]
    drought = [r for r in records if "phòng, chống hạn hán" in r.task]
    assert len(drought) == 1
    assert keys(drought[0].assignees) == keys(["Ban cán sự đảng UBND tỉnh", "UBND tỉnh"])


def test_office_compiles_comments_due_from_members_by_8_july(seed_records):
    records = seed_records["dak-lak-2020-07-03-ket-luan-1097-KL-TU.md"]
    office = [r for r in records if r.task.startswith("tổng hợp ý kiến tham gia góp ý")]
    assert len(office) == 1 and keys(office[0].assignees) == keys(["Văn phòng Tỉnh ủy"])
    # The date belongs to the members' comments (the sentence before); the office's own task
    # states no deadline.
    members = [r for r in records if r.task.startswith("tham gia góp ý trực tiếp")]
    assert len(members) == 1
    assert (members[0].deadline_text, members[0].deadline) == ("trước ngày 08/7/2020", "2020-07-08")
    assert "Ủy viên Ban Chấp hành Đảng bộ tỉnh" in members[0].assignees_text[0]


def test_gazette_directive(corpora):
    from assistant.eval.ledger import extract_file

    path = next((corpora / "congbao").rglob("chi-thi-so-21-ct-ttg-*.txt"))
    records = extract_file(path)
    home_affairs = [r for r in records if r.task.startswith("Chủ trì, phối hợp với các bộ")]
    assert len(home_affairs) == 1
    assert keys(home_affairs[0].assignees) == keys(["Bộ Nội vụ"])
    dated = {r.deadline for r in records if keys(r.assignees) & keys(["UBND các tỉnh, thành phố"])}
    assert "2026-06-10" in dated


# --- the grammar of directives (issue 11) ---------------------------------------------------


def test_a_body_subject_with_a_directive_verb_is_a_lead():
    notice, blocks = notice_of(
        [
            "1. Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo các cấp ủy đảng quán triệt.",
            "2. Bộ trưởng Bộ Nội vụ quy định chi tiết việc điều chỉnh đối với các đối tượng.",
            "3. Bộ Nội vụ là cơ quan đầu mối giúp Chính phủ theo dõi việc thực hiện.",
            "4. Các bộ, cơ quan ngang bộ theo chức năng, nhiệm vụ được giao, chủ động rà soát.",
            "5. Bộ Văn hóa, Thể thao và Du lịch phối hợp với Bộ Công an định hướng thông tin.",
        ],
        date="2026-05-20",
    )
    leads, detail, hub, ministries, culture = extract_assignments(notice, blocks)
    assert keys(leads.assignees) == keys(["Ban Thường vụ Tỉnh ủy", "Thành ủy"])
    assert detail.task.startswith("quy định chi tiết")
    assert keys(hub.assignees) == keys(["Bộ Nội vụ"]) and hub.task.startswith("là cơ quan")
    assert ministries.task.startswith("chủ động rà soát")
    assert keys(culture.assignees) == keys(["Bộ Văn hóa, Thể thao và Du lịch"])
    assert keys(culture.supporters) == keys(["Bộ Công an"])
    assert culture.kind == "coordination"


def test_a_past_or_a_heading_word_is_not_a_subject():
    notice, blocks = notice_of(
        [
            "2.1. Lãnh đạo, chỉ đạo rà soát các quy chế làm việc của cơ quan.",
            "Ủy ban nhân dân tỉnh đã chỉ đạo các sở triển khai kế hoạch.",
        ]
    )
    assert extract_assignments(notice, blocks) == []


def test_enumerated_ministries_and_a_body_heading_its_own_item():
    notice, blocks = notice_of(
        [
            "1. Các Bộ: Y tế, Công Thương, Nông nghiệp và Môi trường có trách nhiệm kiểm tra "
            "an toàn thực phẩm.",
            "a) Bộ Khoa học và Công nghệ: Tăng cường kiểm tra hoạt động của các tổ chức công nhận.",
        ]
    )
    ministries, science = extract_assignments(notice, blocks)
    assert keys(ministries.assignees) == keys(
        ["Bộ Y tế", "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường"]
    )
    assert keys(science.assignees) == keys(["Bộ Khoa học và Công nghệ"])
    assert science.task.startswith("Tăng cường kiểm tra")


def test_two_tasks_with_two_deadlines_are_two_records():
    notice, blocks = notice_of(
        [
            "4. Ủy ban nhân dân các tỉnh, thành phố",
            "c) Kết thúc hoạt động của tổ dân phố trước ngày 31 tháng 5 năm 2026. Khẩn trương ban "
            "hành phương án bố trí, bảo đảm đồng bộ, trước ngày 30 tháng 6 năm 2026.",
        ],
        date="2026-05-20",
    )
    blocks[1].section = [blocks[0].text]
    first, second = extract_assignments(notice, blocks)
    assert (first.deadline, second.deadline) == ("2026-05-31", "2026-06-30")
    assert second.task.startswith("Khẩn trương ban hành")


def test_boilerplate_is_general_and_member_lists_are_not_tasks():
    notice, blocks = notice_of(
        [
            "Điều 1. Kiện toàn Ban Chỉ đạo, gồm các thành viên sau đây:",
            "- Bộ trưởng Bộ Quốc phòng;",
            "- Bộ trưởng Bộ Công an;",
            "Điều 7. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành "
            "Quyết định này.",
        ]
    )
    for block in blocks[1:3]:
        block.section = [blocks[0].text]
    records = extract_assignments(notice, blocks)
    assert [r.kind for r in records] == ["general"]


def test_committee_members_and_powers_are_not_tasks():
    notice, blocks = notice_of(
        [
            "Điều 1. Kiện toàn Ban Chỉ đạo, gồm các thành viên sau đây:",
            "1. Trưởng ban Chỉ đạo Trung ương: Phó Thủ tướng Chính phủ Phạm Thị Thanh Trà.",
            "- Bộ trưởng Bộ Nội vụ, Phó Trưởng ban thường trực;",
            "Điều 3. Quyền hạn của Ban Chỉ đạo",
            "4. Yêu cầu các Bộ, ngành, địa phương cung cấp thông tin, tài liệu cho Ban Chỉ đạo.",
        ]
    )
    blocks[1].section = blocks[2].section = [blocks[0].text]
    blocks[4].section = [blocks[3].text]
    assert extract_assignments(notice, blocks) == []


def test_the_enacting_formula_is_not_a_task():
    notice, blocks = notice_of(["Chính phủ ban hành Nghị định điều chỉnh lương hưu."])
    assert extract_assignments(notice, blocks) == []


def test_a_task_table_gives_one_record_per_row_and_deadline():
    lines = [
        "PHỤ LỤC",
        "TT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Kết quả",
        "Thời gian hoàn thành",
        "1",
        "Xây dựng Đề án chỉ số đánh giá công tác pháp luật",
        "Bộ Khoa học và",
        "Công nghệ",
        "Các bộ, cơ quan ngang bộ",
        "Đề án trình Thủ tướng",
        "Tháng",
        "3/2027",
        "2. Thể chế hóa các chủ trương về an toàn thực phẩm",
        "Bộ Y tế",
        "Các bộ, cơ quan ngang bộ",
        "Báo cáo chuyên đề",
        "Quý II/2027",
        "Báo cáo kết quả thể chế hóa",
        "2027 - 2028",
        "3",
        "Tăng cường truyền thông về bảo hiểm y tế",
        "Bộ Tài chính",
        "Ủy ban nhân dân cấp tỉnh",
        "Các hoạt động được triển khai",
        "Thường xuyên",
    ]
    from ingest.structure import parse_blocks

    text = "\n".join(lines)
    notice = Notice(doc_id="doc", source="mem", text=text, date="2026-04-06")
    records = extract_assignments(notice, parse_blocks(text))
    assert [(sorted(keys(r.assignees)), r.deadline) for r in records] == [
        (sorted(keys(["Bộ Khoa học và Công nghệ"])), "2027-03-31"),
        (sorted(keys(["Bộ Y tế"])), "2027-06-30"),
        (sorted(keys(["Bộ Y tế"])), "2028-12-31"),
        (sorted(keys(["Bộ Tài chính"])), ""),
    ]
    assert keys(records[0].supporters) == keys(["Các bộ, cơ quan ngang bộ"])
    assert "Báo cáo kết quả thể chế hóa" in records[2].task


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("Tháng 3/2026", "2026-03-31"),
        ("Quý IV/2028", "2028-12-31"),
        ("2026", "2026-12-31"),
        ("2026 - 2027", "2027-12-31"),
        ("Từ quý III/2026 đến quý III/2030", "2030-09-30"),
        ("Từ quý II/2027", ""),
        ("Thường xuyên", ""),
        ("2026 và hằng năm", ""),
        ("Tháng 13/2026", ""),
    ],
)
def test_deadline_cells(cell, iso):
    from assistant.core.dates import parse_deadline_cell

    assert parse_deadline_cell(cell) == iso


def test_markers_are_one_grammar():
    from ingest import markers
    from ingest.normalize import _BLOCK_START_RE
    from ingest.structure import _marker_rank

    assert _BLOCK_START_RE is markers.BLOCK_START_RE
    assert markers.ARTICLE_LABEL_RE.match("Điều 5a. Hiệu lực").group(0) == "Điều 5a"
    assert markers.MARKER_ONLY_RE.match("IV.") and not markers.MARKER_ONLY_RE.match("IV. Mục")
    assert markers.item_level("2.3. Bộ Y tế") == "numbered2"
    assert markers.item_level("a) Bộ Y tế:") == "point"
    assert markers.item_level("Bộ Y tế") == ""
    assert _marker_rank("2.3. Bộ Y tế") > _marker_rank("2. Bộ Y tế") > _marker_rank("II. X")


def test_deadlines_are_read_in_one_place():
    from assistant.core import dates
    from assistant.core.dates import parse_deadline_cell
    from ingest import task_tables

    # The prose and the cell grammars share the calendar: a quarter or a month is its last day.
    assert parse_deadline("hoàn thành trong quý IV/2026", "2026-01-01")[1] == "2026-12-31"
    assert parse_deadline_cell("Quý IV/2026") == "2026-12-31"
    assert parse_deadline("trình trước tháng 7/2026", "2026-01-01")[1] == "2026-06-30"
    assert parse_deadline_cell("Tháng 7/2026") == "2026-07-31"
    # The ledger and the tables hold no deadline grammar of their own.
    assert not hasattr(task_tables, "parse_deadline_cell")
    assert task_tables.deadlines is dates


def test_a_list_of_situations_hands_out_no_work():
    notice, blocks = notice_of(
        [
            "1. Người sử dụng lao động có quyền chấm dứt hợp đồng trong trường hợp sau đây:",
            "a) Người lao động cung cấp không trung thực thông tin khi giao kết hợp đồng;",
        ]
    )
    blocks[1].section = [blocks[0].text]
    assert extract_assignments(notice, blocks) == []


# --- the congbao label set: tune and test halves (skipped without ../shared) ----------------

# The test half grew in the fourth labelling round by 4 documents labelled blind (47 labels: a
# decree, a circular and a Prime Minister's regulation with "Trách nhiệm của ..." chapters, a
# ministry decision), and in the sixth by 4 more (117 labels: a resolution approving a Đề án with
# an appendix task table, a decree, a circular, a joint circular). On it the ledger is below the
# issue's floors (after the fifth round recall 0.849, precision 0.860, 1 general clause as a task;
# with the sixth round's documents recall 0.710, precision 0.817, 2 general clauses as tasks;
# after the seventh round's classes, designed on tune documents and unlabelled gazette files,
# recall 0.757, precision 0.813; after the ninth and tenth rounds' classes, designed on 9 new
# tune documents labelled blind, recall 0.761, precision 0.814; with the eleventh round's blind
# test batch (5 decrees and a circular that set standing rules, 15 labels, 9 found) recall 0.753,
# precision 0.814; `python -m assistant eval-assignments` exits 1 for it). Until it meets them,
# the guards hold the measured level so that no change slips back; raise them to the floors as
# extraction improves (never by looking at the test half's misses).
TEST_HALF_RECALL_GUARD = 0.75
TEST_HALF_PRECISION_GUARD = 0.81
TEST_HALF_GENERAL_AS_TASK_GUARD = 2


@pytest.fixture
def congbao_eval(corpora):
    from assistant.eval.ledger import run_split_eval

    return run_split_eval(corpora, CORPUS_LABELS)


def test_congbao_tune_half_meets_the_floors(congbao_eval):
    tune = congbao_eval["tune"]
    assert tune["recall"] >= 0.9 and tune["precision"] >= 0.9
    assert tune["deadline_accuracy"] >= 0.9
    assert tune["general_as_task"] == 0


def test_congbao_test_half(congbao_eval):
    from assistant.eval.ledger import DEADLINE_FLOOR, PRECISION_FLOOR

    test = congbao_eval["test"]
    assert test["deadline_accuracy"] >= DEADLINE_FLOOR
    # boilerplate among the task records: the floor is none
    assert test["general_as_task"] <= TEST_HALF_GENERAL_AS_TASK_GUARD
    assert test["precision"] >= min(PRECISION_FLOOR, TEST_HALF_PRECISION_GUARD)
    assert test["recall"] >= TEST_HALF_RECALL_GUARD


def test_a_generic_head_with_its_qualifier_is_a_subject():
    notice, blocks = notice_of(
        [
            "Các đơn vị giám định lập hồ sơ đề nghị thanh toán gửi Bộ Nội vụ.",
            "Các cơ quan, đơn vị đã triển khai kế hoạch năm trước.",
        ]
    )
    (record,) = extract_assignments(notice, blocks)
    assert record.assignees_text == ["Các đơn vị giám định"]
    assert record.task.startswith("lập hồ sơ")


def test_a_committee_named_after_its_topic_and_a_cut_boilerplate_clause():
    notice, blocks = notice_of(
        [
            "a) Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ ban hành quy trình phối "
            "hợp xác định danh tính.",
            "Điều 3. Các Bộ trưởng, Thủ trưởng các cơ quan, tổ chức và cá nhân có liên quan chịu "
            "trách nhiệm thi hành Quyết định này.",
        ]
    )
    committee, closing = extract_assignments(notice, blocks)
    assert committee.assignees_text == ["Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ"]
    assert committee.task.startswith("ban hành quy trình")
    assert closing.kind == "general"


# --- more grammar classes: the legislature's resolutions, decisions with "Trách nhiệm của ..."
# articles and appendix tables whose group titles run into the first row's number ---------------


def _parsed(lines: list[str], date: str = "2026-05-20") -> list:
    from ingest.structure import parse_blocks

    text = "\n".join(lines)
    notice = Notice(doc_id="doc", source="mem", text=text, date=date)
    return extract_assignments(notice, parse_blocks(text))


def test_the_legislatures_bodies_and_an_adjunct_between_subject_and_verb():
    watch, audit, union = _parsed(
        [
            "Điều 2. Tổ chức thực hiện",
            "1. Hội đồng Dân tộc, các Ủy ban của Quốc hội, các Đoàn đại biểu Quốc hội và đại biểu "
            "Quốc hội, Hội đồng nhân dân các cấp, trong phạm vi nhiệm vụ, quyền hạn của mình, "
            "giám sát việc thực hiện Nghị quyết này.",
            "2. Kiểm toán nhà nước hằng năm thực hiện kiểm toán việc quyết toán kinh phí hỗ trợ.",
            "3. Tổng Liên đoàn Lao động Việt Nam đẩy mạnh tuyên truyền chính sách nhà ở cho công "
            "nhân.",
        ]
    )
    # "giám sát việc thực hiện Nghị quyết này" alone is a standing watch, kept out of the tasks.
    assert watch.kind == "general"
    assert watch.assignees_text[-1] == "Hội đồng nhân dân các cấp"
    assert "đại biểu Quốc hội" in " ".join(watch.assignees_text)
    assert audit.assignees_text == ["Kiểm toán nhà nước"]
    assert audit.task.startswith("thực hiện kiểm toán")
    # A two-syllable verb after a name ends the name: "... Việt Nam đẩy mạnh".
    assert union.assignees_text == ["Tổng Liên đoàn Lao động Việt Nam"]
    assert union.task.startswith("đẩy mạnh") and union.kind == "task"


def test_the_press_and_the_bodies_of_technology_zones_are_assignees():
    press, *zone = _parsed(
        [
            "Điều 2. Tổ chức thực hiện",
            "1. Đề nghị Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam và các cơ quan thông tấn, "
            "báo chí phối hợp với các bộ, ngành tuyên truyền về chính sách nhà ở xã hội.",
            "2. Các Khu Công nghệ cao và hiệp hội, doanh nghiệp liên quan",
            "a) Tổng hợp ý kiến của các doanh nghiệp trên địa bàn khi xây dựng chính sách.",
            "b) Cung cấp thông tin thị trường cho các hội viên và doanh nghiệp thành viên.",
        ]
    )
    assert keys(press.assignees) >= keys(["Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"])
    assert press.assignees_text[-1] == "các cơ quan thông tấn, báo chí"
    assert press.kind == "coordination"
    assert len(zone) == 2
    assert all(r.assignees_text[0].startswith("Các Khu Công nghệ cao") for r in zone)
    assert zone[0].task.startswith("Tổng hợp ý kiến")


def test_procedure_steps_are_rules_and_a_qualified_boilerplate_subject_is_general():
    records = _parsed(
        [
            "Điều 5. Trình tự, thủ tục thực hiện",
            "1. Trong 03 ngày làm việc kể từ ngày nhận đủ hồ sơ, Ủy ban nhân dân cấp huyện thẩm "
            "định, trình Ủy ban nhân dân cấp tỉnh.",
            "2. Ủy ban nhân dân cấp tỉnh ban hành quyết định phê duyệt danh sách hỗ trợ.",
            "Điều 6. Trách nhiệm của các cơ quan",
            "1. Bộ Tài chính có trách nhiệm bố trí kinh phí hỗ trợ kịp thời cho các địa phương.",
            "Điều 7. Hiệu lực thi hành",
            "Thủ trưởng các cơ quan, đơn vị liên quan đến tổ chức thực hiện chính sách hỗ trợ chịu "
            "trách nhiệm thi hành Quyết định này.",
        ]
    )
    funds, closing = records
    assert funds.assignees_text == ["Bộ Tài chính"] and funds.task.startswith("bố trí kinh phí")
    assert closing.kind == "general"
    assert closing.assignees_text == ["Thủ trưởng các cơ quan, đơn vị liên quan"]


def test_a_table_group_title_that_runs_into_its_first_row_number():
    records = _parsed(
        [
            "PHỤ LỤC",
            "TT",
            "Nhiệm vụ, giải pháp",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Sản phẩm",
            "Thời gian thực hiện",
            "1.",
            "Hoàn thiện thể chế",
            "1.1",
            "Rà soát quy định về thủ tục đầu tư ra nước ngoài",
            "Bộ Tài chính",
            "Bộ Ngoại giao",
            "Báo cáo rà soát",
            "Quý IV/2026",
            "2. Phát triển thị trường xuất khẩu dịch vụ số 2.1",
            "Tổ chức diễn đàn doanh nghiệp tại thị trường trọng điểm",
            "Bộ Công Thương",
            "Cơ quan, tổ chức liên quan",
            "Diễn đàn được tổ chức",
            "Nhiệm vụ thường xuyên",
            "2.2",
            "Xây dựng cơ chế bảo lãnh tín dụng cho doanh nghiệp",
            "Ngân hàng Nhà nước",
            "Bộ Tài chính;",
            "Cơ chế được ban hành",
            "Quý II/2027",
        ]
    )
    assert [(r.assignees_text, r.deadline) for r in records] == [
        (["Bộ Tài chính"], "2026-12-31"),
        (["Bộ Công Thương"], ""),
        (["Ngân hàng Nhà nước"], "2027-06-30"),
    ]
    assert records[1].task.startswith("Tổ chức diễn đàn")


def test_a_heading_task_before_a_bare_cu_the_and_its_items():
    own, first, second, funds = _parsed(
        [
            "III. TỔ CHỨC THỰC HIỆN",
            "1. Giao Sở Y tế chủ trì, phối hợp với các sở, ngành xây dựng kế hoạch phòng, chống "
            "sốt xuất huyết, hoàn thành trước ngày 30/6/2026. Cụ thể:",
            "- Tổ chức giám sát ca bệnh tại các xã, phường trọng điểm;",
            "- Bảo đảm thuốc, vật tư, hóa chất phục vụ phòng, chống dịch.",
            "2. Sở Tài chính bố trí kinh phí thực hiện kế hoạch.",
        ]
    )
    assert own.assignees_text == ["Sở Y tế"] and own.deadline == "2026-06-30"
    assert keys(first.assignees) == keys(second.assignees) == keys(["Sở Y tế"])
    assert first.task.startswith("Tổ chức giám sát") and second.task.startswith("Bảo đảm thuốc")
    assert funds.assignees_text == ["Sở Tài chính"]


def test_a_person_then_their_office_leads():
    (record,) = _parsed(
        [
            "2. Đồng chí Trần Văn Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh trực tiếp chỉ đạo công "
            "tác phòng, chống dịch trên địa bàn."
        ]
    )
    assert record.assignees_text == ["Phó Chủ tịch Ủy ban nhân dân tỉnh Trần Văn Bình"]
    assert record.task.startswith("trực tiếp chỉ đạo")


def test_vertical_task_forms():
    records = _parsed(
        [
            "V. NHIỆM VỤ",
            "1. Về hoàn thiện cơ sở pháp lý",
            "a) Rà soát văn bản pháp luật",
            "Rà soát, đánh giá, đề xuất sửa đổi các luật liên quan đến dữ liệu đất đai.",
            "- Đơn vị chủ trì: Bộ Nông nghiệp và Môi trường.",
            "- Thời gian thực hiện: Trong năm 2026, 2027.",
            "b) Tham mưu Thủ tướng Chính phủ phê duyệt quy hoạch hạ tầng dữ liệu",
            "- Đơn vị chủ trì: Bộ Khoa học và Công nghệ.",
            "- Đơn vị phối hợp: Bộ Công an, Văn phòng Chính phủ.",
            "- Thời gian thực hiện: Quý IV năm 2026.",
            "2. Nhiệm vụ về dữ liệu dân cư",
            "Tên nhiệm vụ: Xây dựng cơ sở dữ liệu về cư trú",
            "Cơ quan chủ trì: Bộ Công an",
            "Thời gian hoàn thành: Tháng 12/2026",
            "3. Mẫu báo cáo",
            "Tên nhiệm vụ: ……………",
            "Cơ quan chủ trì: ……………",
            "Thời gian hoàn thành: ……………",
            "4. Cơ quan chịu trách nhiệm thu thập, tổng hợp",
            "- Cơ quan chủ trì: Bộ Tài chính;",
            "- Cơ quan phối hợp: Bộ Công an.",
        ]
    )
    # The blank template and the statistics sheet (no deadline field) give no task.
    assert [(r.assignees_text, r.deadline) for r in records] == [
        (["Bộ Nông nghiệp và Môi trường"], "2027-12-31"),
        (["Bộ Khoa học và Công nghệ"], "2026-12-31"),
        (["Bộ Công an"], "2026-12-31"),
    ]
    assert records[0].task.startswith("Rà soát văn bản pháp luật Rà soát, đánh giá")
    assert keys(records[1].supporters) == keys(["Bộ Công an", "Văn phòng Chính phủ"])
    assert records[2].task == "Xây dựng cơ sở dữ liệu về cư trú"


def test_an_issuer_hands_out_a_list_but_not_its_principles():
    records = _parsed(
        [
            "Để hoàn thành các mục tiêu của năm 2026, Chính phủ yêu cầu các Bộ trưởng, Chủ tịch Ủy "
            "ban nhân dân các tỉnh, thành phố tập trung chỉ đạo những nội dung sau:",
            "a) Chủ động rà soát, tổ chức triển khai các nhiệm vụ của chương trình hành động.",
            "b) Thực hiện nghiêm kỷ luật, kỷ cương trong xây dựng văn bản quy định chi tiết.",
            "Thủ tướng Chính phủ yêu cầu các bộ, ngành, địa phương thực hiện các nhiệm vụ sau đây:",
            "I. NGUYÊN TẮC, YÊU CẦU SẮP XẾP THÔN",
            "1. Lựa chọn người có uy tín, năng lực làm trưởng thôn.",
            "II. TỔ CHỨC THỰC HIỆN",
            "1. Ủy ban nhân dân các tỉnh, thành phố thành lập Tổ công tác rà soát văn bản.",
            "2. Các Tập đoàn, Tổng công ty hoàn thành chỉ tiêu kinh doanh năm 2026.",
            "3. Các Bộ chủ chương trình nghiêm túc thực hiện các nhiệm vụ đã được giao.",
        ]
    )
    review, discipline, board, groups, owners = records
    assert keys(review.assignees) == keys(discipline.assignees) == keys(["các Bộ trưởng",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"])  # fmt: skip
    assert board.assignees_text == ["Ủy ban nhân dân các tỉnh, thành phố"]
    assert board.task.startswith("thành lập Tổ công tác")
    assert groups.assignees_text == ["Các Tập đoàn", "Tổng công ty"]
    assert owners.assignees_text == ["Các Bộ chủ chương trình"]
    assert owners.task.startswith("nghiêm túc thực hiện")


def test_an_item_with_its_own_subject_after_an_opener_and_a_later_lead():
    mine, other, finance = _parsed(
        [
            "1. Các bộ, cơ quan, địa phương thực hiện các nhiệm vụ sau:",
            "o) Về nhiệm vụ cụ thể: Từng bộ, cơ quan, địa phương khẩn trương tổ chức triển khai "
            "các nội dung tại Phụ lục.",
            "2. Ủy ban nhân dân các tỉnh, thành phố tổ chức thực hiện các nhiệm vụ sau:",
            "a) Khẩn trương rà soát các chỉ tiêu tăng trưởng trong năm 2026, gửi Bộ Tài chính "
            "trước ngày 06 tháng 5 năm 2026. Trên cơ sở đề xuất của các địa phương, Bộ Tài chính "
            "khẩn trương tổng hợp, trình Chính phủ trước ngày 10 tháng 5 năm 2026.",
        ],
        date="2026-05-01",
    )
    assert mine.assignees_text == ["Từng bộ, cơ quan, địa phương"]
    assert mine.task.startswith("khẩn trương tổ chức")
    # The inherited task ends where Bộ Tài chính's own sentence begins; "trong năm 2026" is the
    # scope of the indicators, the day is the deadline.
    assert keys(other.assignees) == keys(["Ủy ban nhân dân các tỉnh, thành phố"])
    assert other.deadline == "2026-05-06" and "Bộ Tài chính khẩn trương" not in other.task
    assert finance.assignees_text == ["Bộ Tài chính"] and finance.deadline == "2026-05-10"


def test_three_dated_pieces_of_one_item_in_text_order():
    records = _parsed(
        [
            "3. Bộ Tài chính chủ trì, phối hợp với các cơ quan, địa phương:",
            "đ) Hoàn thiện phương án sắp xếp doanh nghiệp nhà nước, hoàn thành trong tháng 5 năm "
            "2026. Khẩn trương hoàn thiện Quyết định về tiêu chí phân loại, trình Thủ tướng Chính "
            "phủ trước ngày 15 tháng 5 năm 2026. Cơ cấu lại hoạt động của Tổng công ty, hoàn thành "
            "trong quý II năm 2026.",
        ],
        date="2026-05-01",
    )
    assert [r.deadline for r in records] == ["2026-05-31", "2026-05-15", "2026-06-30"]
    assert records[1].task.startswith("Khẩn trương hoàn thiện Quyết định")


def test_reports_made_at_a_meeting_and_a_finding_are_not_tasks():
    records = _parsed(
        [
            "1. Những kết quả nổi bật",
            "Chính phủ thống nhất đánh giá: tình hình kinh tế tiếp tục phục hồi.",
            "III. Về việc báo cáo Chính phủ",
            "Tại Phiên họp Chính phủ, các Bộ đã có báo cáo Chính phủ như sau:",
            "1. Bộ Tài chính báo cáo về tiếp thu, chỉnh lý các dự thảo:",
            "Nghị quyết về kế hoạch tài chính 5 năm giai đoạn 2026 - 2030.",
            "2. Bộ Tư pháp báo cáo về tiếp thu, chỉnh lý dự thảo Luật Công chứng.",
            "Văn phòng Chính phủ theo dõi, đôn đốc, báo cáo kết quả thực hiện Nghị quyết này.",
        ]
    )
    assert [r.assignees_text for r in records] == [["Văn phòng Chính phủ"]]


def test_a_second_office_and_sentences_that_go_on_with_the_same_work():
    minister, leaders = _parsed(
        [
            "3. Bộ Tài chính chủ trì, phối hợp với các cơ quan, địa phương:",
            "i) Bộ trưởng Bộ Tài chính - Phó Trưởng Ban Chỉ đạo quốc gia chống buôn lậu, gian lận "
            "thương mại và hàng giả khẩn trương trình Thủ tướng Chính phủ Quyết định kiện toàn Ban "
            "Chỉ đạo.",
            "b) Lãnh đạo các địa phương cần giữ vững kỷ luật đầu tư công. Hoàn thành việc sắp xếp "
            "tài sản công, trụ sở dôi dư trong quý II năm 2026.",
        ],
        date="2026-05-06",
    )
    assert minister.assignees_text == ["Bộ trưởng Bộ Tài chính"]
    assert minister.task.startswith("khẩn trương trình")
    assert leaders.assignees_text == ["Lãnh đạo các địa phương"]
    assert leaders.deadline == "2026-06-30" and "Hoàn thành việc sắp xếp" in leaders.task


def test_items_take_the_supporters_of_their_intro_unless_they_name_their_own():
    first, second = _parsed(
        [
            "3. Bộ Tài chính chủ trì, phối hợp với các cơ quan, địa phương:",
            "a) Theo dõi, đôn đốc, tổng hợp báo cáo kế hoạch đầu tư công trung hạn.",
            "b) Phối hợp với Bộ Công an rà soát, hoàn thiện các quy định về quản lý thuế.",
        ]
    )
    assert keys(first.assignees) == keys(second.assignees) == keys(["Bộ Tài chính"])
    assert keys(first.supporters) == keys(["các cơ quan, địa phương"])
    assert keys(second.supporters) == keys(["Bộ Công an"])


def test_a_table_row_whose_lead_the_pdf_glued_to_the_task_cell():
    records = _parsed(
        [
            "STT",
            "Tên nhiệm vụ cụ thể",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Kết quả",
            "Thời gian hoàn thành",
            "1.",
            "Xây dựng Nghị định về mức đóng bảo hiểm y tế theo lộ trình phù hợp Bộ Y tế Bộ Tài "
            "chính, các bộ, ngành",
            "Nghị định của",
            "Chính phủ",
            "Tháng 3/2027",
            "2.",
            "Từng bước phân luồng người bệnh giữa các cấp chuyên môn kỹ thuật,",
            "Bộ Y tế, Sở Y tế đối với địa phương",
            "Cơ sở khám bệnh, chữa bệnh",
            "Đề án triển khai",
            "Quý II/2027",
        ],
        date="2026-04-06",
    )
    glued, plain = records
    # "Chính phủ" goes on "Nghị định của": a result, not the lead.
    assert glued.assignees_text == ["Bộ Y tế"] and glued.deadline == "2027-03-31"
    assert keys(glued.supporters) >= keys(["Bộ Tài chính"])
    assert glued.task.endswith("theo lộ trình phù hợp")
    assert plain.assignees_text[0] == "Bộ Y tế" and plain.deadline == "2027-06-30"


def test_precision_classes_seen_on_unlabelled_gazette_documents():
    records = _parsed(
        [
            "1. Cục trưởng Cục Thuế quyết định mức kinh phí ủy nhiệm thu phù hợp với từng địa bàn.",
            "2. Bộ Lao động - Thương binh và Xã hội11 kiểm tra việc tham gia bảo hiểm y tế.",
            "3. Người lao động theo quy định của Bộ luật Lao động.",
            "4. Bộ trưởng, Chủ tịch Ủy ban nhân dân cấp tỉnh chịu trách nhiệm thực hiện theo quy "
            "định tại Thông tư này./.",
            "5. Ngân hàng B (10) (11) (12) (13) (14)",
        ]
    )
    tax, labour, closing = records
    # "quyết định" is a verb, not the tail of "Cục Thuế"; "theo quy định" is no verb.
    assert tax.assignees_text == ["Cục trưởng Cục Thuế"] and tax.task.startswith("quyết định")
    assert labour.assignees_text == ["Bộ Lao động - Thương binh và Xã hội"]  # footnote dropped
    assert closing.kind == "general"


def test_a_plan_table_with_bare_group_numerals_restarted_rows_and_sub_works():
    records = _parsed(
        [
            "Phụ lục",
            "TT",
            "Nội dung, nhiệm vụ",
            "Cơ quan chủ trì thực hiện",
            "Cơ quan phối hợp",
            "Thời gian",
            "I",
            "Hoàn thiện quy định về phòng cháy",
            "1",
            "Rà soát quy chuẩn an toàn cho nhà cao tầng.",
            "Bộ Công an,",
            "Bộ Xây dựng",
            "Các bộ, cơ quan, địa phương",
            "Năm",
            "2026 - 2027",
            "2",
            "Nâng cấp hạ tầng chống chịu với nắng nóng cực đoan.",
            "Nhà ở xã hội.",
            "Bộ Xây dựng",
            "Bộ Y tế, các bộ, cơ quan",
            "Năm 2026 và các năm tiếp theo",
            "Trạm y tế xã.",
            "Bộ Y tế",
            "Công trình thủy lợi.",
            "Bộ Nông nghiệp và Môi trường",
            "Các địa phương",
            "II",
            "Tuyên truyền, tập huấn",
            "1",
            "Tập huấn kỹ năng thoát hiểm cho học sinh.",
            "UBND các tỉnh/thành phố",
            "Các bộ, cơ quan",
            "Giai đoạn",
            "2026 - 2030",
            "III Hợp tác quốc tế 1",
            "Tham gia mạng lưới cảnh báo sớm của khu vực.",
            "Các Bộ:",
            "Ngoại giao,",
            "Y tế",
            "Các địa phương",
            "Hằng năm",
        ]
    )
    assert [(r.assignees_text, r.deadline) for r in records] == [
        (["Bộ Công an", "Bộ Xây dựng"], "2027-12-31"),  # "Năm" + "2026 - 2027"
        (["Bộ Xây dựng"], ""),  # "... và các năm tiếp theo" gives no single date
        (["Bộ Y tế"], ""),  # sub-works: the merged deadline cell is the first one's
        (["Bộ Nông nghiệp và Môi trường"], ""),
        (["UBND các tỉnh/thành phố"], "2030-12-31"),  # numbering restarts after "II"
        (["Bộ Ngoại giao", "Bộ Y tế"], ""),  # "Các Bộ:" goes on to the names
    ]
    assert records[2].task.endswith("Trạm y tế xã.")
    assert keys(records[2].supporters) == keys(["Bộ Y tế", "các bộ, cơ quan"])
    assert keys(records[3].supporters) == keys(["Các địa phương"])


def test_a_lower_case_line_after_a_rows_deadline_is_no_sub_work():
    # A page break cut the task cell: its tail and the supporters' tail come after the deadline.
    records = _parsed(
        [
            "TT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "1",
            "Nghiên cứu cơ chế hỗ trợ tài",
            "Bộ Tài chính",
            "Quý IV/2026",
            "chính cho doanh nghiệp nhỏ.",
            "Cơ quan, tổ chức liên quan",
        ]
    )
    assert [(r.assignees_text, r.deadline) for r in records] == [(["Bộ Tài chính"], "2026-12-31")]


def test_a_generic_competent_body_and_investors_given_duties_in_an_article():
    records = _parsed(
        [
            "Điều 3. Xử lý vướng mắc đối với hợp đồng đã ký",
            "1. Cơ quan có thẩm quyền thanh toán cho nhà đầu tư theo hợp đồng đã ký kết.",
            "2. Nhà đầu tư tiếp tục xây dựng công trình theo hợp đồng.",
            "Điều 4. Tổ chức thực hiện",
            "1. Cơ quan có thẩm quyền có trách nhiệm:",
            "a) Rà soát hồ sơ của từng dự án trước ngày 30 tháng 9 năm 2026;",
            "b) Phối hợp với nhà đầu tư xác định giá đất.",
            "2. Nhà đầu tư có trách nhiệm:",
            "a) Hoàn thành công trình theo tiến độ của hợp đồng;",
            "b) Về tính trung thực của hồ sơ dự án.",
        ]
    )
    # The case rules of "Xử lý vướng mắc" are rules; the duties of "Tổ chức thực hiện" are work.
    assert [(r.assignees_text, r.kind, r.deadline) for r in records] == [
        (["Cơ quan có thẩm quyền"], "task", "2026-09-30"),
        (["Cơ quan có thẩm quyền"], "coordination", ""),
        (["Nhà đầu tư"], "task", ""),
        (["Nhà đầu tư"], "general", ""),  # answers for the records' accuracy
    ]


def test_a_procedure_step_counted_from_each_application_is_no_task():
    records = _parsed(
        [
            "II. Thời hạn giải quyết thủ tục cấp giấy phép",
            "Trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ, cơ quan có "
            "thẩm quyền thẩm định hồ sơ.",
            "Trường hợp hồ sơ chưa đạt yêu cầu, cơ quan có thẩm quyền yêu cầu tổ chức bổ sung.",
            "III. Tổ chức thực hiện",
            "Bộ Công Thương hướng dẫn các địa phương thực hiện thủ tục này trong quý III năm 2026.",
        ]
    )
    assert [(r.assignees_text, r.deadline) for r in records] == [(["Bộ Công Thương"], "2026-09-30")]


def test_a_named_officer_keeps_the_name_with_a_modal_or_a_giao():
    records = _parsed(
        [
            "1. Đồng chí Nguyễn Văn An, Giám đốc Sở Y tế chịu trách nhiệm chỉ đạo triển khai kế "
            "hoạch tiêm chủng.",
            "2. Giao đồng chí Phạm Văn Dũng, Giám đốc Sở Xây dựng chủ trì kiểm tra an toàn công "
            "trình.",
        ]
    )
    assert [r.assignees_text for r in records] == [
        ["Giám đốc Sở Y tế Nguyễn Văn An"],
        ["Giám đốc Sở Xây dựng Phạm Văn Dũng"],
    ]
    assert records[0].task.startswith("chịu trách nhiệm chỉ đạo")


def test_a_courteous_request_and_a_name_with_lowercase_words_in_a_subject_list():
    records = _parsed(
        [
            "3. Chính phủ trân trọng đề nghị Ban Tuyên giáo và Dân vận Trung ương, các cơ quan tư "
            "pháp phối hợp trong quá trình triển khai thực hiện.",
            "Điều 3. Cục trưởng Cục Quản lý đấu thầu và Thủ trưởng các cơ quan, đơn vị có liên "
            "quan chịu trách nhiệm thi hành Quyết định này./.",
        ]
    )
    request, closing = records
    assert keys(request.assignees_text) == keys(
        ["Ban Tuyên giáo và Dân vận Trung ương", "các cơ quan tư pháp"]
    )
    assert request.kind == "coordination"
    # The bodies after "và" are found even though "Cục Quản lý đấu thầu" defeats the whole list.
    assert closing.assignees_text == ["Thủ trưởng các cơ quan, đơn vị có liên quan"]
    assert closing.kind == "general"


def test_an_ellipsis_after_a_comma_does_not_cut_the_subject():
    records = _parsed(
        [
            "a) Đối với những nhiệm vụ đã rõ, không cần xây dựng thêm đề án, dự án,… các bộ, cơ "
            "quan, địa phương tổ chức triển khai ngay.",
        ]
    )
    assert [r.assignees_text for r in records] == [["các bộ, cơ quan, địa phương"]]


def test_scope_and_definition_articles_hand_out_no_work():
    records = _parsed(
        [
            "Điều 1. Phạm vi điều chỉnh",
            "Bộ luật này quy định tiêu chuẩn lao động.",
            "Điều 2. Đối tượng được hỗ trợ",
            "Người sử dụng lao động đang tham gia bảo hiểm thất nghiệp, không bao gồm:",
            "1. Cơ quan nhà nước.",
            "2. Đơn vị sự nghiệp công lập thuộc đối tượng được giảm đóng thì gửi cơ quan bảo hiểm "
            "xã hội 01 bản sao văn bản.",
            "Điều 3. Tổ chức thực hiện",
            "Bảo hiểm xã hội Việt Nam tổ chức thực hiện việc hỗ trợ người lao động.",
        ]
    )
    assert [r.assignees_text for r in records] == [["Bảo hiểm xã hội Việt Nam"]]


# --- the fourth labelling round's classes (tune half and unlabelled gazette documents) ----------


def test_a_table_with_bare_group_numerals_dangling_heads_and_a_lowercase_name_tail():
    records = _parsed(
        [
            "PHỤ LỤC",
            "TT",
            "Tên nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời hạn hoàn thành",
            "I.",
            "Tăng cường sự lãnh đạo của Đảng",
            "1.",
            "Tổ chức tuyên truyền, phổ biến về công tác phi chính phủ nước ngoài",
            "Bộ Ngoại giao",
            "Các",
            "Bộ, ngành, địa phương",
            "Thực hiện thường xuyên.",
            "II.",
            "Đẩy mạnh cải cách thể chế",
            "1.",
            "Nghiên cứu, đề xuất xây dựng văn bản quy phạm pháp luật",
            "Bộ",
            "Nội vụ,",
            "Bộ Khoa học và công nghệ",
            "Bộ Tư pháp",
            "Năm 2026 –",
            "2030",
            "2.",
            "Tăng cường công tác đào tạo, bồi dưỡng cán bộ",
            "Bộ Ngoại giao, Ủy ban công tác phi chính phủ nước ngoài",
            "Các bộ, ngành",
            "2026 - 2030",
        ]
    )
    assert [(r.assignees_text, r.deadline) for r in records] == [
        (["Bộ Ngoại giao"], ""),
        (["Bộ Nội vụ", "Bộ Khoa học và công nghệ"], "2030-12-31"),
        (["Bộ Ngoại giao", "Ủy ban công tác phi chính phủ nước ngoài"], "2030-12-31"),
    ]
    assert keys(records[0].supporters) == keys(["Các Bộ, ngành, địa phương"])
    # a row restarting at 1 under group II is a row of its own, not part of row I.1
    assert "Tăng cường công tác đào tạo" not in records[0].task


def test_a_merged_lead_cell_and_a_cited_article_inside_a_table():
    records = _parsed(
        [
            "Phụ lục III",
            "STT",
            "Danh sách các VBQPPL sửa đổi, bổ sung",
            "Điều, khoản, điểm cần sửa đổi, bổ sung, bãi bỏ",
            "Cơ quan chủ trì soạn thảo",
            "1.",
            "Nghị định số 17/2023/NĐ-CP",
            "- Điều 5",
            "Bộ Văn hóa,",
            "Thể thao và",
            "Du lịch",
            "2.",
            "Nghị định số 144/2020/NĐ-CP",
            "Điều 19",
            "3.",
            "Nghị định số 06/2016/NĐ-CP",
            "Khoản 5, 6 Điều 15",
            "Phụ lục IV",
        ]
    )
    assert [r.task.split(" ")[3] for r in records] == [
        "17/2023/NĐ-CP",
        "144/2020/NĐ-CP",
        "06/2016/NĐ-CP",
    ]
    assert {tuple(r.assignees_text) for r in records} == {("Bộ Văn hóa, Thể thao và Du lịch",)}


def test_a_cell_ending_in_a_cut_name_goes_on():
    records = _parsed(
        [
            "TT",
            "Nội dung, nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "1",
            "Củng cố, kiện toàn cơ quan chỉ đạo điều hành về phòng thủ dân sự các cấp",
            "Ban Chỉ đạo",
            "Phòng thủ dân sự quốc gia",
            "Ban Chỉ huy",
            "PTDS",
            "các cấp",
            "Hằng năm",
            "2",
            "Hoàn thiện quy chuẩn kỹ thuật công trình hạ tầng năng lượng",
            "Bộ Công",
            "Thương",
            "Các bộ, cơ quan",
            "2026 - 2027",
        ]
    )
    assert [r.assignees_text for r in records] == [
        ["Ban Chỉ đạo Phòng thủ dân sự quốc gia"],
        ["Bộ Công Thương"],
    ]
    assert keys(records[0].supporters) == keys(["Ban Chỉ huy PTDS các cấp"])


def test_a_trigger_run_into_an_article_title_and_a_plural_generic_subject():
    records = _parsed(
        [
            "Điều 2. Phân công cơ quan thẩm tra Phân công Ủy ban Pháp luật của Quốc hội chủ trì "
            "thẩm tra dự thảo Nghị quyết.",
            "Điều 3. Tổ chức thực hiện",
            "Trường hợp các văn bản chưa được đưa vào kế hoạch, các đơn vị khẩn trương đề xuất "
            "đưa vào kế hoạch xây dựng văn bản quy phạm pháp luật.",
        ]
    )
    assert [(r.assignees_text, r.task.split(" ")[0]) for r in records] == [
        (["Ủy ban Pháp luật của Quốc hội"], "chủ"),
        (["các đơn vị"], "khẩn"),
    ]


def test_a_closing_clause_whose_subject_lists_organisations_and_individuals():
    (closing,) = _parsed(
        [
            "Điều 15. Trách nhiệm thi hành",
            "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh và các cơ "
            "quan, tổ chức, đơn vị, cá nhân có liên quan chịu trách nhiệm thi hành Nghị định này.",
        ]
    )
    assert closing.kind == "general"
    assert closing.assignees_text[-1] == "các cơ quan, tổ chức, đơn vị, cá nhân có liên quan"


@pytest.mark.parametrize(
    ("task", "kind"),
    [
        ("Kiểm tra, giám sát việc thực hiện Nghị định này.", "general"),
        (
            "Chủ trì, phối hợp với các bộ, ngành trong việc hướng dẫn tổ chức thực hiện các quy "
            "định tại Nghị định này.",
            "general",
        ),
        ("tuân thủ quy định tại Nghị định này.", "general"),
        # watching over the work stays work, as in the first rounds' labels
        ("hướng dẫn, đôn đốc, kiểm tra việc triển khai thực hiện Chỉ thị này", "task"),
        # the text's own policy is the text (the fifth round's label rule)
        (
            "Hướng dẫn, kiểm tra việc thực hiện chính sách đối với người lao động theo quy định "
            "tại Quyết định này.",
            "general",
        ),
        (
            "Chủ động hướng dẫn tổ chức triển khai thi hành Nghị quyết này theo lĩnh vực được "
            "phân công quản lý.",
            "general",
        ),
        # work named by its content stays a task
        (
            "kiểm tra, giám sát quá trình thực hiện các dự án theo quy định của Nghị quyết này.",
            "task",
        ),
        ("Tăng cường kiểm tra, đôn đốc, giám sát việc triển khai thực hiện Kế hoạch.", "task"),
        ("chủ động phối hợp với Bộ Ngoại giao báo cáo Thủ tướng Chính phủ.", "coordination"),
        ("Phối hợp chặt chẽ, đồng bộ giữa các cơ quan quản lý nhà nước.", "task"),
    ],
)
def test_kinds_of_supervision_compliance_and_coordination(task, kind):
    from ingest.assignments import _kind

    assert _kind(task, task, "") == kind


def test_a_regulations_rules_outside_its_duty_articles_are_not_tasks():
    records = _parsed(
        [
            "Chương II",
            "HỘI THI",
            "Điều 7. Thẩm quyền công nhận và khen thưởng",
            "Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định công nhận và khen thưởng cho tác giả.",
            "Điều 8. Ban tổ chức Hội thi",
            "Ban tổ chức Hội thi thành lập các tiểu ban phục vụ Hội thi.",
            "Điều 9. Chi phí",
            "Bộ trưởng Bộ Tư pháp quy định chi tiết việc thu, nộp chi phí.",
            "Chương III",
            "TỔ CHỨC THỰC HIỆN",
            "Điều 10. Trách nhiệm của doanh nghiệp cung ứng dịch vụ bưu chính công ích",
            "1. Báo cáo tiến độ thực hiện tống đạt giấy tờ theo yêu cầu của Bộ Tư pháp.",
            "Điều 11. Trách nhiệm của Viện kiểm sát nhân dân tối cao Chủ trì, phối hợp với các bộ "
            "tổ chức thi hành trong hoạt động tương trợ tư pháp.",
        ]
    )
    assert [(r.assignees_text, r.task.split(" ")[0]) for r in records] == [
        (["Bộ trưởng Bộ Tư pháp"], "quy"),  # a delegation is work wherever it is written
        (["doanh nghiệp cung ứng dịch vụ bưu chính công ích"], "Báo"),
        (["Viện kiểm sát nhân dân tối cao"], "Chủ"),
    ]


def test_a_decree_hands_out_work_only_in_its_duty_and_closing_articles():
    lines = [
        "Điều 4. Sửa đổi, bổ sung khoản 1 Điều 9",
        "“1. Ngân hàng Nhà nước chi nhánh có văn bản gửi tổ chức tín dụng trong 05 ngày.”",
        "Điều 5. Lập kế hoạch trang bị",
        "Bộ Tư pháp tổ chức kiểm tra việc trang bị công cụ hỗ trợ hằng năm.",
        "Điều 6. Trách nhiệm của các cơ quan, tổ chức có liên quan trong công tác tổ chức cán bộ",
        "1. Ủy ban nhân dân tỉnh, thành phố trong phạm vi chức năng, nhiệm vụ được giao chỉ đạo "
        "các cơ quan có thẩm quyền tăng cường công tác phối hợp.",
        "Điều 7. Trách nhiệm thực hiện",
        "Thủ trưởng các đơn vị thuộc Ngân hàng Nhà nước, tổ chức tín dụng phi ngân hàng chịu "
        "trách nhiệm tổ chức thực hiện Thông tư này.",
    ]
    from ingest.structure import parse_blocks

    text = "\n".join(lines)
    decree = Notice(doc_id="d", source="mem", text=text, date="2026-05-20", doc_type="Nghị định")
    records = extract_assignments(decree, parse_blocks(text))
    assert [(r.assignees_text[0], r.kind) for r in records] == [
        ("Ủy ban nhân dân tỉnh, thành phố", "task"),
        (
            "Thủ trưởng các đơn vị thuộc Ngân hàng Nhà nước, tổ chức tín dụng phi ngân hàng",
            "general",
        ),
    ]
    # the same article in a resolution is work: the rule is for decrees, circulars and chapters
    resolution = Notice(
        doc_id="r", source="mem", text=text, date="2026-05-20", doc_type="Nghị quyết"
    )
    assert any(
        r.assignees_text == ["Bộ Tư pháp"]
        for r in extract_assignments(resolution, parse_blocks(text))
    )


def test_a_charter_of_a_kind_of_body_and_a_list_fragment_after_an_opener_are_no_subjects():
    records = _parsed(
        [
            "Điều 8. Nhiệm vụ và quyền hạn của trường trung cấp",
            "1. Tổ chức thực hiện chương trình đào tạo trình độ trung cấp.",
            "Điều 9. Nhiệm vụ và quyền hạn của Bộ Tư pháp trong hoạt động tương trợ tư pháp",
            "1. Chủ trì, phối hợp với các cơ quan liên quan đề xuất ký kết điều ước quốc tế.",
            "Điều 10. Định hướng sắp xếp đơn vị sự nghiệp công lập",
            "Trên cơ sở định hướng về sắp xếp đơn vị sự nghiệp thuộc các bộ, ngành, địa phương "
            "theo Công văn số 59-CV/BCĐ, rà soát, thực hiện việc sắp xếp, cụ thể như sau:",
            "- Cơ bản giữ nguyên các đơn vị sự nghiệp công lập được quy định tại Nghị định.",
        ]
    )
    assert [r.assignees_text for r in records] == [["Bộ Tư pháp"]]


def test_a_row_then_its_sub_rows():
    records = _parsed(
        [
            "TT",
            "Nội dung công việc",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời hạn hoàn thành",
            "1",
            "Sắp xếp các đơn vị sự nghiệp công lập thuộc thẩm quyền quản lý",
            "Các bộ, cơ quan ngang bộ",
            "Bộ Nội vụ",
            "Quý III/2026",
            "1.1 Theo dõi, tổng hợp việc sắp xếp đơn vị sự nghiệp công lập",
            "Bộ Nội vụ",
            "Các bộ, cơ quan ngang bộ",
            "Thường xuyên",
            "1.2 Theo dõi kết quả sắp xếp đơn vị sự nghiệp thuộc ngành, lĩnh vực quản lý",
            "Các bộ quản lý ngành, lĩnh vực",
            "Các bộ, cơ quan ngang bộ",
            "Thường xuyên",
        ]
    )
    assert [(r.task.split(" ")[0], r.deadline) for r in records] == [
        ("Sắp", "2026-09-30"),
        ("Theo", ""),
        ("Theo", ""),
    ]


def test_a_cited_texts_title_cut_after_cua_names_no_lead():
    # A list of texts whose cells a PDF cut after "của": the issuer of a cited text is no subject;
    # the same words opening a block of their own still are.
    notice, blocks = notice_of(
        [
            "Nghị định số 51/2016/NĐ-CP ngày 13 tháng 6 năm 2016 của",
            "Chính phủ quy định quản lý lao động, tiền lương và tiền thưởng.",
            "Thông tư số 57/2015/TT-BLĐTBXH ngày 25/12/2015 của Bộ trưởng",
            "Bộ Lao động - Thương binh và Xã hội quy định về Điều lệ trường cao đẳng.",
            "Bộ Công an quy định chi tiết thủ tục cấp giấy phép hoạt động.",
        ]
    )
    (record,) = extract_assignments(notice, blocks)
    assert record.assignees_text == ["Bộ Công an"]


def test_a_task_table_with_its_header_in_capitals():
    # An appendix of decrees to amend, its header printed in capitals over several lines.
    notice, blocks = notice_of(
        [
            "STT",
            "CÁC NGHỊ ĐỊNH CẦN SỬA ĐỔI, BỔ SUNG",
            "ĐIỀU, KHOẢN, ĐIỂM",
            "CẦN SỬA ĐỔI, BỔ SUNG,",
            "BÃI BỎ",
            "CƠ QUAN CHỦ TRÌ",
            "SOẠN THẢO",
            "1.",
            "Nghị định số 70/2024/NĐ-CP ngày 25/6/2024 quy định chi tiết Luật Căn cước",
            "Điều 13, Điều 20",
            "Bộ Công an",
            "2.",
            "Nghị định số 99/2016/NĐ-CP ngày 01/7/2016 về quản lý và sử dụng con dấu",
            "Điều 11, Điều 12",
            "Bộ Công an",
        ]
    )
    records = extract_assignments(notice, blocks)
    assert [r.assignees_text for r in records] == [["Bộ Công an"], ["Bộ Công an"]]
    assert "70/2024/NĐ-CP" in records[0].task and "99/2016/NĐ-CP" in records[1].task


def test_an_appendix_that_rewrites_procedures_hands_out_no_work():
    title = "Phụ lục I.7 CẮT GIẢM, PHÂN CẤP, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH THUỘC LĨNH VỰC AN NINH"
    notice, blocks = notice_of(
        [
            title,
            "Bộ Công an tiếp nhận, phân loại hồ sơ và chuyển Công an tỉnh để xử lý theo địa bàn.",
        ]
    )
    blocks[1].section = [title]
    assert extract_assignments(notice, blocks) == []
    # a directive's task group on the same subject still hands out its work
    group = "3. Đẩy mạnh cắt giảm, đơn giản hóa thủ tục hành chính"
    notice, blocks = notice_of([group, "Bộ Công an rà soát, cắt giảm thủ tục cấp giấy phép."])
    blocks[1].section = [group]
    (record,) = extract_assignments(notice, blocks)
    assert record.assignees_text == ["Bộ Công an"]


def test_a_table_of_texts_headed_van_ban_with_cut_citations():
    # "Văn bản" heads the task column; "khoản 2 Điều" + "2 Điều 17" is one cell, not row 2; a
    # cited "Phụ lục V." at a cell's end is no new appendix.
    notice, blocks = notice_of(
        [
            "TT",
            "Văn bản",
            "Điều, khoản, điểm cần sửa đổi, bổ sung, bãi bỏ",
            "Cơ quan chủ trì soạn thảo",
            "1.",
            "Nghị định số 84/2019/NĐ-CP quy định về quản lý phân bón - khoản 2 Điều",
            "2 Điều 17",
            "Bộ Nông nghiệp và Môi trường",
            "2.",
            "Nghị định số 33/2026/NĐ-CP sửa đổi các Nghị định về trồng trọt - Mẫu số 39",
            "Phụ lục V.",
            "Bộ Nông nghiệp và Môi trường",
            "3.",
            "Nghị định số 65/2023/NĐ-CP quy định chi tiết Luật Sở hữu trí tuệ",
            "Bộ Khoa học và Công nghệ",
        ]
    )
    records = extract_assignments(notice, blocks)
    assert [r.assignees_text for r in records] == [
        ["Bộ Nông nghiệp và Môi trường"],
        ["Bộ Nông nghiệp và Môi trường"],
        ["Bộ Khoa học và Công nghệ"],
    ]
    assert "84/2019" in records[0].task and "65/2023" in records[2].task


def test_one_off_dated_work_at_the_end_of_a_procedure_is_a_task():
    heading = "Trình tự, thủ tục thực hiện:"
    notice, blocks = notice_of(
        [
            heading,
            "2. Trong thời hạn 03 ngày làm việc kể từ ngày nhận được hồ sơ, Ủy ban nhân dân cấp "
            "tỉnh cấp tài khoản cho tổ chức.",
            "3. Chủ tịch Ủy ban nhân dân cấp tỉnh tổ chức triển khai thủ tục hành chính này từ "
            "ngày 01 tháng 8 năm 2026.",
            "4. Ủy ban nhân dân cấp tỉnh xem xét hồ sơ của tổ chức theo Nghị định số 06/2022/NĐ-CP "
            "ngày 07 tháng 01 năm 2022.",
        ]
    )
    for block in blocks[1:]:
        block.section = [heading]
    (record,) = extract_assignments(notice, blocks)
    assert record.assignees_text == ["Chủ tịch Ủy ban nhân dân cấp tỉnh"]
    assert record.task.startswith("tổ chức triển khai thủ tục hành chính")


@pytest.mark.parametrize(
    "heading",
    [
        "Phụ lục 12.7 BÁO CÁO THẨM ĐỊNH TÀI LIỆU DỰ ÁN",
        "XIII. Thời hạn thực hiện thủ tục Cấp Bằng bảo hộ giống cây trồng",
    ],
)
def test_a_printed_form_and_a_procedures_time_limits_hand_out_no_work(heading):
    notice, blocks = notice_of(
        [heading, "Các thành viên tham gia dự án phải thực hiện quá trình tham vấn tại địa phương."]
    )
    blocks[1].section = [heading]
    assert extract_assignments(notice, blocks) == []


def test_a_numbered_appendix_of_tasks_still_hands_out_work():
    heading = "Phụ lục II DANH MỤC NHIỆM VỤ"
    notice, blocks = notice_of([heading, "Bộ Công an rà soát, sửa đổi quy trình cấp thẻ."])
    blocks[1].section = [heading]
    (record,) = extract_assignments(notice, blocks)
    assert record.assignees_text == ["Bộ Công an"]


# --- sixth labelling round (issue 11): classes found on the new tune documents -------------------


def test_a_list_of_texts_grouped_by_kind_and_appendices_cited_in_cells():
    # A group title naming a kind of text in capitals ("II" + "NGHỊ ĐỊNH") and "Phụ lục I" inside a
    # cell do not end the table; the next appendix's own title does.
    records = _parsed(
        [
            "TT",
            "Các văn bản cần sửa đổi, bổ sung",
            "Điều, khoản, điểm cần sửa đổi, bổ sung, bãi bỏ",
            "Cơ quan chủ trì soạn thảo",
            "I",
            "NGHỊ QUYẾT",
            "1.",
            "Nghị quyết số 66.16/2026/NQ-CP",
            "Khoản A.III, mục 1, Phụ lục I.3",
            "Bộ Tư pháp",
            "II",
            "NGHỊ ĐỊNH",
            "1.",
            "Nghị định số 142/2025/NĐ-CP",
            "Điểm c khoản 2 Điều 3",
            "Phụ lục I",
            "Bộ Giáo dục",
            "và Đào tạo",
            "2.",
            "Nghị định số 125/2024/NĐ-CP",
            "Điều 116;",
            "Phụ lục I;",
            "Bộ Giáo dục và Đào tạo",
            "Phụ lục II",
            "CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH",
            "1. Thủ tục cấp giấy phép do Sở Giáo dục và Đào tạo giải quyết.",
        ]
    )
    assert [(r.task.split(" ")[3], r.assignees_text) for r in records] == [
        ("66.16/2026/NQ-CP", ["Bộ Tư pháp"]),
        ("142/2025/NĐ-CP", ["Bộ Giáo dục và Đào tạo"]),
        ("125/2024/NĐ-CP", ["Bộ Giáo dục và Đào tạo"]),
    ]


def test_a_heading_naming_bodies_with_their_scope_and_a_party_with_lowercase_words():
    records = _parsed(
        [
            "Điều 4. Tổ chức thi hành",
            "1. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực "
            "thuộc trung ương theo thẩm quyền:",
            "a) Công bố thủ tục hành chính theo quy định của pháp luật về kiểm soát thủ tục hành "
            "chính;",
            "b) Hướng dẫn việc khai thác dữ liệu từ cơ sở dữ liệu quốc gia về dân cư.",
            "2. Trường phổ thông nội trú xã biên giới",
            "a) Chịu trách nhiệm lập danh sách học sinh hưởng chính sách;",
            "b) Tổ chức thực hiện chính sách bảo đảm đúng tiêu chuẩn, định mức.",
        ]
    )
    assert [r.assignees_text for r in records] == [
        [
            "Bộ trưởng",
            "Thủ trưởng cơ quan ngang bộ",
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
        ],
    ] * 2 + [["Trường phổ thông nội trú xã biên giới"]] * 2
    assert records[2].task.startswith("Chịu trách nhiệm lập danh sách")


def test_a_topic_heading_is_no_party():
    records = _parsed(
        [
            "Điều 5. Tổ chức thực hiện",
            "1. Cơ quan tổ chức thực hiện",
            "a) Bảo đảm kinh phí theo quy định.",
        ]
    )
    assert records == []


def test_rules_stated_under_a_bodys_heading_are_no_tasks():
    records = _parsed(
        [
            "Điều 9. Tổ chức thực hiện",
            "1. Hội đồng nhân dân cấp tỉnh",
            "Bảo đảm kinh phí thực hiện chính sách theo quy định tại Nghị định này.",
            "Mức hỗ trợ tại Nghị định này là mức tối thiểu, Hội đồng nhân dân cấp tỉnh căn cứ khả "
            "năng cân đối ngân sách của địa phương có thể quyết định bổ sung chính sách.",
            "2. Ủy ban nhân dân cấp tỉnh",
            "Mức hỗ trợ quy định tại khoản 2 Điều 4 là cơ sở để xác định tổng kinh phí ngân sách "
            "trung ương hỗ trợ ngân sách địa phương.",
            "Chỉ đạo, hướng dẫn tổ chức thực hiện các chính sách theo quy định tại Nghị định này "
            "thuộc phạm vi quản lý.",
        ]
    )
    assert [(r.assignees_text, r.kind) for r in records] == [
        (["Hội đồng nhân dân cấp tỉnh"], "task"),
        (["Ủy ban nhân dân cấp tỉnh"], "general"),
    ]


@pytest.mark.parametrize(
    ("text", "effective", "expected"),
    [
        # work to be running from a date is due that date
        (
            "Chủ tịch Ủy ban nhân dân cấp tỉnh tổ chức triển khai thủ tục hành chính này từ ngày "
            "01 tháng 8 năm 2026.",
            "",
            ("từ ngày 01 tháng 8 năm 2026", "2026-08-01"),
        ),
        # the start of a period is no deadline
        ("thực hiện thí điểm từ ngày 01/7/2026 đến ngày 31/12/2026", "", ("", "")),
        # a period counted from the text's own start
        (
            "chuyển giao hồ sơ trong thời hạn 03 tháng kể từ ngày Nghị quyết này có hiệu lực thi "
            "hành",
            "2026-04-29",
            (
                "trong thời hạn 03 tháng kể từ ngày Nghị quyết này có hiệu lực thi hành",
                "2026-07-29",
            ),
        ),
        (
            "báo cáo trong thời hạn 30 ngày kể từ ngày ký ban hành",
            "",
            ("trong thời hạn 30 ngày kể từ ngày ký ban hành", "2026-06-19"),
        ),
        # "kể từ khi" counts from the same start
        (
            "ban hành quy chế trong thời hạn tối đa 06 tháng kể từ khi Nghị định này có hiệu lực "
            "thi hành",
            "2025-07-25",
            (
                "trong thời hạn tối đa 06 tháng kể từ khi Nghị định này có hiệu lực thi hành",
                "2026-01-25",
            ),
        ),
        # working days depend on holidays: no date
        (
            "trả lời trong thời hạn 10 ngày làm việc kể từ ngày Nghị quyết này có hiệu lực",
            "2026-04-29",
            ("trong thời hạn 10 ngày làm việc kể từ ngày Nghị quyết này có hiệu lực", ""),
        ),
        # a date in a past-tense clause qualifies the files, not the handover
        (
            "thực hiện việc bàn giao hồ sơ Bộ đã tiếp nhận và xử lý trước ngày 01 tháng 8 năm 2026",
            "",
            ("", ""),
        ),
        (
            "thực hiện theo đúng thẩm quyền đã quy định tại Nghị định số 75/2023/NĐ-CP xong trước "
            "ngày 01 tháng 8 năm 2026",
            "",
            ("trước ngày 01 tháng 8 năm 2026", "2026-08-01"),
        ),
    ],
)
def test_deadlines_from_a_start_and_relative_to_the_text(text, effective, expected):
    assert parse_deadline(text, "2026-05-20", effective) == expected


def test_effective_date_of_a_text():
    from assistant.core.dates import effective_date

    assert (
        effective_date("Nghị quyết này có hiệu lực thi hành từ ngày 29 tháng 4 năm 2026.", "")
        == "2026-04-29"
    )
    assert effective_date("Quyết định này có hiệu lực kể từ ngày ký.", "2026-05-20") == "2026-05-20"
    assert effective_date("Thông tư này quy định chi tiết ...", "2026-05-20") == ""


def test_the_body_that_submits_a_text_and_the_boards_of_a_council():
    records = _parsed(
        [
            "Điều 1. Điều chỉnh Chương trình xây dựng luật, pháp lệnh năm 2022",
            "Bổ sung vào Chương trình dự thảo Nghị quyết ban hành Nội quy kỳ họp Quốc hội (sửa "
            "đổi) do Ủy ban Thường vụ Quốc hội trình Quốc hội cho ý kiến và thông qua tại kỳ họp "
            "thứ 4.",
            "Điều 2. Tổ chức thực hiện",
            "1. Trên cơ sở hồ sơ do Ủy ban nhân dân cấp xã trình, Hội đồng nhân dân cấp xã xem "
            "xét.",
            "2. Hội đồng nhân dân, các ban của Hội đồng nhân dân, Mặt trận Tổ quốc Việt Nam các "
            "cấp, trong phạm vi nhiệm vụ, quyền hạn của mình, tăng cường giám sát việc thực hiện "
            "Nghị quyết này.",
        ]
    )
    submit, watch = records
    assert submit.assignees_text == ["Ủy ban Thường vụ Quốc hội"]
    assert submit.task.startswith("trình Quốc hội cho ý kiến")
    assert "các ban của Hội đồng nhân dân" in watch.assignees_text
    assert watch.kind == "general"


def test_a_table_row_cut_by_a_page_break_after_the_first_line_of_each_cell():
    # The lead "Bộ Khoa học và" is finished after the repeated header ("Công nghệ ..."), where the
    # task's tail comes first; a lead whose name goes on in the next line is no cut.
    header = ["TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm"]
    records = _parsed(
        [
            *header,
            "Thời gian thực hiện",
            "1",
            "Nghiên cứu xây dựng tiêu chuẩn cơ",
            "Bộ Khoa học và",
            "Cơ quan, tổ chức",
            "Tiêu chuẩn, quy",
            "Quý IV/2026",
            *header,
            "Thời gian thực hiện sở, tiêu chuẩn quốc gia cho các nhóm sản phẩm công nghệ lõi.",
            "Công nghệ và doanh nghiệp liên quan chuẩn được ban hành",
            "2",
            "Hình thành các hệ sinh thái nghiên cứu và phát triển quốc tế thông qua",
            "Bộ Khoa học và",
            "Công nghệ",
            "Bộ Ngoại giao;",
            "Hệ sinh thái được thành lập và công",
            "Nhiệm vụ thường xuyên",
            *header,
            "Thời gian thực hiện việc hợp tác với các trung tâm nghiên cứu.",
            "Cơ quan, tổ chức, doanh nghiệp liên quan bố",
        ]
    )
    assert [r.assignees_text for r in records] == [["Bộ Khoa học và Công nghệ"]] * 2
    assert records[0].task.endswith("cho các nhóm sản phẩm công nghệ lõi.")
    assert records[0].deadline == "2026-12-31"


# --- the seventh round: tables led by the body column, deadline columns before the lead, plan
# tables grouped by body, forms whose fields follow several items -------------------------------


def test_a_table_led_by_the_body_column():
    records = _parsed(
        [
            "Phụ lục",
            "TT",
            "Đơn vị",
            "Nhiệm vụ chủ trì",
            "Đơn vị phối hợp",
            "Thời gian hoàn thành",
            "1",
            "Xây dựng Nghị định quy định chi tiết về quản lý nợ công",
            "Bộ Tư pháp",
            "Quý II/2026",
            "2",
            "Bộ Tài chính",
            "Hoàn thiện cơ sở dữ liệu quốc gia về tài chính",
            "Các bộ, ngành, địa phương",
            "Tháng 12/2026",
            "3",
            "Tòa án nhân dân tối cao",
            "- Tổng kết thực tiễn xét xử các vụ án hành chính;",
            "- Xây dựng án lệ về đất đai",
            "Viện kiểm sát nhân dân tối cao",
            "Trước ngày 01/3/2027",
            "4",
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương Bố trí kinh phí thực hiện",
            "Bộ Tài chính",
            "Thường xuyên",
        ]
    )
    # the merged lead cell printed in row 2 also leads row 1 above it; a cell of bullets is one
    # record per bullet; a lead run into the task is split from it
    assert [(r.assignees_text, r.task[:30], r.deadline) for r in records] == [
        (["Bộ Tài chính"], "Xây dựng Nghị định quy định ch", "2026-06-30"),
        (["Bộ Tài chính"], "Hoàn thiện cơ sở dữ liệu quốc ", "2026-12-31"),
        (["Tòa án nhân dân tối cao"], "Tổng kết thực tiễn xét xử các ", "2027-03-01"),
        (["Tòa án nhân dân tối cao"], "Xây dựng án lệ về đất đai", "2027-03-01"),
        (
            ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"],
            "Bố trí kinh phí thực hiện",
            "",
        ),
    ]
    assert keys(records[0].supporters) == keys(["Bộ Tư pháp"])
    assert keys(records[2].supporters) == keys(["Viện kiểm sát nhân dân tối cao"])


def test_a_table_whose_deadline_column_comes_before_the_lead():
    records = _parsed(
        [
            "Phụ lục III",
            "TT",
            "NHIỆM VỤ",
            "THỜI HẠN",
            "HOÀN THÀNH",
            "CƠ QUAN CHỦ TRÌ",
            "CƠ QUAN PHỐI HỢP",
            "I",
            "Nhóm nhiệm vụ về hoàn thiện thể chế",
            "1",
            "Tổng rà soát hệ thống pháp luật Việt Nam",
            "Tháng 12/2026",
            "Bộ Tư pháp chủ trì hướng dẫn, tổng hợp, báo cáo",
            "Các bộ, cơ quan, địa phương",
            "NHIỆM VỤ",
            "THỜI HẠN",
            "HOÀN THÀNH",
            "2",
            "Sửa đổi Luật Đất đai và các văn bản hướng dẫn thi hành Quý IV/2026",
            "Bộ Nông nghiệp và Môi trường",
            "Các bộ, cơ quan, địa phương",
            "3",
            "Thể chế hóa các cơ chế, chính sách đặc thù tại một số địa phương",
            "Năm 2026",
            "1. Bộ Tài chính tổng kết, đánh giá cơ chế, chính sách đặc thù",
            "(trong Quý II/2026).",
            "2. Bộ Tư pháp tham mưu, đề xuất trong quá trình sửa đổi các quy định",
            "Các địa phương",
        ]
    )
    # the header repeated in capitals after a page break keeps the table and its numbering
    assert [(r.assignees_text, r.deadline) for r in records] == [
        (["Bộ Tư pháp"], "2026-12-31"),
        (["Bộ Nông nghiệp và Môi trường"], "2026-12-31"),
        (["Bộ Tài chính"], "2026-06-30"),
        (["Bộ Tư pháp"], "2026-12-31"),
    ]
    assert (
        records[0].task
        == "Tổng rà soát hệ thống pháp luật Việt Nam — chủ trì hướng dẫn, tổng hợp, báo cáo"
    )
    assert records[1].task == "Sửa đổi Luật Đất đai và các văn bản hướng dẫn thi hành"
    assert keys(records[2].supporters) == keys(["Các địa phương"])


def test_a_plan_table_grouped_under_a_body_in_capitals():
    records = _parsed(
        [
            "Phụ lục",
            "TT",
            "Nội dung công việc",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Sản phẩm",
            "I",
            "BỘ CÔNG AN",
            "1",
            "Xây dựng Nghị định quy định chi tiết một số điều của Luật Dữ liệu Bộ Công an",
            "Các bộ, ngành",
            "Trước tháng 9/2026",
            "Nghị định",
            "2",
            "Tổ chức tập huấn chuyên sâu về Luật Dữ liệu",
            "Bộ Công an",
            "Bộ Tư pháp",
            "Quý II, III/2026",
            "Hội nghị",
        ]
    )
    # the lead run into the task's last line in a table with a supporters' column
    assert [(r.assignees_text, r.deadline) for r in records] == [
        (["Bộ Công an"], "2026-08-31"),
        (["Bộ Công an"], "2026-09-30"),
    ]
    assert keys(records[0].supporters) == keys(["Các bộ, ngành"])


def test_forms_hand_their_fields_to_the_items_above_and_a_title_to_its_content():
    records = _parsed(
        [
            "II. NỘI DUNG",
            "1. Hoàn thiện thể chế về phòng, chống tội phạm",
            "a) Xây dựng Luật Phòng, chống mua bán người (sửa đổi).",
            "b) Sửa đổi, bổ sung Nghị định số 12/2020/NĐ-CP.",
            "- Đơn vị chủ trì: Tòa án nhân dân tối cao.",
            "- Đơn vị phối hợp: Viện kiểm sát nhân dân tối cao, Bộ Công an.",
            "- Thời gian hoàn thành: Năm 2026.",
            "2. Tổ chức phổ biến Luật",
            "- Nội dung: Hội nghị phổ biến cho cán bộ, công chức.",
            "- Cơ quan chủ trì: Bộ Tư pháp.",
            "3. Tuyên truyền trên báo chí",
            "- Đơn vị chủ trì: Các cơ quan báo chí, Đài Truyền hình Việt Nam.",
            "4. Cơ quan chịu trách nhiệm thu thập, tổng hợp",
            "- Chủ trì: Bộ Tài chính (Cục Thống kê);",
            "- Phối hợp: Bộ Công an.",
        ]
    )
    # a form with no deadline field is a task; a statistics sheet's is not
    assert [(r.assignees_text, r.task, r.deadline) for r in records] == [
        (
            ["Tòa án nhân dân tối cao"],
            "Xây dựng Luật Phòng, chống mua bán người (sửa đổi).",
            "2026-12-31",
        ),
        (["Tòa án nhân dân tối cao"], "Sửa đổi, bổ sung Nghị định số 12/2020/NĐ-CP.", "2026-12-31"),
        (["Bộ Tư pháp"], "Tổ chức phổ biến Luật: Hội nghị phổ biến cho cán bộ, công chức", ""),
        (["Các cơ quan báo chí", "Đài Truyền hình Việt Nam"], "Tuyên truyền trên báo chí", ""),
    ]


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("Trước ngày 01/3/2027", "2027-03-01"),
        ("Trước tháng 9/2026", "2026-08-31"),
        ("Trước năm 2025", "2024-12-31"),
        ("Đến năm 2030", "2030-12-31"),
        ("Hoàn thành trong quý II/2026", "2026-06-30"),
        ("Quý II, III/2026", "2026-09-30"),
        ("Tháng 6 - 12/2026", "2026-12-31"),
        ("6 tháng đầu năm 2026", "2026-06-30"),
    ],
)
def test_deadline_cells_with_a_day_a_preposition_or_several_periods(cell, iso):
    from assistant.core.dates import CELL_RE, parse_deadline_cell

    assert CELL_RE.match(cell) and parse_deadline_cell(cell) == iso


def test_a_unit_label_a_run_in_heading_and_funding_rules():
    records = _parsed(
        [
            "5. Thực hiện hiệu quả công tác kiểm tra, giám sát Các bộ, cơ quan ngang bộ chuyển "
            "mạnh từ cơ chế tiền kiểm sang hậu kiểm.",
            "- Ban Quản lý dự án đầu tư xây dựng thuộc Ủy ban nhân dân cấp tỉnh: Ủy ban nhân dân "
            "cấp tỉnh chủ động xây dựng phương án sắp xếp các Ban quản lý dự án.",
            "b) Thành phần của Hội đồng thẩm định: Hội đồng thẩm định có 07 hoặc 09 thành viên.",
            "- Phối hợp: Bộ Công an cung cấp số liệu đăng ký phương tiện giao thông.",
            "1. Các bộ, cơ quan ngang bộ",
            "a) Tổng hợp, đánh giá tình hình thực hiện nhiệm vụ được giao.",
            "b) Kinh phí triển khai các nhiệm vụ thực hiện theo quy định của pháp luật.",
        ]
    )
    assert [(r.assignees_text, r.task[:26]) for r in records] == [
        (["Các bộ, cơ quan ngang bộ"], "chuyển mạnh từ cơ chế tiền"),
        (["Ủy ban nhân dân cấp tỉnh"], "chủ động xây dựng phương á"),
        (["Các bộ, cơ quan ngang bộ"], "Tổng hợp, đánh giá tình hì"),
    ]


# --- eighth round (issue 11): classes of three documents labelled blind by a fixed rule -----------


def test_a_capital_header_cut_over_many_lines_opens_a_table_of_texts_to_amend():
    from ingest import task_tables
    from ingest.assignments.extract import _is_body_line, _is_verb

    text = "\n".join(
        [
            "STT",
            "CÁC LUẬT, NGHỊ ĐỊNH, QUYẾT ĐỊNH CỦA",
            "THỦ TƯỚNG CHÍNH PHỦ, THÔNG TƯ",
            "CẦN SỬA ĐỔI, BỔ SUNG",
            "ĐIỀU, KHOẢN, ĐIỂM CẦN SỬA ĐỔI,",
            "BỔ SUNG, BÃI BỎ",
            "CƠ QUAN CHỦ",
            "TRÌ SOẠN",
            "THẢO",
            "I",
            "NGHỊ ĐỊNH",
            "1.",
            "Nghị định số 288/2025/NĐ-CP ngày 05/11/2025 của",
            "Chính phủ quy định về quản lý tàu bay không người lái",
            "Khoản 2 Điều 7; điểm b khoản 3 Điều 29",
            "Bộ Quốc phòng",
            "2. Nghị định số 113/2025/NĐ-CP ngày 03/6/2025 của Chính phủ Khoản 5 Điều 32",
            "Bộ Nội vụ",
        ]
    )
    lines = task_tables.lines_of(text)
    ((first, last),) = task_tables.find_tables(lines, _is_body_line)
    rows = task_tables.parse_table(lines[first : last + 1], _is_body_line, _is_verb)
    assert [(row.lead, row.task.split(" ngày")[0]) for row in rows] == [
        ("Bộ Quốc phòng", "Nghị định số 288/2025/NĐ-CP"),
        ("Bộ Nội vụ", "Nghị định số 113/2025/NĐ-CP"),
    ]


def test_a_code_leaves_rules_to_state_authorities_not_to_parties():
    notice, blocks = notice_of(
        [
            "Chương V",
            "Điều 20. Thời giờ làm việc",
            "1. Người sử dụng lao động quy định lịch nghỉ hằng năm sau khi tham khảo ý kiến.",
            "2. Chính phủ quy định trình tự, thủ tục xử lý kỷ luật lao động.",
            "3. Bộ trưởng Bộ Nội vụ ban hành danh mục nghề, công việc nặng nhọc.",
        ]
    )
    for block in blocks[2:]:
        block.section = ["Chương V", "Điều 20. Thời giờ làm việc"]
    records = extract_assignments(notice, blocks)
    assert [r.assignees_text for r in records] == [["Chính phủ"], ["Bộ trưởng Bộ Nội vụ"]]


def test_a_duty_item_with_its_own_party_and_a_sanction():
    heading = "Điều 181. Trách nhiệm của cơ quan, tổ chức trong giải quyết tranh chấp lao động"
    notice, blocks = notice_of(
        [
            heading,
            "1. Cơ quan quản lý nhà nước về lao động có trách nhiệm phối hợp với tổ chức đại diện "
            "người lao động hướng dẫn, hỗ trợ các bên.",
            "2. Người lao động nước ngoài làm việc tại Việt Nam không có giấy phép lao động sẽ bị "
            "buộc xuất cảnh theo quy định của pháp luật.",
            "3. Trong thời hạn 05 ngày làm việc, cơ quan tiếp nhận yêu cầu có trách nhiệm chuyển "
            "yêu cầu đến hòa giải viên lao động.",
        ]
    )
    for block in blocks[1:]:
        block.section = [heading]
    (record,) = extract_assignments(notice, blocks)
    assert record.assignees_text == ["Cơ quan quản lý nhà nước về lao động"]
    assert record.task.startswith("phối hợp với") and record.kind == "coordination"


def test_organise_with_its_object_is_a_verb_and_a_scope_without_commas():
    notice, blocks = notice_of(
        [
            "2. Bộ, cơ quan ngang bộ, các cơ quan, tổ chức khác trong phạm vi nhiệm vụ, quyền hạn "
            "của mình có trách nhiệm chủ trì hoặc phối hợp trong việc triển khai thi hành Nghị "
            "quyết này.",
            "3. Ủy ban nhân dân cấp tỉnh:",
            "- Tổ chức nguồn lực thực hiện tại địa phương.",
        ]
    )
    scope, organise = extract_assignments(notice, blocks)
    assert keys(scope.assignees_text) == keys(["Bộ, cơ quan ngang bộ", "các cơ quan, tổ chức khác"])
    assert scope.kind == "general"
    assert organise.assignees_text == ["Ủy ban nhân dân cấp tỉnh"]


# --- the ninth and tenth rounds' classes (decrees and circulars labelled blind, tune half) ------


def _regulation(lines: list[str], doc_type: str = "Nghị định") -> list:
    from ingest.structure import parse_blocks

    text = "\n".join(lines)
    notice = Notice(doc_id="d", source="mem", text=text, date="2026-05-20", doc_type=doc_type)
    return extract_assignments(notice, parse_blocks(text))


def test_an_appendix_of_forms_examples_or_cost_norms_hands_out_nothing():
    for title in (
        "MẪU BIỂU BÁO CÁO ĐỊNH KỲ CỦA BẢO HIỂM XÃ HỘI VIỆT NAM",
        "VÍ DỤ VỀ XÁC ĐỊNH KỲ HẠN CỦA CÔNG CỤ NỢ",
        "ĐỊNH MỨC KHOÁN CHI CHO TỪNG NHIỆM VỤ",
    ):
        records = _regulation(
            [
                "Điều 9. Tổ chức thực hiện",
                "1. Bộ Tài chính chủ trì hướng dẫn thực hiện việc lập báo cáo hằng quý.",
                f"Phụ lục II {title}",
                "1. Bảo hiểm xã hội Việt Nam lựa chọn đối tác sở hữu trái phiếu Chính phủ.",
                "2. Vụ Pháp chế thực hiện việc thanh quyết toán kinh phí xây dựng văn bản.",
            ]
        )
        assert [r.assignees_text for r in records] == [["Bộ Tài chính"]], title


def test_duty_headings_name_their_party_whole_and_their_supporters():
    records = _regulation(
        [
            "Điều 26. Trách nhiệm của tổ chức, cá nhân có hoạt động liên quan",
            "1. Các tổ chức thử nghiệm, chứng nhận sản phẩm, dịch vụ Halal có trách nhiệm:",
            "a) Thiết lập và duy trì hệ thống lưu trữ hồ sơ đầy đủ đối với các hoạt động.",
            "2. Bộ, cơ quan ngang bộ có liên quan phối hợp với Bộ Lao động - Thương binh và Xã hội",
            "a) Kiểm tra, giám sát, tổng hợp, báo cáo kết quả thực hiện theo quy định.",
            "3. Trường cao đẳng được đánh giá theo tiêu chí chất lượng cao có trách nhiệm:",
            "a) Cung cấp đầy đủ hồ sơ, thông tin, tài liệu phục vụ cho đoàn đánh giá.",
        ],
        doc_type="Thông tư",
    )
    assert [r.assignees_text for r in records] == [
        ["Các tổ chức thử nghiệm, chứng nhận sản phẩm, dịch vụ Halal"],
        ["Bộ, cơ quan ngang bộ có liên quan"],
        ["Trường cao đẳng được đánh giá theo tiêu chí chất lượng cao"],
    ]
    assert keys(records[1].supporters) == keys(["Bộ Lao động - Thương binh và Xã hội"])


def test_duties_given_outside_the_duty_articles_of_a_decree():
    records = _regulation(
        [
            "Chương II",
            "QUẢN LÝ CHẤT LƯỢNG",
            "Điều 15. Dấu chứng nhận Halal",
            "1. Dấu chứng nhận Halal được thể hiện trên sản phẩm, hàng hóa.",
            "3. Trách nhiệm của tổ chức, cá nhân sản xuất, kinh doanh sản phẩm, dịch vụ Halal:",
            "a) Sử dụng Dấu chứng nhận Halal đúng theo quy định tại Điều này;",
            "Điều 21. Chính sách về hợp tác quốc tế",
            "1. Bộ Khoa học và Công nghệ chủ trì, phối hợp với Bộ Ngoại giao thực hiện ký kết các "
            "thỏa thuận thừa nhận lẫn nhau.",
            "2. Cơ quan có thẩm quyền quyết định công nhận tổ chức chứng nhận trong 10 ngày.",
            "3. Tổ chức hoặc chỉ đạo tổ chức kiểm tra việc chấp hành pháp luật về Halal.",
        ]
    )
    assert [r.assignees_text for r in records] == [
        ["tổ chức, cá nhân sản xuất, kinh doanh sản phẩm, dịch vụ Halal"],
        ["Bộ Khoa học và Công nghệ"],
    ]


def test_a_field_before_the_party_and_a_party_named_by_its_work():
    records = _regulation(
        [
            "Chương II",
            "HỢP ĐỒNG LAO ĐỘNG",
            "Điều 12. Trách nhiệm quản lý lao động của người sử dụng lao động",
            "1. Lập, cập nhật, quản lý, sử dụng sổ quản lý lao động bằng bản giấy.",
            "Điều 60. Trách nhiệm của người sử dụng lao động về đào tạo, bồi dưỡng",
            "1. Xây dựng kế hoạch hằng năm và dành kinh phí cho việc đào tạo.",
            "Điều 16. Trách nhiệm của cơ quan chuyên môn về lao động thuộc Ủy ban nhân dân "
            "cấp tỉnh",
            "1. Khai thác, sử dụng Hệ thống cơ sở dữ liệu theo quy định.",
            "Điều 3. Trách nhiệm phối hợp của các cơ quan",
            "1. Cơ quan điều tra thông báo cho Viện kiểm sát trong từng vụ việc cụ thể.",
            "Điều 7. Tổ chức thực hiện",
            "4. Đơn vị được Bộ trưởng giao chủ trì thực hiện nhiệm vụ xây dựng văn bản",
            "a) Đề xuất danh mục văn bản quy phạm pháp luật gửi Vụ Pháp chế tổng hợp;",
        ]
    )
    assert [r.assignees_text for r in records] == [
        ["người sử dụng lao động"],
        ["người sử dụng lao động"],
        ["cơ quan chuyên môn về lao động thuộc Ủy ban nhân dân cấp tỉnh"],
        ["Đơn vị được Bộ trưởng giao chủ trì thực hiện nhiệm vụ xây dựng văn bản"],
    ]


def test_a_procedure_chapter_and_the_parts_of_a_step_per_case_hand_out_nothing():
    records = _regulation(
        [
            "Chương III",
            "QUY TRÌNH ĐÁNH GIÁ, CÔNG NHẬN TRƯỜNG CAO ĐẲNG",
            "Điều 13. Nhiệm vụ của đoàn đánh giá",
            "1. Xây dựng kế hoạch hoạt động của đoàn, phân công nhiệm vụ cho từng thành viên.",
            "Chương IV",
            "TỔ CHỨC THỰC HIỆN",
            "Điều 53. Trường cao đẳng có trách nhiệm",
            "1. Tổ chức thực hiện các quy định về quản trị nhà trường.",
            "3. Trong thời hạn 05 ngày làm việc kể từ ngày ký ban hành quy chế, hiệu trưởng nhà "
            "trường có trách nhiệm gửi các cơ quan sau đây:",
            "a) Cơ quan chủ quản trường đối với trường cao đẳng công lập;",
        ],
        doc_type="Thông tư",
    )
    assert [(r.assignees_text, r.task[:20]) for r in records] == [
        (["Trường cao đẳng"], "Tổ chức thực hiện cá")
    ]


def test_the_last_item_of_an_article_is_no_group_title():
    records = _regulation(
        [
            "Chương X",
            "LAO ĐỘNG NỮ",
            "Điều 136. Trách nhiệm của người sử dụng lao động",
            "4. Giúp đỡ, hỗ trợ xây dựng nhà trẻ, lớp mẫu giáo cho người lao động.",
            "Điều 137. Bảo vệ thai sản",
            "1. Người sử dụng lao động không được sử dụng người lao động làm đêm khi:",
            "a) Mang thai từ tháng thứ 07;",
        ]
    )
    assert [r.task[:8] for r in records] == ["Giúp đỡ,"]


@pytest.mark.parametrize(
    "task",
    [
        "chỉ đạo, hướng dẫn, kiểm tra việc tổ chức thực hiện các quy định tại Nghị định này đối "
        "với các cơ sở giáo dục thuộc phạm vi quản lý.",
        "Thực hiện các trách nhiệm khác của Hội đồng quản lý theo quy định tại Nghị định này.",
        "Chịu trách nhiệm quản lý nhà nước về chất lượng và bảo đảm các yêu cầu Halal;",
        "Chịu trách nhiệm trước Chính phủ thực hiện thống nhất quản lý nhà nước về Halal;",
        "Tổ chức thực hiện, hướng dẫn triển khai Thông tư này;",
        # the eleventh round's classes
        "Chỉ đạo, hướng dẫn, kiểm tra việc thực hiện quy định chuẩn chuyên môn, nghiệp vụ của nhà "
        "giáo trong cơ sở giáo dục nghề nghiệp, cơ sở hoạt động giáo dục nghề nghiệp, trung tâm "
        "giáo dục nghề nghiệp - giáo dục thường xuyên theo các quy định tại Thông tư này.",
        "Chủ trì, phối hợp với các đơn vị liên quan tổ chức kiểm tra, giám sát việc thực hiện các "
        "nội dung quy định tại Thông tư này.",
        "Tổ chức kiểm tra việc thực hiện các nội dung quy định tại Thông tư này theo thẩm quyền.",
        "Chủ trì, phối hợp với các bộ, cơ quan ngang bộ tổ chức thi hành trong hoạt động về chi "
        "phí thực hiện và kinh phí bảo đảm trong công tác tương trợ tư pháp về hình sự.",
        "Thực hiện các nhiệm vụ khác theo yêu cầu.",
        "Thực hiện các nhiệm vụ khác do Bộ trưởng giao.",
    ],
)
def test_standing_duties_are_general(task):
    from ingest.assignments import _kind

    assert _kind(task, task, "") == "general"


@pytest.mark.parametrize(
    "task",
    [
        "Thực hiện đầy đủ trách nhiệm của người sử dụng lao động theo quy định của pháp luật.",
        "Kiểm tra, giám sát, tổng hợp kết quả thực hiện theo quy định.",
        # the object named by its content, even when it ends "theo quy định tại <văn bản> này"
        "Chỉ đạo, hướng dẫn tổ chức thực hiện công tác tư vấn nghề nghiệp, việc làm và hỗ trợ khởi "
        "nghiệp theo quy định tại Thông tư này.",
        # a long description of the provisions that adds work stays a task
        "Hướng dẫn, kiểm tra việc thực hiện quy định về chế độ báo cáo, tổng hợp báo cáo kết quả "
        "thực hiện của các đơn vị theo quy định tại Thông tư này.",
    ],
)
def test_duties_with_work_of_their_own_stay_tasks(task):
    from ingest.assignments import _kind

    assert _kind(task, task, "") == "task"


def test_standing_work_a_code_gives_the_state():
    records = _regulation(
        [
            "Chương VI",
            "TIỀN LƯƠNG",
            "Điều 92. Hội đồng tiền lương quốc gia",
            "2. Thủ tướng Chính phủ thành lập Hội đồng tiền lương quốc gia bao gồm các thành viên.",
            "Điều 134. Chương trình an toàn, vệ sinh lao động",
            "1. Chính phủ quyết định Chương trình quốc gia về an toàn, vệ sinh lao động.",
            "2. Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp quyết định Chương trình "
            "an toàn, vệ sinh lao động của địa phương.",
            "Điều 200. Xác minh",
            "1. Ủy ban nhân dân cấp tỉnh thành lập Hội đồng xác minh để kết luận từng trường hợp.",
        ],
        doc_type="Luật",
    )
    assert [r.assignees_text for r in records] == [
        ["Thủ tướng Chính phủ"],
        ["Chính phủ"],
        ["Ủy ban nhân dân cấp tỉnh"],
    ]


# --- the eleventh round's classes (circulars and a decree labelled blind, tune half) -------------


def test_people_named_by_their_role_are_the_parties_of_a_duty_article():
    records = _regulation(
        [
            "Điều 5. Trách nhiệm của hướng dẫn viên, điều phối viên, tình nguyện viên, người phụ "
            "trách trẻ em, giảng viên tham gia hoạt động có sự tham gia của trẻ em ngoài gia đình",
            "1. Có cam kết bảo vệ trẻ em theo mẫu tại Phụ lục III ban hành kèm theo Thông tư này.",
            "2. Có hiểu biết về quyền trẻ em, có phẩm chất đạo đức tốt.",
            "3. Không bị xử lý vi phạm hành chính về các hành vi xâm hại trẻ em.",
            "Điều 8. Trách nhiệm thực hiện",
            "4. Trách nhiệm của người tham gia bảo hiểm y tế quy định tại khoản 1 Điều 2 Thông tư "
            "này và cán bộ, chiến sĩ, công nhân công an:",
            "a) Sử dụng và hướng dẫn thân nhân sử dụng thẻ bảo hiểm y tế đúng quy định;",
            "b) Không được cho người khác mượn thẻ bảo hiểm y tế.",
        ],
        doc_type="Thông tư",
    )
    assert [r.assignees_text[:2] for r in records] == [
        ["hướng dẫn viên", "điều phối viên"],
        ["người tham gia bảo hiểm y tế", "cán bộ, chiến sĩ, công nhân công an"],
    ]


def test_the_duties_clause_of_an_article_of_rights_and_duties():
    records = _regulation(
        [
            "Điều 4. Quyền, trách nhiệm của cơ quan, tổ chức, doanh nghiệp tổ chức hoạt động có "
            "sự tham gia của trẻ em",
            "1. Cơ quan, tổ chức, doanh nghiệp tổ chức hoạt động có sự tham gia của trẻ em có "
            "quyền sau:",
            "a) Từ chối việc tham gia của trẻ em trong trường hợp trẻ em không bảo đảm sức khỏe;",
            "2. Cơ quan, tổ chức, doanh nghiệp tổ chức hoạt động có sự tham gia của trẻ em có "
            "trách nhiệm sau:",
            "a) Thường xuyên quan tâm, theo dõi sức khỏe của trẻ em trong toàn bộ quá trình;",
            "b) Lấy ý kiến cha, mẹ, người chăm sóc trẻ em trước khi trẻ em tham gia hoạt động.",
            "Điều 6. Quyền và trách nhiệm của công đoàn",
            "1. Yêu cầu người sử dụng lao động cung cấp thông tin về bảo hiểm của người lao động.",
        ],
        doc_type="Thông tư",
    )
    assert [r.task[:20] for r in records] == ["Thường xuyên quan tâ", "Lấy ý kiến cha, mẹ, "]
    assert records[0].assignees_text == [
        "Cơ quan, tổ chức, doanh nghiệp tổ chức hoạt động có sự tham gia của trẻ em"
    ]


def test_the_closing_request_for_feedback_and_bodies_of_every_level():
    records = _regulation(
        [
            "Điều 10. Hiệu lực thi hành",
            "1. Thông tư này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2023.",
            "2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, cơ quan, tổ chức, cá nhân "
            "phản ánh, gửi ý kiến về Bộ Lao động - Thương binh và Xã hội để xem xét, giải quyết.",
            "3. Trong quá trình thực hiện, nếu có vướng mắc, các Bộ, cơ quan ngang Bộ, Ủy ban nhân "
            "dân các cấp và các cơ quan, tổ chức có liên quan gửi ý kiến về Bộ Kế hoạch và Đầu tư.",
        ],
        doc_type="Thông tư",
    )
    assert [r.assignees_text for r in records] == [
        ["cơ quan, tổ chức, cá nhân"],
        [
            "các Bộ, cơ quan ngang Bộ",
            "Ủy ban nhân dân các cấp",
            "các cơ quan, tổ chức có liên quan",
        ],
    ]


def test_a_long_opener_of_an_own_lead_and_a_case_sent_to_other_law_are_no_inherited_work():
    records = _regulation(
        [
            "Điều 9. Trách nhiệm của cơ sở giáo dục nghề nghiệp",
            "1. Trường hợp tổ chức, doanh nghiệp có chức năng, nhiệm vụ tổ chức hoạt động có sự "
            "tham gia của trẻ em ngoài gia đình, ngoài cơ sở giáo dục thì trước khi tiến hành tổ "
            "chức hoạt động, tổ chức, doanh nghiệp có trách nhiệm thông báo đến Ủy ban nhân dân "
            "cấp xã.",
            "2. Trường hợp cơ sở tôn giáo mở lớp học về tôn giáo thì thực hiện theo quy định của "
            "pháp luật về tín ngưỡng, tôn giáo.",
        ],
        doc_type="Thông tư",
    )
    assert [(r.assignees_text, r.task[:9]) for r in records] == [
        (["tổ chức, doanh nghiệp"], "thông báo")
    ]


# --- the twelfth round's classes (a consolidated text, an amending decree, a circular and a
# decree labelled blind, tune half) --------------------------------------------------------------


def test_a_consolidated_texts_notes_are_blanked_before_its_duties_are_read():
    from ingest.assignments.consolidation import without_notes

    lines = [
        "Chương IV",
        "TỔ CHỨC THỰC HIỆN",
        "Điều 12. Trách nhiệm của Tổng cục Giáo dục nghề nghiệp",
        "1. Hướng dẫn các cơ sở giáo dục nghề nghiệp lập kế hoạch bồi dưỡng đối với nhà giáo.",
        "2. Thành lập các Ban chủ nhiệm, Hội đồng thẩm định để tổ chức xây dựng chương trình.",
        "3.7 (được bãi bỏ).",
        "7 Khoản này được bãi bỏ theo quy định tại khoản 2 Điều 3 của Thông tư số "
        "28/2022/TT-BLĐTBXH, có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2023.",
        "Điều 15. Trách nhiệm của các cơ sở giáo dục nghề nghiệp, trung tâm giáo dục nghề "
        "nghiệp - giáo dục thường xuyên13 10 Khoản này được sửa đổi, bổ sung theo quy định tại "
        "điểm b khoản 6 Điều 1 của Thông tư số 28/2022/TT-BLĐTBXH, có hiệu lực thi hành kể từ "
        "ngày 01 tháng 3 năm 2023.",
        "13 Tên điều này được sửa đổi, bổ sung theo quy định tại điểm a khoản 8 Điều 1 của Thông "
        "tư số 28/2022/TT-BLĐTBXH, có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2023.",
        "1.14 Xây dựng kế hoạch tuyển dụng nhà giáo trong các cơ sở giáo dục nghề nghiệp công lập.",
        "14 Khoản này được sửa đổi, bổ sung theo quy định tại điểm b khoản 8 Điều 1 của Thông tư "
        "số 28/2022/TT-BLĐTBXH, có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2023.",
    ]
    text = "\n".join(lines)
    cleaned = without_notes(text, "Văn bản hợp nhất")
    assert cleaned is not None and len(cleaned) == len(text)
    assert "Khoản này" not in cleaned and "xuyên13" not in cleaned and "1.14" not in cleaned
    assert without_notes(text, "Thông tư") is None  # only consolidated texts carry such notes
    records = _regulation(lines, doc_type="Văn bản hợp nhất")
    assert [(r.assignees_text[0][:30], r.task[:10]) for r in records] == [
        ("Tổng cục Giáo dục nghề nghiệp", "Hướng dẫn "),
        ("Tổng cục Giáo dục nghề nghiệp", "Thành lập "),  # not a group title over "3.7"
        ("các cơ sở giáo dục nghề nghiệp", "Xây dựng k"),  # the title's party, without its note
    ]
    assert all(text[r.start : r.end].strip() for r in records)  # offsets index the real text


def test_the_wording_an_amending_text_writes_into_another_hands_out_nothing():
    records = _regulation(
        [
            # a title this long is no heading, so the article's title does not cover its items
            "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 112/2021/NĐ-CP ngày 10 tháng "
            "12 năm 2021 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật "
            "Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
            "2. Sửa đổi, bổ sung khoản 1 Điều 4 như sau:",
            "“1. Doanh nghiệp bố trí nhân viên nghiệp vụ có trình độ chuyên môn từ cao đẳng trở "
            "lên để thực hiện đủ các nội dung hoạt động.”",
            "13. Sửa đổi, bổ sung tên Điều và khoản 7 Điều 39 như sau:",
            "“Điều 39. Trách nhiệm của Bộ Nội vụ",
            "7. Duy trì và thường xuyên cập nhật trên trang thông tin điện tử về chính sách.”",
            "Điều 3. Điều khoản chuyển tiếp",
            "1. Đối với hồ sơ được tiếp nhận trước ngày Nghị định này có hiệu lực thi hành thì "
            "tiếp tục được thực hiện theo quy định tại Nghị định số 112/2021/NĐ-CP.",
            "2. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành "
            "phố trực thuộc trung ương chịu trách nhiệm thi hành Nghị định này.",
        ]
    )
    # only the closing clause, although it stands in a transitional article
    assert [(r.task, r.kind) for r in records] == [
        ("chịu trách nhiệm thi hành Nghị định này.", "general")
    ]


def test_a_numbered_form_is_what_an_applicant_writes():
    records = _regulation(
        [
            "Phụ lục I",
            "CÁC BIỂU MẪU",
            "Mẫu số 02. Văn bản đề nghị cấp Giấy phép",
            "Kính gửi: Bộ Nội vụ.",
            "Đề nghị Bộ Nội vụ cấp Giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở "
            "nước ngoài theo hợp đồng.",
        ]
    )
    assert records == []


def test_title_parties_named_by_what_they_do_or_with_a_passive():
    records = _regulation(
        [
            "Điều 7. Đánh giá độc lập chất lượng thống kê",
            "3. Trách nhiệm của cơ quan được đánh giá độc lập",
            "a) Cung cấp đầy đủ hồ sơ, dữ liệu liên quan phục vụ công tác đánh giá độc lập.",
            "b) Phản hồi bằng văn bản, gửi Đoàn đánh giá chất lượng thống kê trong thời hạn 15 "
            "ngày làm việc kể từ ngày nhận được dự thảo báo cáo đánh giá độc lập.",
            "Điều 16. Trách nhiệm của cơ sở tổ chức bồi dưỡng",
            "1. Cơ sở tổ chức bồi dưỡng cho nhà giáo phải đảm bảo các điều kiện theo yêu cầu của "
            "từng loại hình bồi dưỡng.",
            "2. Cơ sở tổ chức bồi dưỡng cho nhà giáo phải xây dựng kế hoạch bồi dưỡng; quản lý quá "
            "trình học tập của người học.",
        ],
        doc_type="Thông tư",
    )
    # the per-case reply and the conditions to meet are rules; the item repeating its party
    # keeps that party
    assert [(r.assignees_text, r.task[:12]) for r in records] == [
        (["cơ quan được đánh giá độc lập"], "Cung cấp đầy"),
        (["Cơ sở tổ chức bồi dưỡng cho nhà giáo"], "phải xây dựn"),
    ]


def test_an_appendix_of_criteria_hands_out_nothing():
    records = _regulation(
        [
            "Phụ lục",
            "DANH MỤC TIÊU CHÍ VÀ NỘI DUNG TIÊU CHÍ ĐÁNH GIÁ CHẤT LƯỢNG THỐNG KÊ",
            "4. Bảo đảm tính độc lập về chuyên môn, nghiệp vụ thống kê",
            "Người đứng đầu tổ chức thống kê đạt tiêu chuẩn về trình độ",
        ],
        doc_type="Thông tư",
    )
    assert records == []


def test_the_closing_request_without_its_comma_and_thanh_tra_over_the_text():
    records = _regulation(
        [
            "Điều 12. Trách nhiệm của Tổng cục Giáo dục nghề nghiệp",
            "5. Hướng dẫn, thanh tra và kiểm tra việc thực hiện các quy định tại Thông tư này.",
            "Điều 13. Hiệu lực thi hành",
            "2. Trong quá trình thực hiện, nếu có vướng mắc các cơ quan, tổ chức, cá nhân gửi ý "
            "kiến về Bộ Kế hoạch và Đầu tư (Tổng cục Thống kê) để kịp thời sửa đổi.",
        ],
        doc_type="Thông tư",
    )
    assert [(r.assignees_text, r.kind) for r in records] == [
        (["Tổng cục Giáo dục nghề nghiệp"], "general"),
        (["các cơ quan, tổ chức, cá nhân"], "task"),
    ]


def test_a_lead_before_a_request_keeps_the_work_and_a_step_in_a_per_case_period_is_none():
    records = _regulation(
        [
            "Điều 10. Thời hạn",
            "3. Trường hợp yêu cầu có đề nghị áp dụng pháp luật nước ngoài thì thời hạn nêu tại "
            "khoản 2 Điều này là 60 ngày.",
            "Trong thời gian này, Bộ Tư pháp chủ trì, phối hợp với Tòa án nhân dân tối cao, Bộ "
            "Ngoại giao xem xét đề nghị áp dụng pháp luật nước ngoài.",
            "Điều 23. Báo cáo về công tác tương trợ tư pháp về dân sự",
            "1. Bộ Tư pháp chủ trì, phối hợp với Bộ Ngoại giao, đề nghị Tòa án nhân dân tối cao, "
            "Viện kiểm sát nhân dân tối cao phối hợp xây dựng Báo cáo của Chính phủ về công tác "
            "tương trợ tư pháp về dân sự trình Quốc hội.",
        ]
    )
    lead = [r for r in records if r.assignees_text == ["Bộ Tư pháp"]]
    assert len(lead) == 1 and "xây dựng Báo cáo của Chính phủ" in lead[0].task
    assert keys(lead[0].supporters) == keys(["Bộ Ngoại giao"])
    assert not any("xem xét đề nghị" in r.task for r in records)


def test_passive_delegations_and_a_person_titles_duties():
    records = _regulation(
        [
            "Điều 14. Thẩm tra viên",
            "3. Trách nhiệm của Thẩm tra viên:",
            "a) Gương mẫu trong việc chấp hành pháp luật, không ngừng phấn đấu, rèn luyện;",
            "b) Tuân thủ các quy định của pháp luật, chịu trách nhiệm trước pháp luật và trước Thủ "
            "trưởng cơ quan về việc thực hiện nhiệm vụ được giao.",
            "Điều 18. Thẻ Chấp hành viên, Thẩm tra viên",
            "2. Thẻ Chấp hành viên, Thẩm tra viên do Bộ Tư pháp cấp.",
            "3. Mẫu thẻ, việc cấp phát, thay đổi và thu hồi thẻ Chấp hành viên, Thẩm tra viên do "
            "Bộ trưởng Bộ Tư pháp quy định.",
            "Điều 9. Nội dung, hình thức thi",
            "3. Nội dung, hình thức thi thực hiện theo Kế hoạch thi tuyển do Bộ trưởng Bộ Tư pháp "
            "ban hành.",
        ]
    )
    assert [(r.assignees_text, r.kind, r.task[:10]) for r in records] == [
        (["Thẩm tra viên"], "task", "Gương mẫu "),
        (["Thẩm tra viên"], "general", "Tuân thủ c"),
        (["Bộ trưởng Bộ Tư pháp"], "task", "Mẫu thẻ, v"),  # not who issues each card, nor "theo"
    ]


def test_an_entry_of_a_list_of_forms_does_not_silence_the_articles_after_it():
    records = _regulation(
        [
            "Điều 5. Mẫu báo cáo",
            "Mẫu số 19. Báo cáo tình hình giám sát đầu tư của cộng đồng.",
            "Mục 2",
            "CHẾ ĐỘ BÁO CÁO TRỰC TUYẾN",
            "Điều 8. Trách nhiệm của chủ đầu tư",
            "1. Cập nhật kịp thời, chính xác các thông tin, báo cáo theo quy định tại Điều 5.",
        ],
        doc_type="Thông tư",
    )
    assert [r.task[:8] for r in records] == ["Cập nhật"]


def test_a_note_number_after_a_comma_is_blanked_too():
    from ingest.assignments.consolidation import without_notes

    text = (
        "1. Xây dựng chiến lược,12, kế hoạch tổng thể phát triển bảo hiểm y tế.\n"
        "12 Cụm từ này được bổ sung theo quy định tại khoản 3 Điều 1 của Luật số 46/2014/QH13, "
        "có hiệu lực kể từ ngày 01 tháng 01 năm 2015."
    )
    cleaned = without_notes(text, "Văn bản hợp nhất")
    assert cleaned is not None and "lược,  " in cleaned and "Cụm từ" not in cleaned


# Thirteenth round (NĐ 121/2026, NĐ 131/2026, NĐ 111/2022/NĐ-CP): mechanisms found on three
# decrees the extractor had not seen.


def test_powers_and_duties_articles_give_their_duties_and_keep_their_powers_out():
    records = _regulation(
        [
            "Chương III",
            "THẨM QUYỀN VÀ TRÁCH NHIỆM",
            "Điều 18. Thẩm quyền của Thủ tướng Chính phủ",
            "Thủ tướng Chính phủ quyết định thành lập, tổ chức lại, giải thể tổ chức hành chính.",
            "Điều 19. Thẩm quyền và trách nhiệm của Bộ trưởng Bộ Nội vụ",
            "1. Trình Chính phủ quy định tiêu chí về thành lập, tổ chức lại, giải thể các tổ chức.",
            "2. Tổng hợp, cập nhật thông tin về tổ chức hành chính trong phạm vi cả nước.",
            "Điều 21. Thẩm quyền và trách nhiệm của Ủy ban nhân dân cấp tỉnh",
            "1. Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp quyết định thành lập tổ "
            "chức hành chính quy định tại điểm a khoản 2 Điều 2 Nghị định này.",
            "Trường hợp pháp luật quy định Thủ tướng Chính phủ quyết định thành lập tổ chức thì Ủy "
            "ban nhân dân cấp tỉnh trình Thủ tướng Chính phủ quyết định.",
            "2. Quyết định thành lập, tổ chức lại, giải thể phòng thuộc sở hoặc phân cấp cho Giám "
            "đốc sở quyết định.",
            "3. Tổng hợp các đề án thành lập để trình cấp có thẩm quyền quyết định theo quy định.",
        ]
    )
    # the minister's duties and the province's report work; every decision is a power, and a
    # decision that is only the purpose of a report does not make it one
    assert [(r.assignees_text, r.task[:14]) for r in records] == [
        (["Bộ trưởng Bộ Nội vụ"], "Trình Chính ph"),
        (["Bộ trưởng Bộ Nội vụ"], "Tổng hợp, cập "),
        (["Ủy ban nhân dân cấp tỉnh"], "Tổng hợp các đ"),
    ]


def test_a_title_run_into_its_intro_hands_the_items_to_the_parties_after_it():
    records = _regulation(
        [
            "Chương III",
            "THẨM QUYỀN VÀ TRÁCH NHIỆM",
            "Điều 22. Chế độ cung cấp thông tin, báo cáo về tổ chức hành chính Các bộ, cơ quan "
            "ngang bộ, các tổ chức hành chính khác do Chính phủ, Thủ tướng Chính phủ thành lập, Ủy "
            "ban nhân dân tỉnh, thành phố trực thuộc trung ương có trách nhiệm:",
            "1. Cung cấp thông tin về tổ chức hành chính thuộc thẩm quyền quản lý.",
        ]
    )
    assert [r.assignees_text for r in records] == [
        [
            "Các bộ, cơ quan ngang bộ",
            "các tổ chức hành chính khác do Chính phủ, Thủ tướng Chính phủ thành lập",
            "Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
        ]
    ]


def test_a_party_named_by_a_head_and_qualifiers_before_a_duty():
    records = _regulation(
        [
            "Chương IV",
            "TRÁCH NHIỆM THI HÀNH",
            "Điều 13. Điều khoản chuyển tiếp",
            "6. Cơ quan có thẩm quyền quản lý công chức có trách nhiệm thống kê số lượng người "
            "đang làm công việc hỗ trợ, phục vụ.",
            "7. Các cơ sở giáo dục thuộc diện dồn ghép phải được chuẩn bị đầy đủ cơ sở vật chất.",
            "8. Cơ sở tổ chức bồi dưỡng phải đảm bảo các điều kiện theo yêu cầu của loại hình.",
            "9. Cơ quan tiếp nhận hồ sơ có trách nhiệm thông báo công khai tên tổ chức được cấp.",
            "10. Cơ quan quản lý cấp trên phải bố trí kinh phí cho đơn vị trực thuộc.",
            "11. Các cơ sở giáo dục khác nhưng phải thực hiện các nhiệm vụ quy định tại Điều 55.",
        ]
    )
    # a passive, a condition to meet and a party named by its part in one case give no work;
    # "phải" stays with the work, as the label rules write an obligation
    assert [(r.assignees_text, r.task[:14]) for r in records] == [
        (["Cơ quan có thẩm quyền quản lý công chức"], "thống kê số lư"),
        (["Cơ quan quản lý cấp trên"], "phải bố trí ki"),
    ]


def test_a_deadline_in_the_last_clause_of_a_long_opener_dates_the_work():
    records = _regulation(
        [
            "Chương IV",
            "TRÁCH NHIỆM THI HÀNH",
            "Điều 13. Điều khoản chuyển tiếp",
            "1. Người đang thực hiện các công việc hỗ trợ, phục vụ theo quy định tại khoản 1 "
            "Điều 4 Nghị định này nếu chưa chuyển sang ký hợp đồng lao động theo quy định của "
            "Nghị định số 161/2018/NĐ-CP và cơ quan, tổ chức, đơn vị không ký hợp đồng dịch vụ "
            "thì trong thời "
            "hạn 12 tháng kể từ ngày Nghị định này có hiệu lực, cơ quan, tổ chức, đơn vị phải "
            "chuyển sang ký hợp đồng lao động.",
            "Điều 14. Hiệu lực thi hành",
            "Nghị định này có hiệu lực thi hành từ ngày 22 tháng 02 năm 2023.",
        ]
    )
    assert [(r.task[:20], r.deadline) for r in records] == [("phải chuyển sang ký ", "2024-02-22")]


def test_a_form_known_by_its_blanks_and_signature_hands_out_nothing():
    form = [
        "Mẫu số 02B",
        "TÊN CƠ SỞ KHÁM BỆNH, CHỮA BỆNH",
        "Kính gửi: Ủy ban nhân dân........... (1) .........",
        "Họ và tên:.................................... (3)...........",
        "Địa chỉ nơi ở:................................................",
        "Đề nghị Ủy ban nhân dân xác nhận các thông tin về người bồi thường nêu trên.",
        "ĐẠI DIỆN CƠ SỞ KHÁM BỆNH, CHỮA BỆNH",
    ]
    closing = [
        "Điều 12. Trách nhiệm thi hành",
        "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị định này.",
    ]
    signed = _regulation([*closing, *form, "(Ký, ghi rõ họ tên, chức danh, đóng dấu)"])
    assert [r.kind for r in signed] == ["general"]
    # without its signature line the same text is not known as a form
    unsigned = _regulation([*closing, *form])
    assert len(unsigned) == 2


def test_closing_lists_keep_each_party():
    records = _regulation(
        [
            "Điều 15. Trách nhiệm thi hành",
            "Các Bộ trưởng, Thủ trưởng cơ quan thuộc Chính phủ, người đứng đầu cơ quan do Chính "
            "phủ, Thủ tướng Chính phủ thành lập, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực "
            "thuộc Trung ương và tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Nghị định "
            "này.",
        ]
    )
    assert [r.assignees_text for r in records] == [
        [
            "Các Bộ trưởng",
            "Thủ trưởng cơ quan thuộc Chính phủ",
            "người đứng đầu cơ quan do Chính phủ, Thủ tướng Chính phủ thành lập",
            "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            "tổ chức, cá nhân có liên quan",
        ]
    ]
