"""ALQAC 2024 (../shared/corpora/alqac2024): 430 legal questions over 17 laws, scored on
whether a retrieved chunk lies inside a gold article (hit@1, hit@10, MRR@10), beside the
naive baseline and BM25 alone."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.config import load_settings
from assistant.core.errors import EvaluationDataMissing
from assistant.core.text import strip_diacritics
from assistant.engine import Engine
from assistant.eval.baseline import NaiveBaseline
from assistant.eval.cache import CACHE_ROOT, parsed_key
from assistant.eval.scoring import REPO, latency_summary, ranking_scores
from assistant.retrieval.lexical import LexicalIndex, LexicalQuery
from assistant.store import embeddings
from ingest.pipeline import Ingestor

DEFAULT_ALQAC = REPO.parent / "shared" / "corpora" / "alqac2024"
ALQAC_K = 10


# --- ALQAC 2024 -------------------------------------------------------------------------------

_ARTICLE_IN_HEADING = re.compile(r"(?:^|\b)Điều\s+(\d+[a-zđ]?)\s*[.:]", re.IGNORECASE)


@dataclass
class LawFile:
    law_id: str
    name: str  # file name in the ingest folder
    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # article id -> [start, end)


def law_files(laws: list[dict]) -> list[LawFile]:
    """One document per law: its name as the title line, then every article as
    "Điều N. <title>" followed by its paragraphs, as a Vietnamese law is printed."""
    files = []
    for index, law in enumerate(laws):
        slug = re.sub(r"[^a-z0-9]+", "-", strip_diacritics(law["id"]).lower()).strip("-")
        parts = [law["id"], ""]
        spans: dict[str, tuple[int, int]] = {}
        offset = len(law["id"]) + 2
        for article in law["articles"]:
            body = f"Điều {article['id']}. {article['text'].strip()}"
            spans[article["id"]] = (offset, offset + len(body))
            parts.extend([body, ""])
            offset += len(body) + 2
        files.append(LawFile(law["id"], f"{index:02d}-{slug}.txt", "\n".join(parts), spans))
    return files


def article_spans(text: str, article_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Where each article lies in a (normalized) law text: the "Điều N." line starts, found in
    order, each running to the next one."""
    starts: list[tuple[str, int]] = []
    position = 0
    for article_id in article_ids:
        pattern = re.compile(rf"(?m)^Điều {re.escape(article_id)}\.")
        match = pattern.search(text, position)
        if match:
            starts.append((article_id, match.start()))
            position = match.end()
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {article_id: (start, end) for (article_id, start), end in zip(starts, ends, strict=True)}


def chunk_article(section: Sequence[str], start: int, spans: dict[str, tuple[int, int]]) -> str:
    """The article a chunk belongs to: named in its heading path, else the one holding its
    first character."""
    for heading in reversed(list(section)):
        match = _ARTICLE_IN_HEADING.search(heading)
        if match and match.group(1) in spans:
            return match.group(1)
    for article_id, (lo, hi) in spans.items():
        if lo <= start < hi:
            return article_id
    return ""


def _alqac_cache_key(files: list[LawFile], embedder, settings) -> str:
    """The laws as ingest would store them (see cache.parsed_key), parsed from a scratch copy."""
    with tempfile.TemporaryDirectory() as scratch:
        paths = {}
        for f in files:
            paths[f.name] = Path(scratch) / f.name
            paths[f.name].write_text(f.text, encoding="utf-8")
        return parsed_key(paths, embedder, settings)


def load_alqac(folder: Path) -> tuple[list[dict], list[dict], bytes]:
    law_path, question_path = folder / "law.json", folder / "questions.json"
    if not law_path.is_file() or not question_path.is_file():
        raise EvaluationDataMissing(
            str(folder), "the ALQAC 2024 data (law.json and questions.json)"
        )
    law_bytes = law_path.read_bytes()
    return json.loads(law_bytes), json.loads(question_path.read_text(encoding="utf-8")), law_bytes


def run_alqac(
    folder: Path = DEFAULT_ALQAC,
    *,
    embedder=None,
    baseline: bool = True,
    limit: int | None = None,
    cache_root: Path = CACHE_ROOT,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Ingest the laws (cached under cache_root, or in `cache` when given), then score our
    engine, the naive baseline and BM25 alone."""
    say = progress or (lambda message: None)
    laws, questions, _ = load_alqac(folder)
    questions = questions[:limit]
    files = law_files(laws)
    by_name = {f.name: f for f in files}
    by_law = {f.law_id: f for f in files}

    settings = load_settings(store=Path("unused"))
    embedder = embedder or embeddings.load_embedder(settings.embed_model, settings.embed_batch_size)
    cache = cache or cache_root / f"alqac-{_alqac_cache_key(files, embedder, settings)}"
    law_dir = cache / "laws"
    law_dir.mkdir(parents=True, exist_ok=True)
    for f in files:
        path = law_dir / f.name
        if not path.exists() or path.read_text(encoding="utf-8") != f.text:
            path.write_text(f.text, encoding="utf-8")
    settings = load_settings(store=cache / "store")
    say(f"Ingesting {len(files)} laws into {cache} (cached after the first run) ...")
    summary = Ingestor(settings, embedder).run([law_dir])
    say(summary.format())
    engine = Engine(settings, embedder=embedder)

    # Our engine: gold article spans located in each stored (normalized) document.
    spans_by_doc: dict[str, tuple[str, dict]] = {}
    for doc in engine.documents():
        law = by_name.get(Path(doc.source).name)
        if law is not None:
            text = engine.document_text(doc.doc_id) or ""
            spans_by_doc[doc.doc_id] = (law.law_id, article_spans(text, list(law.spans)))

    engine.retrieve("warm-up")
    ranks, retrieve_ms = [], []
    for q in questions:
        gold = {(a["law_id"], a["article_id"]) for a in q["relevant_articles"]}
        started = time.perf_counter()
        _, hits = engine.retrieve(q["text"], k=ALQAC_K)
        retrieve_ms.append((time.perf_counter() - started) * 1000)
        found = []
        for hit in hits:
            law_id, spans = spans_by_doc.get(hit.chunk.doc_id, ("", {}))
            found.append((law_id, chunk_article(hit.chunk.section, hit.chunk.start, spans)))
        ranks.append(_first_rank(found, gold))
    ask_ms = []
    for q in questions:
        started = time.perf_counter()
        engine.ask(q["text"])
        ask_ms.append((time.perf_counter() - started) * 1000)

    rows = {"engine": ranking_scores(ranks, (1, ALQAC_K))}

    # BM25 alone, one entry per whole article.
    items = [
        (f"{f.law_id}\0{article_id}", [], f.text[lo:hi])
        for f in files
        for article_id, (lo, hi) in f.spans.items()
    ]
    bm25 = LexicalIndex.build(items)
    bm25_ranks = []
    for q in questions:
        gold = {(a["law_id"], a["article_id"]) for a in q["relevant_articles"]}
        top = bm25.search(LexicalQuery.of(q["text"]), ALQAC_K)
        bm25_ranks.append(_first_rank([tuple(cid.split("\0")) for cid, _ in top], gold))
    rows["bm25"] = ranking_scores(bm25_ranks, (1, ALQAC_K))

    if baseline:
        say("Embedding the naive baseline's chunks (cached after the first run) ...")
        naive = NaiveBaseline({f.name: f.text for f in files}, vector_cache=cache)
        naive_ranks = []
        for q in questions:
            gold_spans = [
                (by_law[a["law_id"]].name, by_law[a["law_id"]].spans.get(a["article_id"]))
                for a in q["relevant_articles"]
                if a["law_id"] in by_law
            ]
            rank = None
            for position, p in enumerate(naive.search(q["text"], ALQAC_K), start=1):
                if any(
                    name == p.source and span and p.start < span[1] and span[0] < p.end
                    for name, span in gold_spans
                ):
                    rank = position
                    break
            naive_ranks.append(rank)
        rows["baseline"] = ranking_scores(naive_ranks, (1, ALQAC_K))

    status = engine.status()
    return {
        "data": str(folder),
        "store": str(cache),
        "questions": len(questions),
        "documents": status["documents"],
        "chunks": status["chunks"],
        "table": rows,
        "retrieve_ms": latency_summary(retrieve_ms),
        "ask_ms": latency_summary(ask_ms),
        "ranks": ranks,
    }


def _first_rank(found: Sequence[tuple[str, str]], gold: set[tuple[str, str]]) -> int | None:
    for rank, key in enumerate(found, start=1):
        if tuple(key) in gold:
            return rank
    return None


def format_alqac_report(report: dict) -> str:
    lines = [
        f"ALQAC 2024: {report['questions']} questions, {report['documents']} laws, "
        f"{report['chunks']} chunks (store {report['store']})",
        "",
        f"{'':34}{'hit@1':>7}{'hit@10':>8}{'MRR@10':>8}",
    ]
    labels = {
        "engine": "engine (hybrid, structure-aware)",
        "bm25": "BM25 alone, whole articles",
        "baseline": "naive 1000/200 + MiniLM + Chroma",
    }
    for key, label in labels.items():
        row = report["table"].get(key)
        if row:
            lines.append(f"{label:34}{row['hit@1']:>7.3f}{row['hit@10']:>8.3f}{row['mrr']:>8.3f}")
    r, a = report["retrieve_ms"], report["ask_ms"]
    lines.append("")
    lines.append(f"Engine.retrieve k=10, warm: median {r['median']:.0f} ms, p95 {r['p95']:.0f} ms")
    lines.append(f"Engine.ask k=5, warm:       median {a['median']:.0f} ms, p95 {a['p95']:.0f} ms")
    return "\n".join(lines)
