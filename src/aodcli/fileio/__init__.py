"""General file I/O, apart from the store: what sync, packs, search and the fast path share.

- :mod:`.regular`: the one bounded reader of regular files (``os``, ``stat`` and
  ``errno`` only, so the fast path can use it);
- :mod:`.cachefile`: the disposable files in ``<data dir>/cache/``;
- :mod:`.ops`: the fault seam, every call that changes a file (and the lock), which
  tests swap to inject faults;
- :mod:`.atomic`: synced temp file + ``os.replace``, through that seam (the store's
  commit and sync's files);
- :mod:`.phrase`: the words of a file's problem that are data (English in ``--json``)
  and a sentence for people (translated) at once.

Files the user names (``aod import FILE``, ``aod export -o``) are read and written by
:mod:`aodcli.safeio`. This package imports nothing on its own: import the module you need.
"""
