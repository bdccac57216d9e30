"""Thin Flask blueprints, one per audience; each declares its access policy (web/access.py)."""
