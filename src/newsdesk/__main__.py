"""`python -m newsdesk` is the same as the `newsdesk` command."""

from newsdesk.cli import run

if __name__ == "__main__":  # not when imported (e.g. by multiprocessing's spawn/forkserver)
    run()
