# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Number of SQL queries of the portal's hot paths, whole HTTP request included.

The figures are exact: a change that adds a query fails here and must either be justified
(and the budget raised) or fixed. Each path is run once before counting so that the
ormcaches (rules, xml ids, parameters, views) are warm, as they are on a running server.
"""

from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import PortalHttpCase, create_comments, new_portal_customer, open_grant_wizard

MESSAGE_COUNT = 1000
DOCUMENT_COUNT = 1000
SHARE_COUNT = 50
CONTACT_COUNT = 20


class QueryBudgetCommon(PortalHttpCase):
    """A portal customer, a document with 1,000 chatter messages and 1,000 more documents;
    an employee who manages contacts, 50 partners to share with and two companies of 20
    contacts to grant access to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.country_be = env.ref("base.be")
        cls.user_portal = new_portal_customer(
            env,
            "budget.portal",
            name="Bea Budget",
            email="bea.budget@example.com",
            partner_values={
                "phone": "+32 2 555 09 09",
                "street": "Rue Neuve 9",
                "city": "Brussels",
                "zip": "1000",
                "country_id": cls.country_be.id,
            },
        )
        cls.customer = cls.user_portal.partner_id
        Document = env["portal.demo.document"].with_context(
            mail_create_nolog=True, mail_notrack=True
        )
        cls.document = Document.create({"name": "BUDGET/CHAT", "partner_id": cls.customer.id})
        cls.token = cls.document._portal_ensure_token()
        create_comments(env, cls.document, cls.customer, MESSAGE_COUNT)
        cls.documents = Document.create(
            [
                {"name": f"BUDGET/{index:04d}", "partner_id": cls.customer.id}
                for index in range(DOCUMENT_COUNT)
            ]
        )
        cls.user_manager = new_test_user(
            env,
            login="budget.manager",
            groups="base.group_user,base.group_partner_manager",
            name="Max Budget",
            email="max.budget@example.com",
        )
        Partner = env["res.partner"]
        cls.share_partners = Partner.create(
            [
                {"name": f"Reader {index:02d}", "email": f"reader{index:02d}@budget.example.com"}
                for index in range(SHARE_COUNT + 1)
            ]
        )
        cls.companies = Partner.create(
            [{"name": f"Budget Crew {letter}", "is_company": True} for letter in "AB"]
        )
        Partner.create(
            [
                {
                    "name": f"{company.name} {index:02d}",
                    "email": f"crew{index:02d}@{company.name[-1].lower()}.budget.example.com",
                    "parent_id": company.id,
                }
                for company in cls.companies
                for index in range(CONTACT_COUNT)
            ]
        )
        env.flush_all()

    # === HELPERS === #

    @contextmanager
    def assertQueryBudget(self, expected):
        """Assert that the block runs exactly ``expected`` queries, pending writes included.

        Counted as ``assertQueryCount`` counts, but fewer queries fail too, so that a saving
        lowers the budget instead of leaving room for a later regression.
        """
        self.env.flush_all()
        self.env.cr.flush()
        # as assertQueryCount does: no random clean-up of sessions during the block
        with patch("random.random", lambda: 1):
            before = self.cr.sql_log_count
            yield
            self.env.flush_all()
            self.env.cr.flush()
            count = self.cr.sql_log_count - before
        self.assertEqual(count, expected, f"{count} queries instead of the budget of {expected}")

    def _get_page(self, url):
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 200, url)
        return response

    def _get_page_within_budget(self, url, expected):
        """GET ``url`` once to warm the caches, then again in exactly ``expected`` queries."""
        self._get_page(url)
        with self.assertQueryBudget(expected):
            return self._get_page(url)

    def _post_account(self, csrf_token, phone="+32 2 555 09 09"):
        response = self.url_open(
            "/my/account",
            data={
                "csrf_token": csrf_token,
                "name": "Bea Budget",
                "phone": phone,
                "email": "bea.budget@example.com",
                "street": "Rue Neuve 9",
                "city": "Brussels",
                "zipcode": "1000",
                "country_id": str(self.country_be.id),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        return response

    def _chatter_params(self, **params):
        return {
            "thread_model": self.document._name,
            "thread_id": self.document.id,
            "token": self.token,
            **params,
        }

    def _chatter_init(self):
        return self.make_jsonrpc_request("/portal/chatter_init", self._chatter_params())

    def _chatter_fetch(self):
        result = self.make_jsonrpc_request("/mail/chatter_fetch", self._chatter_params(limit=30))
        self.assertEqual(len(result["messages"]), 30)
        return result

    def _message_post(self):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            self._chatter_params(
                post_data={
                    "body": "<p>A question</p>",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                }
            ),
        )


@tagged("post_install", "-at_install", "portal_perf")
class TestQueryBudgets(QueryBudgetCommon):
    """Queries of each hot path, the whole request included.

    Every HTTP request pays for framework work the portal does not control: an anonymous
    request checks the public user twice (2); a signed-in page reads the user and its
    partner (2), and the layout reads the company. The default language that
    ``http_routing`` looks up in ``ir.default`` on every front-end page (2 queries) is cached
    by the portal (models/ir_http.py).
    """

    def test_my_home(self):
        """Home page: user + partner + avatars (user_ids, 2 images) + address country +
        company."""
        self._login(self.user_portal)
        response = self._get_page_within_budget("/my/home", 7)
        self.assertIn("o_portal_my_home", response.text)

    def test_my_counters_none_asked(self):
        """No counter asked: nothing is counted, nothing is read."""
        self._login(self.user_portal)
        self.make_jsonrpc_request("/my/counters", {"counters": []})
        with self.assertQueryBudget(0):
            result = self.make_jsonrpc_request("/my/counters", {"counters": []})
        self.assertEqual(result, {})

    def test_my_account_get(self):
        """Details form: user + partner + ``can_edit_vat`` (from portal_demo) + countries +
        states + company."""
        self._login(self.user_portal)
        response = self._get_page_within_budget("/my/account", 6)
        self.assertIn('name="country_id"', response.text)

    def test_my_account_post(self):
        """Saving the details unchanged: user + partner + ``can_edit_vat`` (from portal_demo)
        + submitted country; nothing is written."""
        self._login(self.user_portal)
        csrf_token = self._csrf_token(self._get_page("/my/account").text)
        self._post_account(csrf_token)
        with self.assertQueryBudget(5):
            self._post_account(csrf_token)
        self.assertEqual(self.customer.phone, "+32 2 555 09 09")

    def test_my_account_post_changed(self):
        """Saving changed details: the 5 queries above, a savepoint (2), the partner's write
        (9 in base, mail and snailmail) and the tracking message of the new phone (3)."""
        self._login(self.user_portal)
        csrf_token = self._csrf_token(self._get_page("/my/account").text)
        self._post_account(csrf_token, phone="+32 2 555 00 01")
        with self.assertQueryBudget(19):
            self._post_account(csrf_token, phone="+32 2 555 00 02")
        self.customer.invalidate_recordset(["phone"])
        self.assertEqual(self.customer.phone, "+32 2 555 00 02")

    def test_my_security(self):
        """Security page: user + partner + company, and 4 queries of auth_totp_portal (the
        TOTP wizard view and the user's secret)."""
        self._login(self.user_portal)
        response = self._get_page_within_budget("/my/security", 7)
        self.assertIn("portal_change_password", response.text)

    def test_chatter_init_with_token(self):
        """Anonymous visitor with the token: 2 framework + 5 of mail's ``_init_store_data``
        + the document (token check) + the customer and its user."""
        self._login()
        self._chatter_init()
        with self.assertQueryBudget(10):
            result = self._chatter_init()
        (thread,) = result["mail.thread"]
        self.assertEqual(thread["portal_partner"], {"id": self.customer.id, "type": "partner"})
        self.assertTrue(thread["can_react"])

    def test_chatter_fetch_with_token(self):
        """30 of 1,000 messages: 2 framework + the document + the search + the messages,
        attachments, reactions, subtype, authors with the reader's partner, and the reader."""
        self._login()
        self._chatter_fetch()
        with self.assertQueryBudget(10):
            result = self._chatter_fetch()
        self.assertEqual(len(result["data"]["mail.message"]), 30)

    def test_message_post_with_token(self):
        """Posting as the customer: 1 framework + the document + 16 queries of mail's
        ``message_post`` and of the message's store data."""
        self._login()
        self._message_post()
        with self.assertQueryBudget(18):
            self._message_post()
        last = self.env["mail.message"].search(
            [("model", "=", self.document._name), ("res_id", "=", self.document.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(last.author_id, self.customer)

    def test_access_url_and_warning_batch(self):
        """The portal fields of 1,000 documents are computed without any query."""
        documents = self.documents.with_user(self.user_portal)
        self.env.invalidate_all()
        with self.assertQueryBudget(0):
            urls = {document.access_url for document in documents}
            warnings = {document.access_warning for document in documents}
        self.assertEqual(len(urls), DOCUMENT_COUNT)
        self.assertEqual(warnings, {""})

    def test_document_page(self):
        """A document page with its chatter of 1,000 messages (which loads later): the
        document (existence, record rule, values) + user + partner + company + currency +
        the avatar of the customer's user (2) and the rule's contacts of the company."""
        self._login(self.user_portal)
        response = self._get_page_within_budget(f"/my/demo_documents/{self.document.id}", 10)
        self.assertIn(self.document.name, response.text)

    def test_ensure_tokens_batch(self):
        """Tokens for 1,000 documents that have none: the documents are read once and the
        new tokens written by the ORM in batches, not one query per document."""
        documents = self.documents.with_user(self.user_manager)
        self.env.invalidate_all()
        with self.assertQueryBudget(20):
            tokens = [document._portal_ensure_token() for document in documents]
        self.assertEqual(len(set(tokens)), DOCUMENT_COUNT)
        self.assertTrue(all(tokens))

    def test_share_with_fifty_partners(self):
        """Sharing with 50 partners: each recipient gets a message of its own (its own link)
        and a queued e-mail, about 13 queries each."""
        document, other_document = self.documents[:2]

        def share(record, partners):
            wizard = (
                self.env["portal.share"]
                .with_user(self.user_manager)
                .with_context(active_model=record._name, active_id=record.id)
                .create({"partner_ids": [Command.set(partners.ids)], "note": "Have a look."})
            )
            return wizard.action_send_mail()

        share(other_document, self.share_partners[-1:])
        partners = self.share_partners[:SHARE_COUNT]
        with self.assertQueryBudget(666):
            share(document, partners)
        self.assertEqual(len(document.message_ids.filtered("partner_ids")), SHARE_COUNT)
        self.assertLessEqual(partners, document.message_partner_ids)

    def test_grant_line_by_line(self):
        """Granting 20 contacts one line at a time, as the manager clicks each line's button:
        about 32 queries a contact (the bundled portal spends about 130, see
        models/res_users.py)."""
        warm_company, company = self.companies

        def grant_each_line(partner):
            wizard = open_grant_wizard(self.env(user=self.user_manager), partner)
            for line in wizard.user_ids.filtered("email"):
                line.action_grant_access()

        grant_each_line(warm_company)
        self.env.invalidate_all()
        with self.assertQueryBudget(642):
            grant_each_line(company)
        users = company.child_ids.user_ids
        self.assertEqual(len(users), CONTACT_COUNT)
        self.assertTrue(all(user._is_portal() for user in users))
