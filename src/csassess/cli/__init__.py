"""The command line: the only package that imports typer and rich.

`app` puts the command groups together; `output` holds the consoles, exit codes and the
library-error -> one-line-message mapping; every other module declares one group of commands
and calls the library for each.
"""
