"""aodcli: a terminal episode guide and watch tracker for *All of Us Are Dead*."""

__version__ = "0.1.0"
