"""Fixtures of the supplier rules tests; the data is in :mod:`supplier_world`."""

import pytest
from supplier_world import make_resolver


@pytest.fixture
def resolver():
    return make_resolver()
