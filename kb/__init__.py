"""The Kestrel help center's own logic: checks, facts and language data.

Nothing in this package imports MkDocs or touches the disk outside the
functions named `load_*`: the build hooks in `hooks/` and the `kb` command call
it with plain data, and the tests call it directly.
"""
