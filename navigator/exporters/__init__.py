"""Exporters: the directory in open formats (Open Referral UK JSON in oruk.py)."""
