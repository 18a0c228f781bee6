"""`python -m kb`: the kb command."""

from kb.authoring.cli import main

raise SystemExit(main())
