# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import api, models, tools
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """Serve the portal's translations to front-end pages as well."""
        return [*super()._get_translation_frontend_modules_name(), "portal"]

    @classmethod
    def _get_default_lang(cls):
        """Return the default language as ``http_routing`` does, from a cached lookup.

        ``http_routing`` searches ``ir.default`` for the default language of new contacts on
        every front-end request (two queries on each portal page). Defaults change rarely,
        and every change of ``ir.default`` empties the registry's caches.
        """
        lang_code = request.env["ir.http"]._get_default_partner_lang_code()
        if lang_code:
            return request.env["res.lang"]._get_data(code=lang_code)
        # No default language: the first active one, as http_routing falls back to.
        return next(iter(request.env["res.lang"]._get_active_by("code").values()))

    @api.model
    @tools.ormcache()
    def _get_default_partner_lang_code(self):
        """Return the language code set as the default of every contact, or None."""
        return self.env["ir.default"].sudo()._get("res.partner", "lang")
