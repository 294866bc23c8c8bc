"""Shared shape of efop's management commands: `efop NOUN VERB [options]`."""

import argparse


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
