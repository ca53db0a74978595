# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models
from odoo.tools import is_html_empty, lazy


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _prepare_frontend_environment(self, values):
        """Give front-end templates the helpers and context values the portal pages use.

        :param dict values: rendering values, updated in place
        :return: the ``ir.qweb`` to render with, as returned by ``super()``
        """
        irqweb = super()._prepare_frontend_environment(values)
        values["is_html_empty"] = is_html_empty
        values["frontend_languages"] = lazy(lambda: irqweb.env["res.lang"]._get_frontend())
        for key, value in irqweb.env.context.items():
            values.setdefault(key, value)
        return irqweb
