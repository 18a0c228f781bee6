"""The build: what runs MkDocs and may import it (kb/internals.py holds every reach into its
code that is not a public interface); the rest of kb imports nothing from MkDocs."""
