"""The exit codes and the two errors every command may raise (below the commands and `newsdesk.cli`,
which dispatches to them: a command module importing the package it is run from made a circle)."""

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A usage or configuration problem: exit code 2."""


class CommandError(Exception):
    """The command's own failure: exit code 1."""
