"""Thin Flask blueprints, one per audience; create_app registers each with its access policy
(web/access.py)."""
