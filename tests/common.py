# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Set-up and helpers shared by the portal's tests.

The helpers create exactly the records the tests used to create on their own, in the same
order: the query budgets (test_query_budgets.py) count the queries of paths that read them.
"""

import hashlib
import hmac
import json
import re

from lxml import html as lxml_html

import odoo
from odoo import Command
from odoo.exceptions import AccessDenied
from odoo.tests import HttpCase, TransactionCase, new_test_user

UUID4_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


# === PEOPLE AND DOCUMENTS === #


def new_portal_customer(env, login, partner_values=None, **user_values):
    """Create a portal user, then complete its partner as the customer would on /my/account.

    :param str login: the login, also the password unless ``password`` is given
    :param dict partner_values: written on the new user's partner (address, phone, company)
    :param user_values: more values for ``new_test_user`` (``name``, ``email``, ``lang``...)
    :return: the new ``res.users`` record
    """
    user_values.setdefault("password", login)
    user = new_test_user(env, login=login, groups="base.group_portal", **user_values)
    if partner_values:
        user.partner_id.write(partner_values)
    return user


def create_company(env, name, *contacts):
    """Create the company ``name`` and its contacts, each given by its own values.

    :return: the company, and its contacts in the order given
    :rtype: tuple
    """
    Partner = env["res.partner"]
    company = Partner.create({"name": name, "is_company": True})
    return company, Partner.create([{**values, "parent_id": company.id} for values in contacts])


def create_contacts(env, name, count, email_domain="example.com"):
    """Create ``count`` contacts named ``<name> <index>``, written to at
    ``<name><index>@<email_domain>`` (the name in lower case)."""
    prefix = name.lower()
    return env["res.partner"].create(
        [
            {"name": f"{name} {index}", "email": f"{prefix}{index}@{email_domain}"}
            for index in range(count)
        ]
    )


def create_demo_documents(env, customer_name, names):
    """Create a customer without user and a demo document of each of ``names`` for it."""
    customer = env["res.partner"].create({"name": customer_name})
    return env["portal.demo.document"].create(
        [{"name": name, "partner_id": customer.id} for name in names]
    )


def post_comment(record, author, body, subtype_xmlid="mail.mt_comment"):
    """Post ``body`` on the chatter of ``record`` as the partner ``author``."""
    return record.message_post(
        body=body, author_id=author.id, message_type="comment", subtype_xmlid=subtype_xmlid
    )


def create_comments(env, document, author, count):
    """Create ``count`` public comments of ``author`` on ``document`` at once, without
    notifying anyone: a long chatter."""
    comment_id = env.ref("mail.mt_comment").id
    return env["mail.message"].create(
        [
            {
                "author_id": author.id,
                "body": f"<p>Comment {index}</p>",
                "message_type": "comment",
                "model": document._name,
                "res_id": document.id,
                "subtype_id": comment_id,
            }
            for index in range(count)
        ]
    )


def open_grant_wizard(env, partners):
    """Open the grant-access wizard on ``partners``, as the action of the contact list does."""
    return (
        env["portal.wizard"]
        .with_context(active_model="res.partner", active_ids=partners.ids)
        .create({})
    )


def create_share_wizard(env, record, partners, note=False):
    """Create the wizard that shares ``record`` with ``partners``."""
    return env["portal.share"].create(
        {
            "res_model": record._name,
            "res_id": record.id,
            "partner_ids": [Command.set(partners.ids)],
            "note": note,
        }
    )


# === BASE CLASSES === #


class PortalModelsCommon(TransactionCase):
    """Two customers with a portal user each, an employee and demo documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # Invitation scope drives the sign-up parameters of links: pin it.
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2b")
        cls.company = cls.env.company
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Maren Holt", "email": "maren.holt@example.com"})
        cls.other_customer = Partner.create(
            {"name": "Ilya Brandt", "email": "ilya.brandt@example.com"}
        )
        cls.portal_user = new_portal_customer(
            cls.env, "maren_portal", name="Maren Holt", partner_id=cls.customer.id
        )
        cls.other_portal_user = new_portal_customer(
            cls.env, "ilya_portal", name="Ilya Brandt", partner_id=cls.other_customer.id
        )
        cls.employee = new_test_user(
            cls.env,
            login="tove_employee",
            name="Tove Employee",
            email="tove.employee@example.com",
            groups="base.group_user",
        )
        cls.public_user = cls.env.ref("base.public_user")
        # A customer with no user at all, for the links that must not carry a login.
        cls.prospect = Partner.create({"name": "Otto Quist", "email": "otto.quist@example.com"})
        Document = cls.env["portal.demo.document"]
        cls.document = Document.create({"name": "DEMO/0001", "partner_id": cls.customer.id})
        cls.other_document = Document.create(
            {"name": "DEMO/0002", "partner_id": cls.other_customer.id}
        )
        cls.prospect_document = Document.create(
            {"name": "DEMO/0003", "partner_id": cls.prospect.id}
        )

    def _expected_signature(self, record, pid):
        """Recompute the HMAC signature of ``pid`` on ``record`` without the addon's code."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = repr((self.env.cr.dbname, record.sudo().access_token, pid))
        return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


class PortalHttpCase(HttpCase):
    """An HTTP case with the sign-in, form and JSON-RPC helpers of the portal's route tests."""

    # === SESSIONS AND FORMS === #

    def _login(self, user=None):
        """Open a session as ``user`` (password = login), or as an anonymous visitor."""
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _csrf_token(self, html):
        """Return the CSRF token found in a page's form."""
        match = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
        self.assertTrue(match, "the page carries no CSRF token")
        return match.group(1)

    def _open_form(self, login, url, password=None):
        """Sign in as ``login`` (password = login unless given) and open the form at ``url``.

        :return: the page, and the CSRF token of its form
        :rtype: tuple
        """
        self.authenticate(login, password or login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response, self._csrf_token(response.text)

    def _invalid_inputs(self, response):
        """Return the names of the fields the account form marks as invalid."""
        tree = lxml_html.fromstring(response.content)
        return {
            element.get("name")
            for element in tree.xpath("//form[@action='/my/account']//*[@name]")
            if "is-invalid" in (element.get("class") or "").split()
        }

    def _account_snapshot(self, partner):
        """Return what the account form may change on ``partner``, read afresh."""
        partner.invalidate_recordset()
        values = partner.read(
            [
                "name",
                "email",
                "phone",
                "street",
                "street2",
                "city",
                "zip",
                "vat",
                "company_name",
                "country_id",
                "state_id",
            ]
        )[0]
        values.pop("id")
        return values

    def _password_feedback(self, response):
        """Return the error shown under each invalid field of the password form, by name."""
        tree = lxml_html.fromstring(response.content)
        return {
            element.get("name"): element.getparent().xpath(
                "string(.//div[hasclass('invalid-feedback')])"
            )
            for element in tree.xpath("//form[hasclass('oe_reset_password_form')]//input")
            if "is-invalid" in (element.get("class") or "").split()
        }

    def _check_password(self, user, password):
        """Tell whether ``password`` is the password of ``user``."""
        try:
            user.with_user(user)._check_credentials(
                {"login": user.login, "password": password, "type": "password"},
                {"interactive": False},
            )
        except AccessDenied:
            return False
        return True

    def _assert_framed_by_same_origin_only(self, response):
        """Check that the page may be shown in a frame of this site only."""
        self.assertEqual(response.headers["X-Frame-Options"], "SAMEORIGIN")
        self.assertEqual(response.headers["Content-Security-Policy"], "frame-ancestors 'self'")

    # === JSON-RPC === #

    def _jsonrpc(self, route, params):
        """Send a JSON-RPC call to ``route``; return the HTTP response, whatever its status."""
        return self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}),
            headers={"Content-Type": "application/json"},
        )

    def _rpc(self, route, params):
        """Return the decoded JSON-RPC answer of a call, whether a result or an error."""
        response = self._jsonrpc(route, params)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _rpc_result(self, route, params):
        """Return the result of a JSON-RPC call that must succeed."""
        answer = self._rpc(route, params)
        self.assertNotIn("error", answer, answer.get("error"))
        return answer["result"]

    def _assert_rpc_error(self, answer, error_name):
        """Check a JSON-RPC answer is an error of the given exception class."""
        self.assertIn("error", answer, "the call should have been refused")
        self.assertEqual(answer["error"]["data"]["name"], error_name)


class ChatterHttpCommon(PortalHttpCase):
    """Documents, people and messages shared by the chatter route tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_employee = new_test_user(
            cls.env, login="chatter_employee", groups="base.group_user", name="Erin Employee"
        )
        cls.user_portal = new_portal_customer(
            cls.env, "chatter_portal", name="Paula Portal", email="paula.portal@example.com"
        )
        cls.customer = cls.user_portal.partner_id
        # a partner the document is shared with, who has no user at all
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Oscar Outsider", "email": "oscar.outsider@example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Olga Other", "email": "olga.other@example.com"}
        )
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DEMO/CHAT/1", "partner_id": cls.customer.id}
        )
        cls.other_document = cls.env["portal.demo.document"].create(
            {"name": "DEMO/CHAT/2", "partner_id": cls.other_customer.id}
        )
        cls.token = cls.document._portal_ensure_token()
        cls.other_token = cls.other_document._portal_ensure_token()

        employee = cls.user_employee.partner_id
        cls.msg_public = post_comment(
            cls.document, cls.customer, "Public question from the customer"
        )
        cls.msg_note = post_comment(
            cls.document, employee, "Internal note about the customer", "mail.mt_note"
        )
        cls.msg_internal_comment = post_comment(
            cls.document, employee, "Comment flagged as internal"
        )
        cls.msg_internal_comment.is_internal = True
        cls.msg_reply = post_comment(cls.document, employee, "Public answer from the company")
        # write pending tracking messages now, not during the first request of a test
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    # === HELPERS === #

    def _fetch(self, document=None, **params):
        """Call the portal chatter fetch route on ``document`` (the shared one by default)."""
        document = document or self.document
        return self._rpc(
            "/mail/chatter_fetch",
            {"thread_model": document._name, "thread_id": document.id, **params},
        )

    def _chatter_init(self, document=None, **params):
        """Call the portal chatter bootstrap route on ``document``."""
        document = document or self.document
        return self._rpc_result(
            "/portal/chatter_init",
            {"thread_model": document._name, "thread_id": document.id, **params},
        )

    def _thread_values(self, store, document=None):
        """Return the values the store gives for ``document`` as a thread, or None."""
        document = document or self.document
        for values in store.get("mail.thread", []):
            if values["id"] == document.id and values["model"] == document._name:
                return values
        return None

    def _counts(self):
        """Numbers of messages, attachments and reactions: a refused call changes none."""
        self.env.invalidate_all()
        return (
            self.env["mail.message"].search_count([]),
            self.env["ir.attachment"].search_count([]),
            self.env["mail.message.reaction"].search_count([]),
        )

    def _upload(self, document, **params):
        """Upload a pending chatter file on ``document``; return the HTTP response."""
        return self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": odoo.http.Request.csrf_token(self),
                "is_pending": True,
                "thread_id": document.id,
                "thread_model": document._name,
                **params,
            },
            files={"ufile": ("proof.txt", b"proof of delivery", "text/plain")},
        )

    def _uploaded(self, response):
        """Return the attachment an upload created, and its access token if it has one."""
        self.assertEqual(response.status_code, 200)
        values = json.loads(response.content)["data"]["ir.attachment"][0]
        return self.env["ir.attachment"].browse(values["id"]), values.get("access_token")
