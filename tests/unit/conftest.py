"""Unit-test set-up: each test starts without compiled duration readers."""

import pytest

from kb.checks import durations


@pytest.fixture(autouse=True)
def fresh_duration_readers():
    """durations.reader is cached per language for the build; clearing it before each test makes each
    test compile the readers it uses, so its result never depends on which test ran first, and
    `make mutate` (which runs, for a mutant, the tests that reached its function) sees every test that
    reads durations reach the reader's parts."""
    durations.reader.cache_clear()
    yield
