"""The web test world (two tenants, a user per role) for the security tests."""

from tests.web.conftest import front_end_assets, world  # noqa: F401  (fixtures)
