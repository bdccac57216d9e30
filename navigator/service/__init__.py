"""Application services: one module per use case that owns its transaction."""
