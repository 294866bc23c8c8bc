"""Shared shape of efop's management commands: `efop NOUN VERB [options]`."""

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


def add_subcommand(subparsers, name: str, **kwargs) -> argparse.ArgumentParser:
    """A sub-command that also accepts -v/--verbosity after its own arguments (`efop lheo import F -v0`)."""
    parser = subparsers.add_parser(name, **kwargs)
    parser.add_argument(
        "-v",
        "--verbosity",
        type=int,
        choices=[0, 1, 2, 3],
        default=argparse.SUPPRESS,
        help="0 : silencieux (sans barre de progression), 1 : normal, 2-3 : détaillé.",
    )
    return parser


@dataclass(frozen=True)
class Subcommand:
    """One `efop NOUN VERB` declared by the module of its domain: `add_arguments(parser)` adds its
    options, `handle(command, **options)` runs it (raise CommandError to refuse)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handle: Callable[..., None]


def add_subcommands(parser, modules: tuple[str, ...]) -> dict[str, Subcommand]:
    """Add the `SUBCOMMANDS` of each module (dotted path) to `parser`; returns them by name."""
    found = {
        subcommand.name: subcommand for module in modules for subcommand in import_module(module).SUBCOMMANDS
    }
    sub = parser.add_subparsers(dest="action", required=True, metavar="{" + ",".join(found) + "}")
    for subcommand in found.values():
        subcommand.add_arguments(add_subcommand(sub, subcommand.name, help=subcommand.help))
    return found
