"""Ingest pipeline: notices on disk into the cited Chroma store."""
