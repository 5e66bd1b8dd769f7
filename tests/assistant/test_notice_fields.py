"""Questions about a notice itself over gazette-like notices the engine has not seen: when it
takes effect (its own effect clause, which shares no topic word with the question), who signed
it (a signature block followed by appendices), and which notice a number names (a neighbour
with a similar number shares every other word). Fake embedding: lexical search carries these."""

from __future__ import annotations

import pytest

from tests.conftest import FakeEmbedder, make_settings

_DECISION = """THỦ TƯỚNG CHÍNH PHỦ
Số: 892/QĐ-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 20 tháng 5 năm 2026
QUYẾT ĐỊNH
Phê duyệt Đề án bồi dưỡng cán bộ làm công tác đối ngoại giai đoạn 2026 - 2031
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án bồi dưỡng cán bộ làm công tác đối ngoại với những nội dung sau:
1. Mục tiêu: nâng cao năng lực ngoại ngữ và kỹ năng đối ngoại của cán bộ.
2. Kinh phí thực hiện Đề án do ngân sách nhà nước bảo đảm.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.
Điều 3. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh chịu trách nhiệm thi hành Quyết định này.
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Phạm Thị Thanh Trà
Phụ lục
DANH MỤC NHIỆM VỤ
""" + "\n".join(
    f"{i}. Tổ chức lớp bồi dưỡng ngoại ngữ số {i} cho cán bộ các bộ, ngành." for i in range(1, 70)
)

_CIRCULAR = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
Số: 19/2023/TT-BLĐTBXH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 29 tháng 12 năm 2023
THÔNG TƯ
Ban hành bổ sung danh mục nghề, công việc nặng nhọc, độc hại, nguy hiểm
Căn cứ Bộ luật Lao động ngày 20 tháng 11 năm 2019;
Điều 1. Ban hành kèm theo Thông tư này danh mục nghề, công việc nặng nhọc, độc hại, nguy hiểm.
Điều 2. Hiệu lực thi hành
1. Thông tư này có hiệu lực kể từ ngày 15 tháng 02 năm 2024.
2. Chủ hộ kinh doanh đã đủ điều kiện trước ngày Thông tư này có hiệu lực thi hành thì được
giải quyết theo quy định.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Lê Văn Thanh
"""


def _neighbour(number: int, signer: str, day: int, extra: str = "") -> str:
    """Two resolutions with numbers one apart and the same words: only the number differs (and
    `extra`, which makes one the closer to the questions by their words)."""
    return f"""CHÍNH PHỦ
Số: {number}/NQ-CP
Hà Nội, ngày {day} tháng 4 năm 2026
NGHỊ QUYẾT
Về chương trình hành động cải cách thủ tục hành chính
Điều 1. Giao Bộ Tư pháp chủ trì rà soát thủ tục hành chính trong năm 2026.{extra}
Điều 2. Nghị quyết này có hiệu lực thi hành kể từ ngày {day} tháng 4 năm 2026.
TM. CHÍNH PHỦ
THỦ TƯỚNG
{signer}
"""


_CLOSER = "\nBộ Tư pháp chủ trì rà soát, cải cách thủ tục hành chính và báo cáo Chính phủ."


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from assistant.engine import Engine
    from ingest.pipeline import Ingestor

    root = tmp_path_factory.mktemp("notice-fields")
    notices = root / "notices"
    notices.mkdir()
    (notices / "qd-892.txt").write_text(_DECISION, encoding="utf-8")
    (notices / "tt-19-2023.txt").write_text(_CIRCULAR, encoding="utf-8")
    (notices / "nq-96.txt").write_text(
        _neighbour(96, "Phạm Minh Chính", 2, _CLOSER), encoding="utf-8"
    )
    (notices / "nq-97.txt").write_text(_neighbour(97, "Trần Hồng Hà", 6), encoding="utf-8")
    settings = make_settings(root / "store")
    summary = Ingestor(settings, FakeEmbedder()).run([notices])
    assert summary.ok, summary.format()
    return Engine(settings, embedder=FakeEmbedder())


def test_when_a_notice_takes_effect_is_read_from_its_own_effect_clause(engine):
    answer = engine.ask("Đề án bồi dưỡng cán bộ đối ngoại có hiệu lực khi nào?")
    assert answer.found and "kể từ ngày ký ban hành" in answer.answer
    assert "892/QĐ-TTg" in answer.answer
    assert "Quyết định này có hiệu lực" in answer.citations[0].text
    english = engine.ask("When does the circular on hazardous jobs take effect?")
    assert english.found and "15 tháng 02 năm 2024" in english.answer


def test_a_sentence_that_only_refers_to_the_effect_is_not_the_effect_clause(engine):
    answer = engine.ask("Thông tư bổ sung danh mục nghề độc hại có hiệu lực từ ngày nào?")
    assert answer.found and "15 tháng 02 năm 2024" in answer.answer
    assert "Chủ hộ kinh doanh" not in answer.answer


def test_an_effect_question_about_no_notice_of_the_collection_is_refused(engine):
    for question in (
        "Luật Đất đai sửa đổi về bồi thường giải phóng mặt bằng có hiệu lực khi nào?",
        "When does the decree on rice export quotas take effect?",
    ):
        assert not engine.ask(question).found, question


def test_the_signer_is_read_from_a_signature_block_followed_by_appendices(engine):
    answer = engine.ask("Quyết định phê duyệt Đề án bồi dưỡng cán bộ đối ngoại do ai ký?")
    assert answer.found and "Phạm Thị Thanh Trà" in answer.answer
    # The signature block is quoted, not the whole passage that holds it.
    assert answer.answer.endswith("“KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Phạm Thị Thanh Trà”")


@pytest.mark.parametrize(
    ("question", "signer"),
    [
        ("Nghị quyết số 97 về cải cách thủ tục hành chính do ai ký?", "Trần Hồng Hà"),
        ("Nghị quyết 96/NQ-CP về cải cách thủ tục hành chính do ai ký?", "Phạm Minh Chính"),
    ],
)
def test_the_number_a_question_gives_names_the_notice(engine, question, signer):
    answer = engine.ask(question)
    assert answer.found and signer in answer.answer


def test_a_bare_number_names_a_notice_of_its_own_type_only(engine):
    _, hits = engine.retrieve("Nghị quyết số 97 giao bộ nào rà soát thủ tục hành chính?")
    assert hits[0].doc.number == "97/NQ-CP"
    _, hits = engine.retrieve("Quyết định số 97 giao bộ nào rà soát thủ tục hành chính?")
    assert {h.doc.number for h in hits[:2]} == {"96/NQ-CP", "97/NQ-CP"}  # no such decision
