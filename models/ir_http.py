# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """Serve the portal's translations to front-end pages as well."""
        return [*super()._get_translation_frontend_modules_name(), "portal"]
