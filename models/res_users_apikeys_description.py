# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models
from odoo.exceptions import AccessError


class ResUsersApikeysDescription(models.TransientModel):
    _inherit = "res.users.apikeys.description"

    def check_access_make_key(self):
        """Also let portal users create API keys, when the settings allow it.

        :raise AccessError: when the current user may not create an API key
        """
        try:
            return super().check_access_make_key()
        except AccessError:
            if not self.env["ir.config_parameter"].sudo().get_param("portal.allow_api_keys"):
                raise
            if not self.env.user._is_portal():
                raise AccessError(
                    self.env._("Only internal and portal users can create API keys.")
                ) from None
        return None
