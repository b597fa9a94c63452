"""The command table of the fast path, made from the built Click command tree.

The fast path (:mod:`aodcli.fastpath`) completes command names, option names and
values without building the CLI; it reads ``fastpath/table.py``, which this
module writes from the real command tree::

    python -m aodcli.cli.cmdtable      # rewrite src/aodcli/fastpath/table.py

``tests/startup/test_fastpath.py`` fails when the table and the tree differ (a new
command, option or completer), naming this command.
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path
from typing import Any

from . import complete
from .session import _complete_profiles

#: The completers the fast path knows, by name (see ``candidates.py``).
COMPLETERS: dict[Any, str] = {
    complete.specs: "specs",
    complete.seasons: "seasons",
    complete.people: "people",
    complete.characters: "characters",
    complete.search_kinds: "search_kinds",
    complete.profiles: "profiles",
    _complete_profiles: "profiles",
}


def _completer(param: Any) -> Any:
    """How ``param``'s values complete: a name, ("choices", words), or None (not known here)."""
    info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
    fn = getattr(info, "autocompletion", None)
    if fn is None:
        return None
    if fn in complete.CHOICE_WORDS:
        return ("choices", complete.CHOICE_WORDS[fn])
    return COMPLETERS.get(fn)


def table(group: Any) -> dict[str, Any]:
    """``{command path: entry}`` for every command under ``group`` ("" is the root)."""
    from typer._click.core import Context

    out: dict[str, Any] = {}

    def walk(cmd: Any, path: str, parent: Any) -> None:
        settings = dict(getattr(cmd, "context_settings", None) or {})  # as make_context applies them: -h
        ctx = Context(cmd, info_name=path.rsplit(" ", 1)[-1] or "aod", parent=parent, **settings)
        subs: dict[str, Any] | None = getattr(cmd, "commands", None)
        entry: dict[str, Any] = {
            "group": subs is not None,
            "commands": [n for n in cmd.list_commands(ctx) if not subs[n].hidden] if subs is not None else [],
            "options": [],
            "arguments": [],
        }
        for param in cmd.get_params(ctx):
            if param.param_type_name == "option":
                entry["options"].append(
                    {
                        # Click keeps the help option's names in a set: their order changes from run to run
                        "opts": tuple(sorted(param.opts)) if param.name == "help" else tuple(param.opts),
                        "secondary": tuple(param.secondary_opts),
                        "flag": bool(param.is_flag or param.count),
                        "nargs": param.nargs,
                        "multiple": bool(param.multiple),
                        "hidden": bool(param.hidden),
                        "complete": _completer(param),
                    }
                )
            else:
                entry["arguments"].append({"nargs": param.nargs, "complete": _completer(param)})
        # What a Tab on a command or option name shows beside it (zsh, fish): Click's own items.
        items = [*cmd.shell_complete(ctx, ""), *cmd.shell_complete(ctx, "-")]
        entry["help"] = dict(sorted((item.value, item.help) for item in items if item.help))  # Click: a set
        out[path] = entry
        for name in entry["commands"]:
            assert subs is not None
            walk(subs[name], f"{path} {name}".strip(), ctx)

    walk(group, "", None)
    return out


def source(group: Any) -> str:
    from ..cachekeys import cli_signature

    return (
        '"""The command table of the fast path: written by ``python -m aodcli.cli.cmdtable``, do not edit."""\n\n'
        "from __future__ import annotations\n\n"
        "TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from typing import Any\n\n"
        "#: The CLI source the table was written from (``cachekeys.cli_signature``): the fast path checks it.\n"
        f"SOURCE = {cli_signature()!r}\n"
        f"TABLE: dict[str, Any] = {pprint.pformat(table(group), width=110, sort_dicts=False)}\n"
    )


def main() -> None:
    from typer.main import get_command

    from .app import app

    target = Path(__file__).resolve().parent.parent / "fastpath" / "table.py"
    target.write_text(source(get_command(app)), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
