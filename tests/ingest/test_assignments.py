from __future__ import annotations

from pathlib import Path

import pytest

from assistant.bodies import body_key
from assistant.models import Block, Notice
from ingest.assignments import extract_assignments, parse_deadline

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
    from assistant.ledger_eval import run_seed_eval

    return run_seed_eval(SEEDS, SEED_LABELS)


def test_seed_labels_stay_perfect(seed_eval):
    assert seed_eval["labels"] == 28
    assert seed_eval["recall"] == 1.0, seed_eval["missed"]
    assert seed_eval["precision"] == 1.0, seed_eval["unexpected"]
    assert seed_eval["deadline_accuracy"] == 1.0, seed_eval["wrong_deadlines"]


@pytest.fixture(scope="module")
def seed_records():
    from assistant.ledger_eval import extract_file

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
    from assistant.ledger_eval import extract_file

    path = next((corpora / "congbao").rglob("chi-thi-so-21-ct-ttg-*.txt"))
    records = extract_file(path)
    home_affairs = [r for r in records if r.task.startswith("Chủ trì, phối hợp với các bộ")]
    assert len(home_affairs) == 1
    assert keys(home_affairs[0].assignees) == keys(["Bộ Nội vụ"])
    dated = {r.deadline for r in records if keys(r.assignees) & keys(["UBND các tỉnh, thành phố"])}
    assert "2026-06-10" in dated
