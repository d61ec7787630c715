"""Every path of cirebon-2019.feature, scenario by scenario, on SQLite and on PostgreSQL."""

import pytest
from pytest_bdd import scenarios

# Named here, not only inside the steps, so the store parametrization (SQLite, PostgreSQL) applies.
pytestmark = pytest.mark.usefixtures("sop")

scenarios("sop/cirebon-2019.feature")
