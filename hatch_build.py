"""The wheel's build hook: compile the translation catalogs (``.po`` -> ``.mo``) with Babel.

The compiled catalogs are build products, never committed or edited by hand: this
hook writes them next to their ``.po`` sources (``src/aodcli/locale/``) for every
wheel, the editable one included, and ships them as artifacts. After editing a
``.po`` in a checkout, run ``python -m aodcli.i18n.catalogs compile`` (or install again).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        source = Path(self.root) / "src" / "aodcli" / "i18n" / "catalogs.py"
        spec = importlib.util.spec_from_file_location("_aodcli_catalogs", source)
        assert spec is not None and spec.loader is not None
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        for path in catalogs.compile_all():
            build_data["artifacts"].append(str(path.relative_to(self.root)))
