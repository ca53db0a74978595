# Part of the clean-room Customer Portal addon. License LGPL-3.
import ast
import uuid

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import AccessError


def _url_action(record, url):
    """Return the action opening ``url`` in the current tab for ``record``."""
    return {
        "type": "ir.actions.act_url",
        "url": url,
        "target": "self",
        "res_id": record.id,
    }


class PortalMixin(models.AbstractModel):
    _name = "portal.mixin"
    _description = "Portal Mixin"

    access_url = fields.Char(
        string="Portal Access URL",
        compute="_compute_access_url",
        help="Customer Portal URL",
    )
    access_token = fields.Char(string="Security Token", copy=False)
    access_warning = fields.Text(string="Access warning", compute="_compute_access_warning")

    def _compute_access_url(self):
        """Give every record the placeholder URL; document models set their portal path."""
        # One assignment for the whole batch: a list of documents computes it for each.
        self.access_url = "#"

    def _compute_access_warning(self):
        """Leave the warning empty; models that restrict sharing explain why here."""
        self.access_warning = ""

    def _portal_ensure_token(self):
        """Return the record's access token, creating it first when there is none.

        The token is written with sudo so that anybody who may read the document (a portal
        customer opening it, a user notifying its customer) can get a shareable link. An
        existing token is never replaced: links already sent keep working.

        :return: the access token
        :rtype: str
        """
        self.ensure_one()
        if not self.access_token:
            # uuid4 draws from os.urandom, so the token cannot be guessed.
            self.sudo().write({"access_token": str(uuid.uuid4())})
        return self.access_token

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        """Build the relative link that opens this document for an external person.

        :param bool redirect: go through ``/mail/view`` (which picks the right page for the
            visitor) instead of the document's portal page
        :param bool signup_partner: add the sign-up or login parameters of the document's
            partner, so that following the link can create or log into an account
        :param int pid: id of the partner the link is meant for; the link then carries the
            partner id and its signature
        :param bool share_token: add the document's access token
        :return: the URL, without scheme or host
        :rtype: str
        """
        self.ensure_one()
        params = {}
        if redirect:
            params["model"] = self._name
            params["res_id"] = self.id
        if share_token and "access_token" in self._fields:
            params["access_token"] = self._portal_ensure_token()
        if pid:
            params["pid"] = pid
            params["hash"] = self._sign_token(pid)
        partner = self["partner_id"] if "partner_id" in self._fields else False
        if signup_partner and partner:
            params.update(partner.signup_get_auth_param()[partner.id])
        path = "/mail/view" if redirect else self.access_url
        return f"{path}?{url_encode(params)}"

    def _get_access_action(self, access_uid=None, force_website=False):
        """Send external users (or anyone when ``force_website``) to the portal page.

        :param int access_uid: id of the user the action is computed for, when it is not
            the current user
        :param bool force_website: prefer the portal page even for internal users
        :return: an ``ir.actions.act_url`` to the portal page when the user may read the
            document there, otherwise the back-end action of ``super()``
        :rtype: dict
        """
        self.ensure_one()
        user, record = self.env.user, self
        if access_uid:
            try:
                record.check_access("read")
            except AccessError:
                return super()._get_access_action(
                    access_uid=access_uid, force_website=force_website
                )
            user = self.env["res.users"].sudo().browse(access_uid)
            record = self.with_user(user)
        if user.share or force_website:
            try:
                record.check_access("read")
            except AccessError:
                if force_website:
                    return _url_action(record, record.access_url)
            else:
                return _url_action(record, record._get_share_url())
        return super()._get_access_action(access_uid=access_uid, force_website=force_website)

    @api.model
    def action_share(self):
        """Open the wizard sharing the active document by e-mail.

        :return: the ``portal.portal_share_action`` window action, bound to the document
            named by ``active_model`` and ``active_id`` in the context
        :rtype: dict
        :raise KeyError: when the context does not name the active document
        """
        action = self.env["ir.actions.actions"]._for_xml_id("portal.portal_share_action")
        stored_context = action.get("context") or {}
        if isinstance(stored_context, str):
            stored_context = ast.literal_eval(stored_context)
        action["context"] = {
            "active_id": self.env.context["active_id"],
            "active_model": self.env.context["active_model"],
            **stored_context,
        }
        return action

    def get_portal_url(
        self, suffix=None, report_type=None, download=None, query_string=None, anchor=None
    ):
        """Return the portal path of the document, access token included.

        The pieces are glued as given, without any encoding: ``query_string`` is appended
        verbatim, so callers supply their own leading ``&``.

        :param str suffix: path appended to the document's URL (``/transaction``...)
        :param str report_type: ``html``, ``pdf`` or ``text``
        :param bool download: ask the report to be downloaded instead of displayed
        :param str query_string: extra query string, appended as is
        :param str anchor: fragment to scroll to
        :return: the relative URL
        :rtype: str
        """
        self.ensure_one()
        url = f"{self.access_url}{suffix or ''}?access_token={self._portal_ensure_token()}"
        if report_type:
            url += f"&report_type={report_type}"
        if download:
            url += "&download=true"
        if query_string:
            url += query_string
        if anchor:
            url += f"#{anchor}"
        return url

    def _get_report_base_filename(self):
        """Return the name, without extension, of this document's report files.

        Portal report downloads name their file after it. Business models usually give
        their own (type and number of the document); this default uses the display name.
        """
        self.ensure_one()
        return self.display_name
