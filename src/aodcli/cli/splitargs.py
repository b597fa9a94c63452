"""Click's ``split_arg_string`` (``click.shell_completion``), for the fast path.

How Click splits the command line a shell hands to completion: as
:func:`shlex.split`, but an unfinished quote or escape keeps the partial word.
The fast path (:mod:`aodcli.fastpath`) must split exactly alike without importing
Click; ``tests/startup/test_fastpath.py`` compares the two on many lines.
"""

from __future__ import annotations


def split_arg_string(string: str) -> list[str]:
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out: list[str] = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:  # an unfinished quote or escape: the partial word as it is
        out.append(lex.token)
    return out
