"""The glossary holds no term that only the dev set's test-half documents could have taught."""

from __future__ import annotations

from assistant.eval.glossary_audit import TokenText, half_documents, held_out_only_entries
from assistant.vocab.glossary import DEFAULT_GLOSSARY, Glossary
from tests.conftest import REPO, SEEDS

# Entries of the first, hand-written glossary (commit 2a16fc9, over the seeds, before the corpus
# was mined or the dev set split) that happen to occur only in test-half documents: no held-out
# text taught them. benchmarks/glossary_hygiene.py lists them.
HAND_WRITTEN_BEFORE_THE_CORPUS = {"Sở Nông nghiệp và Phát triển nông thôn"}
QUESTION_FILES = [REPO / "tests/eval/dev_questions.jsonl", REPO / "tests/eval/dev_followups.jsonl"]


def test_token_text_matches_whole_syllables_across_forms():
    text = TokenText(["Sở Văn hoá, Thể thao và Du lịch\nphải báo cáo", "bảng giá"])
    assert text.holds("Sở Văn hóa Thể thao và Du lịch")  # old tone mark, punctuation, case
    assert text.holds("báo cáo")
    assert not text.holds("bảng giá phải")  # never across two documents
    assert not text.holds("giá thầu")
    assert not text.holds("ban")  # "bảng" is not "ban"


def test_held_out_only_entries_need_every_variant_absent_elsewhere():
    glossary = Glossary.parse(
        "category\tvietnamese\tenglish\n"
        "topic\thạn mặn\tsaline intrusion\n"
        "topic\tnước sạch; nước sinh hoạt\tclean water\n"
        "topic\tcà phê\tcoffee\n"
    )
    test = TokenText(["Phòng chống hạn mặn và cung cấp nước sạch, cà phê"])
    other = TokenText(["Bảo đảm nước sinh hoạt cho dân", "Lễ hội cà phê"])
    found = held_out_only_entries(glossary.entries, test, other)
    assert [e.english[0] for e in found] == ["saline intrusion"]


def test_no_glossary_entry_comes_only_from_test_half_documents(corpora):
    """Run benchmarks/glossary_hygiene.py --write when this fails (the dev set gained test-half
    documents whose terms the glossary had taken from the whole corpus)."""
    test_names = half_documents(QUESTION_FILES, "test")
    assert test_names
    congbao = sorted((corpora / "congbao").rglob("*.txt"))
    test = [p for p in congbao if str(p.relative_to(corpora)) in test_names]
    other = [p for p in congbao if str(p.relative_to(corpora)) not in test_names]
    other += [p for p in SEEDS.iterdir() if p.name not in test_names]
    assert len(test) == len([n for n in test_names if n.startswith("congbao/")])
    leaked = held_out_only_entries(
        Glossary.load(DEFAULT_GLOSSARY).entries,
        TokenText(p.read_text(encoding="utf-8") for p in test),
        TokenText(p.read_text(encoding="utf-8") for p in other),
    )
    mined = [e.vietnamese[0] for e in leaked]
    assert [t for t in mined if t not in HAND_WRITTEN_BEFORE_THE_CORPUS] == []
