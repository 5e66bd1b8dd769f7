"""Answer engine: hybrid retrieval and cited answers over Vietnamese notices."""
