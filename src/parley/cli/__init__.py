"""The command line: ``parley`` and its commands (Typer), built on the public API of the packages below."""

from parley.cli.app import app, main

__all__ = ["app", "main"]
