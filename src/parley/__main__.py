"""``python -m parley``: the same as the ``parley`` command."""

from parley.cli.app import main

main()
