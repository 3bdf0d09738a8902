"""``python -m parley`` runs the command line."""

from parley.cli.app import main

main()
