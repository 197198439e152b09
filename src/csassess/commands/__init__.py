"""CLI commands kept apart from `csassess.cli`, each module registering on its `app`."""
