"""``python -m oncograph`` runs the CLI."""

from .cli import main

main()
