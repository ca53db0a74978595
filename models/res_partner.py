# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _can_edit_name(self):
        """Tell whether the contact may change its own name from the portal.

        Addons that issue legal documents to the contact restrict it.
        """
        self.ensure_one()
        return True

    def can_edit_vat(self):
        """Tell whether the contact may change its tax id from the portal.

        Only a commercial entity owns its tax id: a contact of a company may not change it.
        """
        self.ensure_one()
        return not self.parent_id
