"""The service directory: profiles, opening hours, search ranking and the ORUK vocabulary."""
