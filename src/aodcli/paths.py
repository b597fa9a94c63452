"""The one place that knows where files live.

User files: ``AOD_DATA_DIR`` if set, else platformdirs' user data dir for
``aodcli``. Nothing is created here; the store creates the folder on its first
write. Bundled data: ``aodcli/data`` inside an installed wheel, or the
checkout's top-level ``data/`` for an editable install.
"""

from __future__ import annotations

import os
from pathlib import Path

STORE_NAME = "store.json"


def data_dir() -> Path:
    """Folder for the user's progress store (not created here)."""
    override = os.environ.get("AOD_DATA_DIR")
    if override:
        folder = Path(override).expanduser()
        if not folder.is_absolute():  # each folder aod runs in would get a store (and a cache) of its own
            from .errors import UsageError
            from .i18n import _

            raise UsageError(
                _("AOD_DATA_DIR ({folder}) is a relative path: give a full path, e.g. AOD_DATA_DIR={full}").format(
                    folder=override, full=os.path.abspath(folder)
                )
            )
        _must_be_a_folder(folder)
        return folder
    from platformdirs import user_data_dir

    return Path(user_data_dir("aodcli", appauthor=False))


def _must_be_a_folder(folder: Path) -> None:
    """``AOD_DATA_DIR`` naming a file (or a path through one) is a setting to fix, said once.

    One ``stat`` per level (the nearest that exists decides), so a folder that
    another ``aod`` creates at this very moment is never taken for a file.
    """
    import stat

    for place in (folder, *folder.parents):
        try:
            mode = os.stat(place).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # not there yet (the first write creates it), or under a file (its parent says so)
        except OSError:
            return  # cannot tell: the store's own checks will say
        if stat.S_ISDIR(mode):
            return
        from .errors import StoreError
        from .i18n import _

        raise StoreError(
            _(
                "AOD_DATA_DIR ({folder}) is not a folder: {place} is a file; point AOD_DATA_DIR at a folder "
                "(aod creates it on the first write) or unset it"
            ).format(folder=folder, place=place)
        )


def store_path() -> Path:
    return data_dir() / STORE_NAME


def bundled_data_dir() -> Path:
    """The bundled ``data/`` folder: in the wheel, or in the checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    if (installed / "packs.json").is_file():
        return installed
    checkout = here.parent.parent / "data"
    if (checkout / "packs.json").is_file():
        return checkout
    from .errors import PackError
    from .i18n import _

    raise PackError(
        _(
            "bundled show data not found (looked in {installed} and {checkout}); reinstall aodcli or pass --show PATH"
        ).format(installed=installed, checkout=checkout)
    )


def cache_dir() -> Path:
    """Disposable caches (e.g. which data packs are known valid): ``<data dir>/cache``."""
    return data_dir() / "cache"
