# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Make sure the tests exercise this repository's portal, not another copy of it."""

import os

import pytest

REPOSITORY = os.path.realpath(os.path.join(os.path.dirname(__file__), os.pardir))


@pytest.fixture(autouse=True, scope="session")
def _portal_is_this_repository():
    # Imported here: pytest-odoo sets Odoo up only once the session starts.
    import odoo.addons.portal as loaded_portal

    loaded = os.path.realpath(os.path.dirname(loaded_portal.__file__))
    if loaded != REPOSITORY:
        pytest.exit(f"Odoo loaded portal from {loaded}, not from {REPOSITORY}", returncode=2)
