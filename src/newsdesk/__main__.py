"""`python -m newsdesk` is the same as the `newsdesk` command."""

from newsdesk.cli import main

raise SystemExit(main())
