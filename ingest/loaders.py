"""Read one notice file (.txt, .md, .pdf, .docx, .html) into Unicode NFC text.

Every way a file can be bad ends in an `IngestError` subclass with a one-line reason; no other
exception escapes for a bad file. Text is not cleaned or re-flowed here (that is normalize.py).
"""

from __future__ import annotations

import codecs
import errno
import functools
import io
import logging
import os
import re
import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import (
    CorruptFile,
    EmptyDocument,
    EncryptedPdf,
    FileTooLarge,
    FileVanished,
    IngestError,
    NotRegularFile,
    ScannedPdf,
    UndecodableText,
    Unreadable,
    UnreadableTextLayer,
    UnsupportedFormat,
)
from assistant.core.text import normalize_unicode
from ingest.legacy_fonts import (
    is_vietnamese_syllable,
    repair_legacy_lines,
    tcvn3_to_unicode,
    vietnamese_score,
    vni_to_unicode,
)

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}

_MB = 1_000_000  # ASSISTANT_MAX_FILE_MB counts decimal megabytes, as the upload page does


@dataclass
class LoadedText:
    text: str
    format: str  # "txt", "md", "pdf", "docx" or "html"
    # Where the text came from: a byte encoding ("utf-8", "cp1258", "tcvn3"...), "unicode" for a
    # PDF text layer or .docx, "ocr"; "+tcvn3" / "+vni" when legacy-font lines were converted.
    encoding: str
    ocr: bool = False


def load_text(path: Path, max_bytes: int) -> LoadedText:
    """Read `path` and return its text (NFC, one tone-mark style), or raise an IngestError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(suffix)
    data = read_file(path, max_bytes)
    if not data.strip():
        raise EmptyDocument("the file is empty" if not data else "the file holds only whitespace")

    if suffix == ".pdf":
        text, encoding, ocr = _pdf_text(data)
    elif suffix == ".docx":
        text, encoding, ocr = _docx_text(data), "unicode", False
    elif suffix in {".html", ".htm"}:
        text, encoding = _html_text(data)
        ocr = False
    else:
        text, encoding = decode_bytes(data)
        ocr = False

    # TCVN3/VNI text read as cp1252 (Word runs in .VnTime, old web pages, a .txt re-saved as
    # UTF-8 without conversion) is still mojibake here; OCR output never is.
    if not ocr:
        text, legacy = repair_legacy_lines(text)
        if legacy and legacy != encoding:
            encoding = f"{encoding}+{legacy}"
    text = normalize_unicode(text)
    if not text.strip():
        raise EmptyDocument(f"no text found in the {suffix.lstrip('.').upper()} file")
    fmt = "html" if suffix == ".htm" else suffix.lstrip(".")
    return LoadedText(text=text, format=fmt, encoding=encoding, ocr=ocr)


def read_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes` (one more is read to notice a file that
    grew past the limit after stat). Anything else (a folder, a FIFO, a device such as a symlink
    to /dev/zero, a symlink loop or a dangling symlink) is refused with its reason before it is
    opened for reading, so nothing can block or stream without end."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as error:
        if os.path.islink(path):
            target = os.readlink(path)
            raise NotRegularFile(f"it is a symbolic link to a missing file ({target})") from error
        raise FileVanished() from error
    except OSError as error:
        raise _os_failure(error) from error
    _require_regular(info.st_mode)
    if info.st_size > max_bytes:
        raise FileTooLarge(info.st_size / _MB, max_bytes / _MB)
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since stat(), open() must not wait for
        # a writer; fstat() below then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _os_failure(error) from error
    with os.fdopen(fd, "rb", buffering=0) as handle:
        _require_regular(os.fstat(fd).st_mode)
        chunks, total = [], 0
        try:
            while total <= max_bytes:
                chunk = handle.read(min(_READ_CHUNK, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError as error:
            raise _os_failure(error) from error
    if total > max_bytes:  # it grew after stat()
        raise FileTooLarge(total / _MB, max_bytes / _MB)
    return b"".join(chunks)


_READ_CHUNK = 1 << 20
_FILE_KINDS = (
    (stat.S_ISFIFO, "it is a named pipe (FIFO)"),
    (stat.S_ISCHR, "it is a character device (such as /dev/zero)"),
    (stat.S_ISBLK, "it is a block device"),
    (stat.S_ISSOCK, "it is a socket"),
)


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise Unreadable("it is a folder, not a file")
    for test, reason in _FILE_KINDS:
        if test(mode):
            raise NotRegularFile(reason)
    raise NotRegularFile("it is not a regular file")


def _os_failure(error: OSError) -> IngestError:
    if isinstance(error, FileNotFoundError):
        return FileVanished()
    if isinstance(error, IsADirectoryError):
        return Unreadable("it is a folder, not a file")
    if isinstance(error, PermissionError):
        return Unreadable("permission denied")
    if error.errno == errno.ELOOP:
        return NotRegularFile("it is a symbolic link loop")
    return Unreadable(error.strerror or str(error))


def _short_reason(error: Exception) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (message or type(error).__name__)[:160]


# --- plain text ------------------------------------------------------------------------------


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 (BOM, or BOM-less by its NUL
    pattern), Windows-1258, TCVN3 or VNI, else Windows-1252. Returns (NFC text, encoding name)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _checked(_strict_decode(data, encoding), encoding)

    utf16 = _bomless_utf16(data)
    if utf16:
        return _checked(_strict_decode(data, utf16), utf16)

    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few stray bytes (a pasted cp1252 quote, a cut-off last character) is
    # still UTF-8; an 8-bit file read as UTF-8 fails on nearly every non-ASCII byte instead.
    lenient = data.decode("utf-8", errors="replace")
    non_ascii = sum(1 for ch in lenient if ord(ch) > 127)
    if lenient.count("\ufffd") * 20 <= non_ascii:
        return _checked(lenient, "utf-8")

    return _checked(*_eight_bit(data))


def _strict_decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableText(f"invalid {encoding} at byte {error.start}") from error


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: most characters of Vietnamese (and ASCII) text have a
    high byte of 0x00, so NULs fill the odd (LE) or even (BE) positions and not the others."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0) / half
    odd_nuls = sample[1::2].count(0) / half
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _eight_bit(data: bytes) -> tuple[str, str]:
    """Pick the 8-bit reading whose words are most often valid Vietnamese syllables."""
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:  # 5 bytes are unassigned in cp1252; Latin-1 reads everything
        as_cp1252 = data.decode("latin-1")
    candidates = {
        "tcvn3": tcvn3_to_unicode(as_cp1252),
        "vni": vni_to_unicode(as_cp1252),
    }
    try:
        # cp1258 writes most tones as combining marks: compose them.
        candidates["cp1258"] = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    scores = {encoding: vietnamese_score(text) for encoding, text in candidates.items()}
    best = max(scores, key=scores.__getitem__)
    if scores[best] > 0:
        return candidates[best], best
    return as_cp1252, "cp1252"


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject binary data that happened to decode: text has almost no control characters."""
    controls = sum(
        1 for ch in text[:100_000] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"
    )
    if controls > max(2, len(text[:100_000]) // 100):
        raise UndecodableText(f"it does not look like text ({controls} control characters)")
    # A few stray NULs occur in text extracted from PDFs (checkbox glyphs); they mean nothing
    # and some stores reject them.
    text = text.removeprefix("\ufeff").replace("\x00", "")
    return unicodedata.normalize("NFC", text), encoding


# --- PDF -------------------------------------------------------------------------------------


def _pdf_text(data: bytes) -> tuple[str, str, bool]:
    """Text layer page by page; OCR when no page has text. Returns (text, encoding, ocr)."""
    import pymupdf  # heavy import, only needed for PDFs

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # MuPDF raises several types for unreadable input
        raise CorruptFile("PDF", _short_reason(error)) from error
    with doc:
        if doc.needs_pass:
            raise EncryptedPdf()
        # MuPDF silently rebuilds a cut-off file and returns only the pages it could save.
        if doc.is_repaired and b"%%EOF" not in data[-2048:]:
            raise CorruptFile("PDF", "the file is truncated")
        if doc.page_count == 0:
            raise CorruptFile("PDF", "it has no pages")
        try:
            pages = [page.get_text() for page in doc]
        except Exception as error:  # MuPDF again: a damaged page is a corrupt file (chained)
            raise CorruptFile("PDF", _short_reason(error)) from error
        if any(page.strip() for page in pages):
            text = "\n\n".join(page.rstrip("\n") for page in pages)
            garbage = unreadable_reason(repair_legacy_lines(text)[0])
            if garbage is None:
                return text, "unicode", False
            # Fonts without a Unicode map give glyph codes, not letters: only the image is right.
            if not _ocr_available():
                raise UnreadableTextLayer(garbage, "tesseract with Vietnamese data not found")
            ocr = _ocr_text(doc)
            if unreadable_reason(ocr) is not None:
                raise UnreadableTextLayer(garbage, "OCR did not read it either")
            return ocr, "ocr", True
        if not _ocr_available():
            raise ScannedPdf("OCR is not available: tesseract with Vietnamese data not found")
        return _ocr_text(doc), "ocr", True


# A text layer is glyph garbage when most words are not words. Calibrated on the 402 congbao
# notices and the seeds (all read as readable, worst: 0.93 valid syllables, 0.04 mangled
# tokens) and on PDFs whose fonts lack a Unicode map (0.0-0.2 valid, 0.6+ mangled).
MIN_VALID_SYLLABLES = 0.5  # of the words with a non-ASCII letter
MAX_MANGLED_TOKENS = 0.4  # tokens with symbols or digits inside letters ("7K{QJ", "Ò¸Ñ¿")
MAX_PRIVATE_USE = 0.05  # of all characters: private-use glyph codes, U+FFFD
_MIN_WORDS = 30  # too little text to judge
_TOKEN_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_COMMON_MARKS = set("-–—.,;:…*+=_/\\|•·()[]\"'“”‘’%&#§°×<>!?")
_JOINERS = re.compile(r"[/\\\-–—.,:;()\[\]'’\"“”%+&*#=<>…]+")
_NUMBERISH = re.compile(r"^[\d\W_]*$|^[\dA-ZĐ]+([-/.][\dA-ZĐa-z]+)+$")


def unreadable_reason(text: str) -> str | None:
    """Why `text` is not readable text (a PDF text layer of glyph codes), or None if it is."""
    sample = text[:200_000]
    if not sample.strip():
        return None
    odd = sum(1 for ch in sample if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if odd > MAX_PRIVATE_USE * len(sample.strip()):
        return f"{odd / len(sample.strip()):.0%} of its characters are glyph codes"
    raw = sample.split()
    # Symbol-only tokens ("??", "}@") are glyph codes too, unless they are ordinary marks.
    symbols = sum(1 for t in raw if not any(c.isalnum() for c in t) and set(t) - _COMMON_MARKS)
    tokens = [_TOKEN_EDGE.sub("", t) for t in raw]
    tokens = [t for t in tokens if t and not _NUMBERISH.match(t)]
    if len(tokens) + symbols >= _MIN_WORDS:
        mangled = symbols + sum(1 for t in tokens if _is_mangled(t))
        tokens += [""] * symbols
        if mangled > MAX_MANGLED_TOKENS * len(tokens):
            return f"{mangled / len(tokens):.0%} of its words mix letters with symbols"
    accented = [t for t in tokens if t.isalpha() and not t.isascii()]
    if len(accented) >= _MIN_WORDS:
        valid = sum(1 for t in accented if is_vietnamese_syllable(t))
        if valid < MIN_VALID_SYLLABLES * len(accented):
            share = valid / len(accented)
            return f"only {share:.0%} of its accented words are Vietnamese syllables"
    return None


def _is_mangled(token: str) -> bool:
    """Letters mixed with symbols or digits inside one word: "7K{QJ", "Ò¸Ñ¿" (but not
    "578/Ngày", "KL-TU", "(nay")."""
    return any(not (piece.isalpha() or piece.isdigit()) for piece in _JOINERS.split(token) if piece)


@functools.cache
def _ocr_available() -> bool:
    import pymupdf

    if shutil.which("tesseract") is None:
        return False
    try:
        tessdata = pymupdf.get_tessdata()
    except (RuntimeError, OSError) as exc:  # no tessdata folder can be located
        log.debug("OCR unavailable: %s", exc)
        return False
    return bool(tessdata) and (Path(tessdata) / "vie.traineddata").is_file()


def _ocr_text(doc) -> str:
    pages = []
    for page in doc:
        try:
            textpage = page.get_textpage_ocr(language="vie", full=True, dpi=300)
            pages.append(page.get_text(textpage=textpage).rstrip("\n"))
        except Exception as error:  # MuPDF and tesseract errors alike: OCR failed (chained)
            raise ScannedPdf(
                f"OCR failed on page {page.number + 1}: {_short_reason(error)}"
            ) from error
    if not any(page.strip() for page in pages):
        raise ScannedPdf("OCR found no text")
    return "\n\n".join(pages)


# --- Word ------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .doc, and password-protected .docx
# A .docx is a zip: its parts are checked by their declared sizes before anything is inflated
# (Python's zipfile never inflates past a part's declared size). The largest notice .docx seen
# expands to under 5 MB of XML; python-docx holds ~8x the XML size in memory, so 64 MB keeps a
# document under ~0.5 GB. Deflate tops out near 1032:1; real Word parts stay under 300:1 even
# for 30,000 one-letter paragraphs, so a larger part with a higher ratio is a zip bomb.
DOCX_MAX_EXPANDED_BYTES = 64_000_000
DOCX_MAX_RATIO = 500
_RATIO_MIN_BYTES = 1_000_000  # tiny parts can have any ratio without costing anything


def _docx_text(data: bytes) -> str:
    """Paragraphs and tables in document order: one paragraph or table row per line, a blank
    line between them; table cells are separated by " | "."""
    import docx
    from docx.text.paragraph import Paragraph

    if data.startswith(_OLE_MAGIC):
        raise CorruptFile(
            "Word .docx", "it is an old .doc or a password-protected file: save it as .docx"
        )
    _check_zip_sizes(data)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.append(item.text)
            else:
                blocks.extend(_table_rows(item))
    except Exception as error:  # zipfile, lxml and python-docx all raise their own types
        raise CorruptFile("Word .docx", _short_reason(error)) from error
    return "\n\n".join(block for block in blocks if block.strip())


def _check_zip_sizes(data: bytes) -> None:
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise CorruptFile("Word .docx", _short_reason(error)) from error
    expanded = sum(part.file_size for part in parts)
    if expanded > DOCX_MAX_EXPANDED_BYTES:
        raise CorruptFile(
            "Word .docx",
            f"it would expand to {expanded / _MB:,.0f} MB, over the "
            f"{DOCX_MAX_EXPANDED_BYTES / _MB:g} MB a notice can hold: a zip bomb or not a notice",
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_MIN_BYTES and ratio > DOCX_MAX_RATIO:
            raise CorruptFile(
                "Word .docx",
                f"its part {part.filename} is compressed {ratio:,.0f} to 1, "
                f"over {DOCX_MAX_RATIO}:1: a zip bomb",
            )


def _table_rows(table) -> list[str]:
    from docx.text.paragraph import Paragraph

    rows = []
    seen = set()  # merged cells come back once per grid column / row they span
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            parts = []
            for item in cell.iter_inner_content():
                if isinstance(item, Paragraph):
                    parts.append(item.text)
                else:
                    parts.extend(_table_rows(item))
            cells.append(" ".join(part.strip() for part in parts if part.strip()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


# --- HTML ------------------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "caption", "section", "article", "header", "footer", "nav", "main", "aside",
    "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "form",
}  # fmt: skip


def _html_text(data: bytes) -> tuple[str, str]:
    """Main text via trafilatura (tables kept); the whole visible text when it finds none."""
    html, encoding = _decode_html(data)
    html = _XML_DECLARATION_RE.sub("", html)  # lxml refuses str input with an encoding declaration
    text = _trafilatura_text(html) or _lxml_text(html)
    if not text.strip():
        depth = _nesting_depth(html)
        if depth > HTML_PARSER_MAX_DEPTH and _TAG_RE.sub(" ", html).strip():
            raise CorruptFile(
                "HTML",
                f"its text is nested {depth:,} elements deep; the HTML parser reads at most "
                f"{HTML_PARSER_MAX_DEPTH} levels and drops the rest",
            )
    return text, encoding


# libxml2 (under lxml and trafilatura) stops building the tree past 255 nested elements and
# silently drops what is inside (its documented default without XML_PARSE_HUGE).
HTML_PARSER_MAX_DEPTH = 255
_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*?(/?)>")
_VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param",
}  # fmt: skip


def _nesting_depth(html: str) -> int:
    """The deepest element nesting in `html`, counted from its tags (no tree is built)."""
    depth = deepest = 0
    for match in _TAG_RE.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _decode_html(data: bytes) -> tuple[str, str]:
    match = _META_CHARSET_RE.search(data[:4096])
    if match and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = match.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(declared)
            return unicodedata.normalize("NFC", data.decode(declared)), declared
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong declaration: detect instead
    return decode_bytes(data)


def _trafilatura_text(html: str) -> str:
    import trafilatura

    try:
        return trafilatura.extract(html, include_tables=True, favor_recall=True) or ""
    except Exception:  # noqa: BLE001 - trafilatura passes on lxml's and its own error types
        # A page trafilatura cannot parse still has text for the lxml fallback.
        log.debug("trafilatura could not read the page; using the lxml fallback", exc_info=True)
        return ""


def _lxml_text(html: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.LxmlError, ValueError) as error:
        raise CorruptFile("HTML", _short_reason(error)) from error
    for element in root.xpath("//script | //style | //noscript | //template | //head"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
