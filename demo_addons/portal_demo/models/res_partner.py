# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _has_posted_demo_document(self):
        """Whether the commercial entity of this partner was issued a posted document.

        Once a document is posted, the customer's fiscal identity is frozen, the way an
        invoicing addon freezes it after the first invoice.
        """
        self.ensure_one()
        if not self.id:
            return False
        commercial = self.commercial_partner_id
        return bool(
            self.env["portal.demo.document"]
            .sudo()
            .search_count(
                [
                    ("partner_id.commercial_partner_id", "=", commercial.id),
                    ("state", "=", "posted"),
                ],
                limit=1,
            )
        )

    def can_edit_vat(self):
        """Refuse VAT (and country) changes once a posted document exists."""
        return super().can_edit_vat() and not self._has_posted_demo_document()

    def _can_edit_name(self):
        """Refuse name changes once a posted document exists."""
        return super()._can_edit_name() and not self._has_posted_demo_document()
