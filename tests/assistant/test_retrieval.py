"""Hybrid retrieval over a small law: article groups and per-article diversity."""

from __future__ import annotations

from assistant.engine import Engine
from assistant.retrieval import section_group
from ingest.pipeline import Ingestor

# Clauses long enough that each is its own chunk (a clause is ~150 word pieces).
_DETAIL = (
    "theo kế hoạch được cấp có thẩm quyền phê duyệt, bảo đảm nguồn lực, nhân lực, phương tiện, "
    "kinh phí thực hiện, kiểm tra, giám sát, đôn đốc các cơ quan, đơn vị, địa phương có liên quan "
    "và định kỳ tổng hợp kết quả, khó khăn, vướng mắc, đề xuất giải pháp tháo gỡ kịp thời."
)
LAW = f"""LUẬT THỬ NGHIỆM

Chương I
QUY ĐỊNH CHUNG

Điều 1. Trách nhiệm phòng, chống hạn hán
1. Ủy ban nhân dân cấp tỉnh chỉ đạo phòng, chống hạn hán trên địa bàn {_DETAIL}
2. Sở Nông nghiệp tham mưu phòng, chống hạn hán và bảo đảm nguồn nước tưới {_DETAIL}
3. Các huyện báo cáo tình hình hạn hán, phòng chống hạn hán hằng tháng {_DETAIL}

Điều 2. Phòng cháy rừng
1. Kiểm lâm tổ chức phòng cháy rừng trong mùa khô hạn hán {_DETAIL}
2. Chủ rừng lập phương án phòng cháy rừng {_DETAIL}

Điều 3. Giải ngân vốn đầu tư công
Kho bạc nhà nước bảo đảm giải ngân vốn đầu tư công đúng hạn.
"""


def _engine(tmp_path, fake_embedder) -> Engine:
    from tests.conftest import make_settings

    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / "luat.txt").write_text(LAW, encoding="utf-8")
    settings = make_settings(tmp_path / "store")
    assert Ingestor(settings, fake_embedder).run([folder]).ok
    return Engine(settings, embedder=fake_embedder)


def test_clauses_of_one_article_share_a_group(tmp_path, fake_embedder):
    engine = _engine(tmp_path, fake_embedder)
    chunks = list(engine.retriever.snapshot().chunks.values())
    article_one = {section_group(c) for c in chunks if "phòng, chống hạn hán" in c.text}
    assert len(article_one) == 1 and next(iter(article_one)).endswith(
        "Điều 1. Trách nhiệm phòng, chống hạn hán"
    )
    assert sum("phòng, chống hạn hán" in c.text for c in chunks) >= 2  # split into clauses


def test_one_article_cannot_fill_the_list(tmp_path, fake_embedder):
    engine = _engine(tmp_path, fake_embedder)
    _, hits = engine.retrieve("phòng chống hạn hán", k=3)
    articles = [next(h for h in c.chunk.section if h.startswith("Điều")) for c in hits]
    assert articles[0].startswith("Điều 1.")
    assert len(articles) == len(set(articles))  # the next hits come from other articles
    unlimited = engine.retriever.search("phòng chống hạn hán", k=3, per_article=None)
    assert sum(any(h.startswith("Điều 1.") for h in hit.chunk.section) for hit in unlimited) > 1
