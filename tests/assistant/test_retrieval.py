"""Hybrid retrieval over a small law: article groups and per-article diversity."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.engine import Engine
from assistant.retrieval.search import SearchOptions, section_group
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


def test_a_per_article_limit_keeps_one_article_from_filling_the_list(tmp_path, fake_embedder):
    engine = _engine(tmp_path, fake_embedder)
    limited = engine.retriever.search(
        "phòng chống hạn hán", k=3, options=SearchOptions(per_article=1)
    )
    articles = [next(h for h in hit.chunk.section if h.startswith("Điều")) for hit in limited]
    assert articles[0].startswith("Điều 1.")
    assert len(articles) == len(set(articles))  # the next hits come from other articles


def test_by_default_the_clauses_of_one_article_may_all_be_hits(tmp_path, fake_embedder):
    # A question about one clause is answered by that clause, even below a sibling.
    engine = _engine(tmp_path, fake_embedder)
    _, hits = engine.retrieve("phòng chống hạn hán", k=3)
    assert sum(any(h.startswith("Điều 1.") for h in hit.chunk.section) for hit in hits) > 1


def test_coverage_read_from_the_index_equals_coverage_of_the_passage_text():
    from assistant.retrieval.lexical import LexicalIndex, LexicalQuery, indexed_text

    items = [
        ("a", ["Điều 10. Hiệu lực thi hành"], "Thông tư này có hiệu lực kể từ ngày 15/9/2024."),
        ("b", ["Điều 1"], "Phân loại đơn vị sự nghiệp công lập, mức 3.500.000 đồng."),
        ("c", [], "Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan."),
    ]
    index = LexicalIndex.build(items)
    excluded = frozenset({"thông", "tư", "thông_tư"})
    queries = [
        LexicalQuery.of("Thông tư có hiệu lực từ ngày nào?"),
        LexicalQuery.of("thong tu co hieu luc tu ngay nao"),
        LexicalQuery.concepts([["hiệu lực", "có hiệu lực"], ["3,5 triệu"], ["unknownword"]]),
    ]
    for query in queries:
        fast = index.coverages(query, [0, 1, 2], [excluded, frozenset(), excluded])
        slow = [
            index.coverage(query, indexed_text(s, t), e)
            for (_, s, t), e in zip(items, [excluded, frozenset(), excluded], strict=True)
        ]
        assert list(fast) == pytest.approx(slow)
    residual = index.coverages(queries[0], [0, 1, 2], [excluded] * 3)
    assert residual[0] == max(residual) > 0  # the passage on what is asked of the document


def test_a_syllable_pair_the_collection_never_holds_weighs_nothing_in_coverage():
    from assistant.retrieval.lexical import LexicalIndex, LexicalQuery

    Q = LexicalQuery.of
    index = LexicalIndex.build(
        [
            ("a", [], "Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 9 năm 2024."),
            ("b", [], "Phân loại đơn vị sự nghiệp công lập."),
        ]
    )
    # "2024 có": two known syllables that met in the question; no passage can hold the pair
    assert index.weight("2024_có") == 0.0 and index.weight("~2024_co") == 0.0
    assert index.weight("hiệu_lực") == index.idf["hiệu_lực"] > 0
    # a syllable no passage holds is a topic word the notices lack: it weighs the most
    assert index.weight("thuế") == index.max_idf
    assert index.weight("thuế_thu") == index.max_idf
    passage = "Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 9 năm 2024."
    assert index.coverage(Q("năm 2024 có hiệu lực"), passage) == pytest.approx(1.0)
    assert index.coverage(Q("thuế có hiệu lực"), passage) < 1.0


def test_residual_weighs_a_term_by_its_rarity_inside_the_passages_document():
    from assistant.retrieval.lexical import LexicalIndex, LexicalQuery

    topic = "phân loại đơn vị sự nghiệp công lập ngành lao động"
    items = [
        ("a1", ["Điều 3"], f"Tiêu chí {topic} theo chức năng, nhiệm vụ được cấp trên giao."),
        ("a2", ["Điều 4"], f"Tiêu chí {topic} theo mức tự chủ về tài chính của đơn vị."),
        ("a3", ["Điều 10"], "Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 9 năm 2024."),
        ("b1", ["Điều 1"], "Quyết định này có hiệu lực kể từ ngày ký ban hành."),
    ]
    index = LexicalIndex.build(items)
    query = LexicalQuery.of(f"Thông tư về {topic} có hiệu lực từ ngày nào?")
    spans = [(0, 3)] * 3 + [(3, 4)]
    nothing = [frozenset()] * 4
    plain = index.coverages(query, range(4), nothing)
    within = index.coverages(query, range(4), nothing, spans)
    # Globally the topic passages hold most of the question ...
    assert plain[0] > plain[2] and plain[1] > plain[2]
    # ... but inside their document every passage holds the topic: the one that holds what
    # is asked of it comes first.
    assert within[2] > within[0] and within[2] > within[1]
    # A term in every passage of its document tells none apart: it weighs little there; one
    # no passage of the document holds weighs the most.
    rarity = index._rarity_within("điều", np.array([0, 3]), np.array([3, 4]))
    assert rarity[0] < 0.1
    assert index._rarity_within("tiêu", np.array([3]), np.array([4]))[0] == pytest.approx(1.0)


def test_a_documents_passages_are_read_by_position_in_text_order(tmp_path, fake_embedder):
    snap = _engine(tmp_path, fake_embedder).retriever.snapshot()
    for doc_id in snap.documents:
        scanned = sorted(
            (c for c in snap.chunks.values() if c.doc_id == doc_id), key=lambda c: c.start
        )
        assert snap.document_chunks(doc_id) == scanned and scanned
    assert snap.document_chunks("no-such-document") == []


def test_documents_are_re_read_only_when_the_store_was_written(
    tmp_path, fake_embedder, monkeypatch
):
    from assistant.retrieval import search

    engine = _engine(tmp_path, fake_embedder)
    retriever, store = engine.retriever, engine.store
    first = retriever.snapshot()
    reads = []
    real = store.documents
    monkeypatch.setattr(store, "documents", lambda: reads.append(1) or real())
    monkeypatch.setattr(search, "_FRESHNESS_CHECK_S", 0.0)
    assert retriever.snapshot() is first and reads == []  # database files unchanged
    (tmp_path / "laws" / "more.txt").write_text(
        LAW.replace("LUẬT THỬ NGHIỆM", "LUẬT THỬ NGHIỆM HAI"), encoding="utf-8"
    )
    assert Ingestor(engine.settings, fake_embedder).run([tmp_path / "laws"]).ok
    second = retriever.snapshot()
    assert reads == [1] and len(second.documents) == len(first.documents) + 1
    monkeypatch.setattr(search, "_FULL_CHECK_S", 0.0)  # the backstop reads them anyway
    assert retriever.snapshot() is second and reads == [1, 1]


def test_a_filter_mask_is_read_per_document():
    from assistant.retrieval.search import Snapshot

    docs = ["a", "a", "b", "c", "c", "c"]
    snap = Snapshot("fp", {}, {}, None, None, docs, None, {}, {})
    for allowed in ({"a"}, {"b", "c"}, set(), {"a", "b", "c", "z"}):
        expected = np.fromiter((d in allowed for d in docs), dtype=bool)
        assert np.array_equal(snap.passages_of(allowed), expected)


def test_passages_of_the_article_a_conversation_was_reading_rank_higher(tmp_path, fake_embedder):
    # "hạn hán" is in Điều 1 three times, in Điều 2 once: reading Điều 2, its other clause
    # ("Chủ rừng ...", without the words) joins the five hits in place of Điều 3's, and each
    # passage of Điều 2 gains NEAR_WEIGHT; Filters.near filters nothing.
    from assistant.retrieval.search import NEAR_WEIGHT, Filters

    engine = _engine(tmp_path, fake_embedder)
    chunks = list(engine.retriever.snapshot().chunks.values())
    doc_id = chunks[0].doc_id
    article_two = [c for c in chunks if any(h.startswith("Điều 2.") for h in c.section)]
    assert Filters(near=("x",)).is_empty()
    plain = engine.retriever.search("hạn hán", k=5, filters=Filters(doc_ids=[doc_id]))
    near = engine.retriever.search(
        "hạn hán", k=5, filters=Filters(doc_ids=[doc_id], near=(article_two[0].chunk_id,))
    )
    assert not any(hit.near for hit in plain)
    assert not any("Chủ rừng" in hit.chunk.text for hit in plain)
    assert any("Chủ rừng" in hit.chunk.text and hit.near for hit in near)
    scores = {hit.chunk.chunk_id: hit.score for hit in plain}
    for hit in near:
        if hit.chunk.chunk_id in scores:
            gain = NEAR_WEIGHT if hit.near else 0.0
            assert hit.score == pytest.approx(scores[hit.chunk.chunk_id] + gain)
