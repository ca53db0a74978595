# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import api, fields, models


class PortalDemoDocument(models.Model):
    """A minimal customer document shown in the portal, used to exercise the portal's hooks."""

    _name = "portal.demo.document"
    _description = "Portal Demo Document"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "date desc, id desc"
    # Customers who can read a document may comment on it, as they can on a sales order.
    _mail_post_access = "read"

    name = fields.Char(string="Reference", required=True, default="New", tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    amount = fields.Monetary(currency_field="currency_id", tracking=True)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id", readonly=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # Filled when the customer accepts a draft document by signing it on its portal page.
    signature = fields.Image(copy=False, attachment=True, max_width=1024, max_height=1024)
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False)

    @api.depends("name")
    def _compute_access_url(self):
        """Point each document to its page under /my/demo_documents."""
        for document in self:
            document.access_url = f"/my/demo_documents/{document.id}"

    def _has_to_be_signed(self):
        """Whether the document waits for its customer's approval: a draft not signed yet."""
        self.ensure_one()
        # signed_on rather than the image: reading the image costs a query on its attachment.
        return self.state == "draft" and not self.signed_on

    def _get_report_base_filename(self):
        """Name of the downloaded report file, also used by the portal's HTTP headers."""
        self.ensure_one()
        return f"Demo Document {self.name}"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_post(self):
        """Issue the documents to their customers."""
        self.write({"state": "posted"})

    def action_cancel(self):
        """Cancel the documents."""
        self.write({"state": "cancel"})

    def action_draft(self):
        """Put the documents back in draft."""
        self.write({"state": "draft"})

    def preview_demo_document(self):
        """Open the document's customer page, as its customer sees it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.get_portal_url(),
            "target": "self",
        }
