"""Versions in force, derived from the committed document records."""

from __future__ import annotations

import json

from assistant.core.records import DocumentRecord
from assistant.store.versions import annotate, identity, resolve, successor


def doc(doc_id, number="", date="", issuer="TỈNH ỦY ĐẮK LẮK", mtime=0.0, relations=(), **kw):
    """A record as the store reads it back from its metadata."""
    return DocumentRecord.from_metadata(
        {
            "doc_id": doc_id,
            "number": number,
            "date": date,
            "issuer": issuer,
            "source": f"/n/{doc_id}.txt",
            "mtime": mtime,
            "ingested_at": 1.0,
            "relations": json.dumps(list(relations)),
            **kw,
        }
    )


def test_identity_is_number_and_issuer_else_the_file():
    assert identity(doc("a", "45-TB/VPTU")) == identity(doc("b", "45 - tb/vptu"))
    assert identity(doc("a", "45-TB/VPTU")) != identity(doc("b", "45-TB/VPTU", issuer="HUYỆN ỦY"))
    assert identity(doc("a")) == "file:/n/a.txt"


def test_later_date_then_later_mtime_is_in_force():
    docs = [
        doc("old", "45-TB/VPTU", "2024-10-10", mtime=100),
        doc("new", "45-TB/VPTU", "2024-10-10", mtime=200),
        doc("older", "45-TB/VPTU", "2024-09-01", mtime=999),
    ]
    info = resolve(docs)
    assert info["new"]["current"] and info["new"]["in_force"]
    assert not info["old"]["current"] and info["old"]["superseded_by"] == "new"
    assert info["older"]["version_status"] == "replaced"
    assert sorted(info["new"]["older_versions"]) == ["old", "older"]


def test_relations_replace_repeal_amend_and_as_of():
    replaces = {"kind": "replaces", "number": "120-KH/TU"}
    amends = {"kind": "amends", "number": "15/2022/QĐ-UBND"}
    docs = {
        d.doc_id: d
        for d in [
            doc("plan23", "120-KH/TU", "2023-03-15"),
            doc("plan24", "210-KH/TU", "2024-02-20", relations=[replaces]),
            doc("qd22", "15/2022/QĐ-UBND", "2022-05-12"),
            doc("qd24", "08/2024/QĐ-UBND", "2024-03-04", relations=[amends]),
            doc("x", "1-TB/TU", "2024-01-01", relations=[{"kind": "repeals", "number": "9-TB/TU"}]),
        ]
    }
    now = annotate(docs)
    assert now["plan23"].version_status == "replaced" and not now["plan23"].in_force
    assert now["plan23"].current  # another number: still findable, ranked below
    assert now["plan24"].replaces == ["plan23"]
    assert now["qd22"].version_status == "amended" and now["qd22"].in_force
    assert now["x"].unresolved == [{"kind": "repeals", "number": "9-TB/TU"}]
    assert successor(now["plan23"], now).doc_id == "plan24"

    then = annotate(docs, "2023-12-31")
    assert "plan24" not in then and "qd24" not in then
    assert then["plan23"].version_status == "in_force"
    assert then["qd22"].version_status == "in_force"


def test_a_later_notice_restating_a_clause_is_on_the_same_subject_but_a_sibling_law_is_not():
    from assistant.answer.versions import newer_first as _newer_first
    from assistant.answer.versions import restates_later as _restates_later
    from assistant.core.records import ChunkRecord
    from assistant.retrieval.search import Hit

    def hit(doc_id, text, doc_type, title, date, coverage=0.8):
        chunk = ChunkRecord(f"{doc_id}:0", doc_id, text, [], 0, len(text))
        meta = DocumentRecord(doc_id, issuer="UBND", doc_type=doc_type, title=title, date=date)
        return Hit(chunk, meta, 1.0, coverage=coverage)

    old = hit(
        "p23",
        "Chỉ tiêu tuyển sinh lớp 10 là 18.500 học sinh.",
        "Kế hoạch",
        "Tuyển sinh 2023",
        "2023-03-20",
    )
    new = hit(
        "p24",
        "Chỉ tiêu tuyển sinh lớp 10 là 19.200 học sinh.",
        "Kế hoạch",
        "Tuyển sinh 2024",
        "2024-03-18",
    )
    assert _restates_later(old, new) and not _restates_later(new, old)
    assert [h.chunk.doc_id for h in _newer_first([old, new])] == ["p24", "p23"]
    off = hit("p24", new.chunk.text, "Kế hoạch", "Tuyển sinh 2024", "2024-03-18", coverage=0.1)
    assert not _restates_later(old, off)  # not on the question
    law = "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025."
    tax_a = hit("tndn", law, "Luật", "Luật thuế thu nhập doanh nghiệp", "2025-06-14")
    tax_b = hit("tncn", law, "Luật", "Luật thuế thu nhập cá nhân", "2025-12-10")
    assert not _restates_later(tax_a, tax_b)  # normative texts state what they replace
