"""The `efop` console entry point: every efop and Django management command.

`efop lheo import FILE --source GRETA` runs the `lheo` management command with its `import`
sub-command; `efop migrate` or `efop createsuperuser` run Django's own.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["efop", *args])


if __name__ == "__main__":
    main()
