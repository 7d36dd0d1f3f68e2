"""Subcommands of the ``quartier`` CLI, one module per area (see ``quartier.cli``)."""
