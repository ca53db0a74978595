# Part of the clean-room Customer Portal addon. License LGPL-3.
import hashlib
import hmac

from odoo import api, fields, models
from odoo.exceptions import MissingError

from ..utils import validate_thread_with_hash_pid, validate_thread_with_token

# Message types shown with a document on the website: discussions and e-mails, not the
# system notifications.
WEBSITE_MESSAGE_TYPES = ["comment", "email", "email_outgoing", "auto_comment"]


def _is_record_id(value):
    """Tell whether ``value`` can be the id of a record (a positive PostgreSQL integer).

    Strings of digits are accepted too: some callers pass the id as received in a form.
    """
    if isinstance(value, str) and value.isdecimal() and len(value) < 11:
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    _mail_post_token_field = "access_token"

    website_message_ids = fields.One2many(
        "mail.message",
        "res_id",
        string="Website Messages",
        domain=lambda self: [
            ("model", "=", self._name),
            ("message_type", "in", WEBSITE_MESSAGE_TYPES),
        ],
        auto_join=True,
        help="Communication history shown on the website",
    )

    # === BUSINESS METHODS - NOTIFICATIONS === #

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Give the customer of a portal document a button opening it in the portal.

        The document's customer gets its own ``portal_customer`` group, put first, whose
        button links to ``/mail/view`` with the access token and the customer's signature
        (plus sign-up or login parameters). Portal users get the access button too.
        """
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        if not self or not isinstance(self, self.env.registry["portal.mixin"]):
            return groups

        self.ensure_one()
        customer = self._mail_get_partners(introspect_fields=False)[self.id]
        if customer:
            customer = customer[0]
            link_values = dict(msg_vals or {})
            link_values.update(
                access_token=self._portal_ensure_token(),
                pid=customer.id,
                hash=self._sign_token(customer.id),
            )
            # The author may be a portal user, who may not read sign-up data.
            link_values.update(customer.sudo().signup_get_auth_param()[customer.id])
            access_link = self._notify_get_action_link("view", **link_values)
            customer_id = customer.id
            groups.insert(
                0,
                [
                    "portal_customer",
                    lambda pdata: pdata["id"] == customer_id,
                    {
                        "active": True,
                        "button_access": {"url": access_link},
                        "has_button_access": True,
                    },
                ],
            )

        for group_name, _predicate, group_data in groups:
            if group_name == "portal":
                group_data["active"] = True
                group_data["has_button_access"] = True
        return groups

    # === BUSINESS METHODS - PORTAL ACCESS === #

    def _sign_token(self, pid):
        """Sign the pair (document, partner) so the partner can act on the document's chatter.

        The signature is the hexadecimal HMAC-SHA256, keyed with the database secret, of the
        ``repr`` of ``(database name, document token, pid)``. Links already sent depend on
        this exact input: ``pid`` must be given as an ``int``.

        :param int pid: id of the partner the signature is for
        :return: the signature, 64 lowercase hexadecimal characters
        :rtype: str
        :raise NotImplementedError: when the model has no token field
        """
        self.ensure_one()
        token_field = self._mail_post_token_field
        if token_field not in self._fields:
            raise NotImplementedError(
                self.env._(
                    "Model %(model)s does not support token signature, as it does not have "
                    "the %(field)s field.",
                    model=self._name,
                    field=token_field,
                )
            )
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = repr((self._cr.dbname, self[token_field], pid))
        return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()

    def _portal_get_parent_hash_token(self, pid):
        """Return the signature of ``pid`` on the record this one is shared through.

        Models shared through a parent (a task through its project) return the parent's
        ``_sign_token(pid)``, so that the parent's links also open this record.

        :param int pid: id of the partner the signature is for
        :return: the parent's signature, or False when there is no such parent
        """
        return False

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Also grant access to the thread with its access token or a partner signature.

        :param int thread_id: id of the record
        :param str mode: access mode checked through the normal access rights
        :param kwargs: ``token``, or ``hash`` and ``pid``, sent by a portal visitor
        :return: the record (with sudo when the access comes from a token or signature),
            or an empty recordset
        """
        if not _is_record_id(thread_id):
            # Ids come from the client: anything else would fail in the database query.
            return self.browse()
        # Without the access right on the model, the normal rights grant no record: don't let
        # ``super()`` query the record only to refuse it.
        if self.browse().has_access(mode):
            thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
            if thread:
                return thread
        if not (kwargs.get("token") or (kwargs.get("hash") and kwargs.get("pid"))):
            return self.browse()
        thread_sudo = self.sudo().browse(thread_id)
        token_field = self._mail_post_token_field
        if token_field in self._fields:
            try:
                # Reading the token fetches the record, and tells whether it exists, in one query.
                thread_sudo.mapped(token_field)
            except MissingError:
                return self.browse()
        else:
            thread_sudo = thread_sudo.exists()
        if thread_sudo and (
            validate_thread_with_hash_pid(thread_sudo, kwargs.get("hash"), kwargs.get("pid"))
            or validate_thread_with_token(thread_sudo, kwargs.get("token"))
        ):
            return thread_sudo
        return self.browse()
