# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "portal_assets")
class TestBackendAssets(HttpCase):
    """The portal's modules in shared bundles must load in the back office too."""

    def test_back_office_loads_with_test_assets(self):
        """The web client with web.assets_tests starts without missing or broken modules."""
        # Any module error (a tour importing a frontend-only module, say) is logged by the
        # browser as an error, which fails browser_js.
        self.browser_js("/odoo", "console.log('test successful')", "odoo.isReady", login="admin")
