"""Click's usage errors in aod's words, in the interface language.

Typer's bundled Click writes its usage errors in English, with no catalog. Each
one aod can meet is matched here against Click's English (:data:`WORDS`, one
table) and said again through the catalog, in aod's style (lower case first,
"whole number" for "valid integer"). A message no pattern matches is shown as
Click wrote it.
"""

from __future__ import annotations

import re

from ..i18n import N_, _

#: (Click's English, aod's message id). The named groups are the message's placeholders.
WORDS: tuple[tuple[str, str], ...] = (
    (
        r"No such option: (?P<option>.+?) \(Possible options: (?P<options>.+)\)",
        N_("no such option: {option} (did you mean one of {options}?)"),
    ),
    (r"No such option: (?P<option>.+)", N_("no such option: {option}")),
    (r"No such command '(?P<command>.*)'\.", N_("no such command {command!r}")),
    (r"Missing command\.", N_("missing command")),
    (r"Missing argument '(?P<name>[^']*)'\.(?: .*)?", N_("missing argument {name}")),
    (r"Missing option '(?P<name>[^']*)'\.(?: .*)?", N_("missing option {name}")),
    (r"Option '(?P<option>[^']*)' requires an argument\.", N_("option {option} needs a value")),
    (r"Option '(?P<option>[^']*)' requires (?P<count>\d+) arguments\.", N_("option {option} needs {count} values")),
    (r"Option '(?P<option>[^']*)' does not take a value\.", N_("option {option} takes no value")),
    (r"Got unexpected extra arguments? ?\(?s?\)? \((?P<args>.*)\)", N_("unexpected extra argument(s): {args}")),
    (
        r"Invalid value for (?P<param>'[^']*'(?: / '[^']*')*): '(?P<value>.*)' is not a valid integer\.?",
        N_("invalid value for {param}: {value!r} is not a whole number"),
    ),
    (r"Invalid value for (?P<param>'[^']*'(?: / '[^']*')*): (?P<reason>.*)", N_("invalid value for {param}: {reason}")),
    (r"Invalid value: (?P<reason>.*)", N_("invalid value: {reason}")),
)

_COMPILED = [(re.compile(pattern, re.S), message) for pattern, message in WORDS]


def say(message: str) -> str:
    """Click's usage error ``message`` in aod's words and the interface language."""
    for pattern, ours in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            fields = {k: v for k, v in found.groupdict().items() if v is not None}
            if "param" in fields:
                fields["param"] = fields["param"].replace("' / '", "/")  # '--season/-s'
            return _(ours).format(**fields)
    return message[:1].lower() + message[1:]
