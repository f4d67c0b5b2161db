"""``python -m services`` runs the ``releasebus`` command line."""

from services.cli import main

main()
