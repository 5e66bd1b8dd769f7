"""Which notice is in force: versions of one số hiệu and the relations notices state.

Derived at read time from the committed document records, never stored as a flag: an ingest that
is killed between writing a new version and "demoting" the old one can then never leave two
versions in force, and `as_of` is the same computation over the documents of an earlier day.

- One identity per notice: its số hiệu and issuer when it has a number, else its file. Of several
  committed documents with one identity, the latest (by the notice's own date, then its file's
  modification time, then when it was ingested) is the current version; the others are replaced
  versions that answers do not quote unless asked (an explicit document filter, `as_of`).
- Relations the notices state (ingest/relations.py): a notice that replaces or repeals another
  takes it out of force (answers prefer the in-force one and say so); one that amends another
  leaves it in force, marked amended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from assistant.core.records import AMENDS, REPEALS, REPLACES, DocumentRecord, date_number
from assistant.core.text import normalize_unicode, number_key, strip_diacritics

IN_FORCE, AMENDED, REPLACED, REPEALED = "in_force", "amended", "replaced", "repealed"


def identity(doc: DocumentRecord) -> str:
    """ "no:12-TB/TU|tinh uy dak lak" for a numbered notice, "file:/path" otherwise."""
    if not doc.number:
        return f"file:{doc.source}"
    issuer = " ".join(strip_diacritics(normalize_unicode(doc.issuer)).lower().split())
    return f"no:{number_key(doc.number)}|{issuer}"


def version_order(doc: DocumentRecord) -> tuple:
    """Later is larger: the notice's own date, then its file's mtime, then its ingest time."""
    ingested = doc.ingested_at
    return (date_number(doc.date), float(doc.mtime or ingested), ingested, doc.doc_id)


def relations_of(doc: DocumentRecord) -> list[dict]:
    return [
        r for r in doc.relations or [] if isinstance(r, dict) and r.get("number") and r.get("kind")
    ]


def exists_on(doc: DocumentRecord, as_of: str) -> bool:
    """Whether the notice was issued by that day (undated notices: always, we cannot tell)."""
    if not as_of:
        return True
    day = date_number(doc.date)
    return not day or day <= _period_end(as_of)


def _period_end(iso: str) -> int:
    digits = (iso or "").replace("-", "")
    return int(digits.ljust(8, "9")[:8]) if digits.isdigit() else 99999999


def resolve(docs: Iterable[DocumentRecord], as_of: str = "") -> dict[str, dict]:
    """doc_id -> its version fields (DocumentRecord's), for the documents that exist on `as_of`
    (default: now)."""
    docs = [d for d in docs if exists_on(d, as_of)]
    info: dict[str, dict] = {
        d.doc_id: {
            "identity": identity(d),
            "version_status": IN_FORCE,
            "in_force": True,
            "current": True,
            "superseded_by": "",
            "older_versions": [],
            "replaced_by": [],
            "repealed_by": [],
            "amended_by": [],
            "replaces": [],
            "repeals": [],
            "amends": [],
            "unresolved": [],
        }
        for d in docs
    }
    groups: dict[str, list[DocumentRecord]] = {}
    for doc in docs:
        groups.setdefault(info[doc.doc_id]["identity"], []).append(doc)
    current_of: dict[str, DocumentRecord] = {}
    for key, versions in groups.items():
        versions.sort(key=version_order)
        newest = versions[-1]
        current_of[key] = newest
        for old in versions[:-1]:
            record = info[old.doc_id]
            record.update(current=False, in_force=False, version_status=REPLACED)
            record["superseded_by"] = newest.doc_id
            info[newest.doc_id]["older_versions"].append(old.doc_id)

    by_number: dict[str, list[DocumentRecord]] = {}
    for doc in current_of.values():
        if doc.number:
            by_number.setdefault(number_key(doc.number), []).append(doc)
    field = {REPLACES: "replaces", REPEALS: "repeals", AMENDS: "amends"}
    back = {REPLACES: "replaced_by", REPEALS: "repealed_by", AMENDS: "amended_by"}
    for source in current_of.values():
        mine = info[source.doc_id]
        for relation in relations_of(source):
            targets = [
                t
                for t in by_number.get(number_key(relation["number"]), [])
                if info[t.doc_id]["identity"] != mine["identity"]
            ]
            same_issuer = [t for t in targets if _same_issuer(t, source)]
            targets = same_issuer or targets
            if not targets:
                mine["unresolved"].append({"kind": relation["kind"], "number": relation["number"]})
                continue
            for target in targets:
                mine[field[relation["kind"]]].append(target.doc_id)
                group = groups[info[target.doc_id]["identity"]]
                for version in group:  # every version of the target is affected
                    info[version.doc_id][back[relation["kind"]]].append(source.doc_id)

    for record in info.values():
        if record["replaced_by"] or record["repealed_by"]:
            record["in_force"] = False
            if record["current"]:
                record["version_status"] = REPLACED if record["replaced_by"] else REPEALED
        elif record["amended_by"] and record["current"]:
            record["version_status"] = AMENDED
    return info


def _same_issuer(a: DocumentRecord, b: DocumentRecord) -> bool:
    fold = lambda d: " ".join(strip_diacritics(d.issuer).lower().split())  # noqa: E731
    return bool(fold(a)) and fold(a) == fold(b)


def annotate(docs: dict[str, DocumentRecord], as_of: str = "") -> dict[str, DocumentRecord]:
    """The documents that exist on `as_of`, each a copy with its version fields set."""
    info = resolve(docs.values(), as_of)
    return {doc_id: replace(docs[doc_id], **record) for doc_id, record in info.items()}


def successor(doc: DocumentRecord, docs: dict[str, DocumentRecord]) -> DocumentRecord | None:
    """The document that takes an out-of-force notice's place: the newer version of its number,
    else the notice that replaced or repealed it (the latest, when several did)."""
    if doc.superseded_by and doc.superseded_by in docs:
        return docs[doc.superseded_by]
    newer = [docs[i] for i in doc.replaced_by + doc.repealed_by if i in docs]
    return max(newer, key=version_order) if newer else None
