"""The one reader of directory/neighbourhoods.yaml: SPEC section 3's 3 areas, 12
neighbourhoods and 32 wards (ids verbatim, ward GSS codes and centroids).

Every module that needs the city's geography (the gazetteer, search centroids, importers,
staff summaries, the editor's choices, training, the derive scripts, tests) asks this one,
so the file's shape is known in one place.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from navigator.paths import DIRECTORY_DIR

NEIGHBOURHOODS_FILE = "neighbourhoods.yaml"


def load_neighbourhoods(directory: str | Path | None = None) -> dict:
    """The parsed file: {"areas": [...], "neighbourhoods": [...], "wards": [...]}.

    Read afresh on each call (callers that need it often cache what they derive from it).
    """
    base = Path(directory) if directory else DIRECTORY_DIR
    return yaml.safe_load((base / NEIGHBOURHOODS_FILE).read_text(encoding="utf-8"))
