# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import api, fields, models

ALLOW_API_KEYS_PARAM = "portal.allow_api_keys"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    portal_allow_api_keys = fields.Boolean(
        string="Customer API Keys",
        compute="_compute_portal_allow_api_keys",
        inverse="_inverse_portal_allow_api_keys",
    )

    def _compute_portal_allow_api_keys(self):
        allowed = self.env["ir.config_parameter"].sudo().get_param(ALLOW_API_KEYS_PARAM)
        for settings in self:
            settings.portal_allow_api_keys = allowed

    def _inverse_portal_allow_api_keys(self):
        # Saving False deletes the parameter, which is what "not allowed" means.
        self.env["ir.config_parameter"].sudo().set_param(
            ALLOW_API_KEYS_PARAM, self.portal_allow_api_keys
        )

    @api.model
    def get_values(self):
        """Add whether portal users may create API keys to the settings values."""
        values = super().get_values()
        values["portal_allow_api_keys"] = bool(
            self.env["ir.config_parameter"].sudo().get_param(ALLOW_API_KEYS_PARAM)
        )
        return values
