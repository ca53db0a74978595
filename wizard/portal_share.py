# Part of the clean-room Customer Portal addon. License LGPL-3.
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


def _is_record_id(value):
    """Tell whether ``value`` is a number that can be the id of a stored record."""
    # bool is a subclass of int, but True is no more an id than a list is
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


class PortalShare(models.TransientModel):
    """Send contacts a personal link to a portal document, with an optional note."""

    _name = "portal.share"
    _description = "Portal Sharing"

    res_model = fields.Char(string="Related Document Model", required=True)
    res_id = fields.Integer(string="Related Document ID", required=True)
    resource_ref = fields.Reference(
        selection="_selection_target_model",
        string="Related Document",
        compute="_compute_resource_ref",
    )
    partner_ids = fields.Many2many("res.partner", string="Recipients", required=True)
    note = fields.Text(help="Extra text shown to the recipients in the e-mail.")
    share_link = fields.Char(string="Link", compute="_compute_share_link")
    access_warning = fields.Text(string="Access warning", compute="_compute_access_warning")

    @api.model
    def default_get(self, fields):
        """Fill the document from the context, and its link when the document is known.

        A context that does not name one document (a list of ids, a string, a model name
        that is not text...) is ignored: the wizard then opens on no document, without link.
        """
        result = super().default_get(fields)
        active_model = self.env.context.get("active_model")
        active_id = self.env.context.get("active_id")
        result["res_model"] = active_model if isinstance(active_model, str) else False
        result["res_id"] = active_id if _is_record_id(active_id) else False
        if result["res_model"] and result["res_id"]:
            record = self._get_portal_record(result["res_model"], result["res_id"])
            if record:
                result["share_link"] = record.get_base_url() + record._get_share_url(redirect=True)
        return result

    # === COMPUTE METHODS === #

    @api.depends("res_model", "res_id")
    def _compute_resource_ref(self):
        for wizard in self:
            if wizard.res_model and wizard.res_model in self.env:
                wizard.resource_ref = f"{wizard.res_model},{wizard.res_id or 0}"
            else:
                wizard.resource_ref = None

    @api.depends("res_model", "res_id")
    def _compute_share_link(self):
        for wizard in self:
            record = self._get_portal_record(wizard.res_model, wizard.res_id)
            wizard.share_link = (
                record.get_base_url() + record._get_share_url(redirect=True) if record else False
            )

    @api.depends("res_model", "res_id")
    def _compute_access_warning(self):
        for wizard in self:
            record = self._get_portal_record(wizard.res_model, wizard.res_id)
            wizard.access_warning = record.access_warning if record else False

    @api.model
    def _selection_target_model(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    # === ACTION METHODS === #

    def action_send_mail(self):
        """E-mail each recipient its own link to the document and make it a follower.

        Recipients get the document's link, signed for them. When anyone may sign up
        (``b2c`` invitation scope) and the document has never been shared by token,
        recipients without a user get a sign-up link instead.

        :return: the action closing the dialog
        :raise UserError: when the document is not a portal document, cannot be shared as
            it is, or when there is no recipient
        """
        signup_open = self.env["res.users"].sudo()._get_signup_invitation_scope() == "b2c"
        # Each recipient gets a message of its own (its own link): queue their e-mails and
        # wake the mail queue, which sends them together a moment later in its own
        # transaction, rather than one sending round per recipient in the middle of the posts.
        messages = self.env["mail.message"]
        for wizard in self.with_context(mail_notify_force_send=False):
            record = wizard._check_shareable()
            has_token = "access_token" in record._fields and record.access_token
            if has_token or not signup_open:
                messages |= wizard._send_public_link()
            else:
                partners_with_user = wizard.partner_ids.filtered("user_ids")
                messages |= wizard._send_public_link(partners_with_user)
                messages |= wizard._send_signup_link(wizard.partner_ids - partners_with_user)
            record.message_subscribe(partner_ids=wizard.partner_ids.ids)
            _logger.info(
                "Document %s/%s shared with %s partner(s) by user %s",
                record._name,
                record.id,
                len(wizard.partner_ids),
                self.env.uid,
            )
        if messages:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return {"type": "ir.actions.act_window_close"}

    # === BUSINESS METHODS === #

    def _send_public_link(self, partners=None):
        """Post, for each partner, the message carrying its own signed link to the document.

        :param partners: recipients, the wizard's recipients by default
        :return: the messages posted
        :rtype: mail.message
        """
        self.ensure_one()
        if partners is None:
            partners = self.partner_ids
        record = self.resource_ref
        messages = self.env["mail.message"]
        for partner in partners:
            share_link = record.get_base_url() + record._get_share_url(
                redirect=True, pid=partner.id
            )
            messages |= self._post_share_message(partner, share_link)
        return messages

    def _send_signup_link(self, partners=None):
        """Post, for each partner, a message whose link signs it up before opening the document.

        :param partners: recipients, by default the wizard's recipients who have no user
        :return: the messages posted
        :rtype: mail.message
        """
        self.ensure_one()
        if partners is None:
            partners = self.partner_ids.filtered(lambda partner: not partner.user_ids)
        messages = self.env["mail.message"]
        for partner in partners:
            # Gives the partner a valid sign-up token when sign-up is open.
            partner.signup_get_auth_param()
            share_link = partner._get_signup_url_for_action(
                action="/mail/view", res_id=self.res_id, model=self.res_model
            )[partner.id]
            messages |= self._post_share_message(partner, share_link)
        return messages

    def _post_share_message(self, partner, share_link):
        """Post the share message addressed to ``partner`` alone, in the partner's language.

        :param partner: the recipient
        :param str share_link: the link the recipient follows
        :return: the message posted
        :rtype: mail.message
        """
        self.ensure_one()
        wizard = self.with_context(lang=partner.lang or self.env.lang)
        record = wizard.resource_ref
        model_description = wizard.env["ir.model"]._get(record._name).display_name
        return record.message_post_with_source(
            "portal.portal_share_template",
            render_values={
                "partner": partner,
                "note": wizard.note,
                "record": record,
                "share_link": share_link,
                "model_description": (model_description or "").lower(),
            },
            subject=wizard.env._(
                "You are invited to access %(document)s", document=record.display_name
            ),
            subtype_xmlid="mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
            partner_ids=partner.ids,
        )

    def _check_shareable(self):
        """Return the shared document after checking that it can be sent to the recipients.

        :raise UserError: when the document is not a portal document, shows an access
            warning, or when there is no recipient
        """
        self.ensure_one()
        record = self._get_portal_record(self.res_model, self.res_id)
        if not record:
            raise UserError(self.env._("This document does not exist or cannot be shared."))
        # The warning may depend on values changed since it was last read (for instance the
        # visibility of a project set just before sending).
        record.invalidate_recordset(["access_warning"])
        if record.access_warning:
            raise UserError(record.access_warning)
        if not self.partner_ids:
            raise UserError(self.env._("Add at least one recipient to share the document with."))
        return record

    @api.model
    def _get_portal_record(self, res_model, res_id):
        """Return the existing portal document ``res_model``/``res_id``, or None."""
        if not res_model or not res_id or res_model not in self.env:
            return None
        record = self.env[res_model].browse(res_id)
        if not isinstance(record, self.env.registry["portal.mixin"]) or not record.exists():
            return None
        return record
