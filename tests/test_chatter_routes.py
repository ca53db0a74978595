# Part of the clean-room Customer Portal addon. License LGPL-3.
from types import SimpleNamespace
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal.controllers.mail import PortalChatter

from .common import ChatterHttpCommon, create_comments


@tagged("post_install", "-at_install", "portal_chatter")
class TestChatterFetch(ChatterHttpCommon):
    """The page of messages the portal chatter shows."""

    def test_fetch_with_token_shows_only_public_comments(self):
        """An anonymous visitor with the token sees public comments, never internal ones."""
        self._login()
        result = self._fetch(token=self.token)["result"]
        self.assertEqual(result["messages"], [self.msg_reply.id, self.msg_public.id])
        formatted = {values["id"]: values for values in result["data"]["mail.message"]}
        self.assertEqual(set(formatted), {self.msg_reply.id, self.msg_public.id})
        public = formatted[self.msg_public.id]
        self.assertIn("Public question from the customer", public["body"])
        self.assertEqual(public["author"]["id"], self.customer.id)
        self.assertFalse(public["is_internal"])
        self.assertEqual(
            public["author_avatar_url"],
            f"/mail/avatar/mail.message/{self.msg_public.id}/author_avatar/50x50"
            f"?access_token={self.token}",
        )

    def test_fetch_as_owner_without_token(self):
        """The portal customer reads the public comments of their own document."""
        self._login(self.user_portal)
        result = self._fetch()["result"]
        self.assertEqual(result["messages"], [self.msg_reply.id, self.msg_public.id])

    def test_fetch_as_employee_includes_internal_comments(self):
        """Employees see internal comments too, but never notes (not comments)."""
        self._login(self.user_employee)
        result = self._fetch()["result"]
        self.assertEqual(
            result["messages"],
            [self.msg_reply.id, self.msg_internal_comment.id, self.msg_public.id],
        )

    def test_fetch_without_access_is_empty(self):
        """Without credentials, a visitor who may not read the document sees no message."""
        self._login()
        self.assertEqual(self._fetch()["result"]["messages"], [])
        self._login(self.user_portal)
        self.assertEqual(self._fetch(self.other_document)["result"]["messages"], [])

    def test_fetch_pages(self):
        """``limit`` and ``before`` walk the messages from the newest to the oldest."""
        self._login()
        first_page = self._fetch(token=self.token, limit=1)["result"]
        self.assertEqual(first_page["messages"], [self.msg_reply.id])
        next_page = self._fetch(token=self.token, limit=1, before=self.msg_reply.id)["result"]
        self.assertEqual(next_page["messages"], [self.msg_public.id])
        newer = self._fetch(token=self.token, after=self.msg_public.id)["result"]
        self.assertEqual(newer["messages"], [self.msg_reply.id])

    def test_fetch_extra_domain_hook(self):
        """The extra domain of ``_setup_portal_message_fetch_extra_domain`` is applied."""
        self._login()
        extra_domain = [("author_id", "=", self.customer.id)]
        with patch.object(
            PortalChatter,
            "_setup_portal_message_fetch_extra_domain",
            lambda controller, data: extra_domain,
        ):
            result = self._fetch(token=self.token)["result"]
        self.assertEqual(result["messages"], [self.msg_public.id])

    @mute_logger("odoo.addons.portal.controllers.mail", "odoo.http")
    def test_fetch_bad_input(self):
        """Unknown models and ids are refused with a 404, not a server error."""
        self._login()
        self._assert_rpc_error(
            self._rpc(
                "/mail/chatter_fetch",
                {"thread_model": "no.such.model", "thread_id": 1, "token": "x"},
            ),
            "werkzeug.exceptions.NotFound",
        )
        self._assert_rpc_error(
            self._rpc(
                "/mail/chatter_fetch",
                {"thread_model": "res.lang", "thread_id": 1},
            ),
            "werkzeug.exceptions.NotFound",
        )
        self._assert_rpc_error(
            self._fetch(thread_id="not-a-number"),
            "werkzeug.exceptions.NotFound",
        )
        self._assert_rpc_error(
            self._fetch(token=self.token, limit="ten"), "werkzeug.exceptions.BadRequest"
        )
        # a model without access token cannot be opened by a token or a signature
        partner_fetch = {"thread_model": "res.partner", "thread_id": self.customer.id}
        for credentials in ({"token": self.token}, {"hash": "0" * 64, "pid": self.customer.id}):
            self._assert_rpc_error(
                self._rpc("/mail/chatter_fetch", {**partner_fetch, **credentials}),
                "werkzeug.exceptions.Forbidden",
            )

    def test_fetch_query_count_does_not_grow(self):
        """A page of messages costs the same queries on a long thread as on a short one."""
        short_doc = self.env["portal.demo.document"].create(
            {"name": "DEMO/SHORT", "partner_id": self.customer.id}
        )
        long_doc = self.env["portal.demo.document"].create(
            {"name": "DEMO/LONG", "partner_id": self.customer.id}
        )
        for document, count in ((short_doc, 10), (long_doc, 1000)):
            document._portal_ensure_token()
            create_comments(self.env, document, self.customer, count)
        self.env.flush_all()
        self._login()

        def fetch(document):
            result = self._fetch(document, token=document.access_token, limit=10)["result"]
            self.assertEqual(len(result["messages"]), 10)

        # warm the caches of both documents before measuring
        for document in (short_doc, long_doc, short_doc, long_doc):
            fetch(document)
        counts = {}
        for document in (short_doc, long_doc):
            before = self.cr.sql_log_count
            fetch(document)
            counts[document] = self.cr.sql_log_count - before
        self.assertEqual(counts[short_doc], counts[long_doc])
        # the whole request, session handling included (see test_query_budgets): a query
        # per message would add at least 10
        token = long_doc.access_token
        with self.assertQueryCount(12):
            result = self._fetch(long_doc, token=token, limit=10)["result"]
        self.assertEqual(len(result["messages"]), 10)


@tagged("post_install", "-at_install", "portal_chatter")
class TestChatterInit(ChatterHttpCommon):
    """The data the front-end chatter starts with."""

    def test_init_with_token(self):
        """A token holder acts as the customer, who may react, without read access."""
        self._login()
        store = self._chatter_init(token=self.token)
        thread = self._thread_values(store)
        self.assertEqual(thread["portal_partner"], {"id": self.customer.id, "type": "partner"})
        self.assertTrue(thread["can_react"])
        self.assertFalse(thread["hasReadAccess"])
        partners = {values["id"]: values for values in store["res.partner"]}
        self.assertEqual(partners[self.customer.id]["name"], self.customer.name)
        self.assertIn("Store", store)

    def test_init_with_signature(self):
        """A signed link makes the visitor act as the partner it names."""
        self._login()
        _hash = self.document._sign_token(self.outsider.id)
        store = self._chatter_init(token=self.token, hash=_hash, pid=self.outsider.id)
        thread = self._thread_values(store)
        self.assertEqual(thread["portal_partner"], {"id": self.outsider.id, "type": "partner"})
        self.assertTrue(thread["can_react"])

    def test_init_without_credentials(self):
        """Without credentials, nothing about the document is given."""
        self._login()
        store = self._chatter_init()
        self.assertIsNone(self._thread_values(store))
        store = self._chatter_init(token="wrong-token")
        self.assertIsNone(self._thread_values(store))

    def test_init_as_owner(self):
        """The portal customer reads and, as the model only asks read access to post, reacts."""
        self._login(self.user_portal)
        thread = self._thread_values(self._chatter_init())
        self.assertTrue(thread["hasReadAccess"])
        self.assertTrue(thread["can_react"])
        self.assertNotIn("portal_partner", thread)
        thread = self._thread_values(self._chatter_init(token=self.token))
        self.assertTrue(thread["can_react"])
        self.assertEqual(thread["portal_partner"], {"id": self.customer.id, "type": "partner"})

    def test_init_as_employee(self):
        """Employees read and react with their own rights."""
        self._login(self.user_employee)
        store = self._chatter_init()
        thread = self._thread_values(store)
        self.assertTrue(thread["hasReadAccess"])
        self.assertTrue(thread["can_react"])
        self.assertEqual(
            store["Store"]["self"], {"id": self.user_employee.partner_id.id, "type": "partner"}
        )


@tagged("post_install", "-at_install", "portal_chatter")
class TestChatterUpdateIsInternal(ChatterHttpCommon):
    """Switching a message between public and internal."""

    def _update(self, message, is_internal):
        return self._rpc(
            "/mail/update_is_internal", {"message_id": message.id, "is_internal": is_internal}
        )

    def test_employee_switches_message(self):
        """An employee hides a public comment from the portal and shows it again."""
        self._login(self.user_employee)
        self.assertTrue(self._update(self.msg_public, True)["result"])
        self.assertTrue(self.msg_public.is_internal)
        self.assertFalse(self._update(self.msg_public, False)["result"])
        self.assertFalse(self.msg_public.is_internal)

    @mute_logger("odoo.http")
    def test_others_are_refused(self):
        """Portal users and anonymous visitors cannot change what the portal shows."""
        self._login(self.user_portal)
        self._assert_rpc_error(self._update(self.msg_public, True), "odoo.exceptions.AccessError")
        self._login()
        self._assert_rpc_error(
            self._update(self.msg_public, True), "odoo.http.SessionExpiredException"
        )
        self.assertFalse(self.msg_public.is_internal)

    @mute_logger("odoo.http")
    def test_missing_message(self):
        """A message that does not exist gives a 404."""
        self._login(self.user_employee)
        missing = self.env["mail.message"].search([], order="id desc", limit=1).id + 1000
        self._assert_rpc_error(
            self._rpc("/mail/update_is_internal", {"message_id": missing, "is_internal": True}),
            "werkzeug.exceptions.NotFound",
        )


@tagged("post_install", "-at_install", "portal_chatter")
class TestChatterAvatar(ChatterHttpCommon):
    """The author avatars shown to visitors who only hold a link."""

    def _avatar(self, message, query=""):
        return self.url_open(f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50{query}")

    def _assert_author_avatar(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        self.assertIn(
            f"mail_message-{message.id}-author_avatar.png",
            response.headers.get("Content-Disposition", ""),
        )

    def _assert_placeholder(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        self.assertIn("placeholder.png", response.headers.get("Content-Disposition", ""))

    def test_avatar_credentials(self):
        """The avatar is served with a token or a signature, a placeholder otherwise."""
        self._login()
        _hash = self.document._sign_token(self.customer.id)
        self._assert_author_avatar(
            self._avatar(self.msg_public, f"?access_token={self.token}"), self.msg_public
        )
        self._assert_author_avatar(
            self._avatar(self.msg_public, f"?_hash={_hash}&pid={self.customer.id}"),
            self.msg_public,
        )
        self._assert_placeholder(self._avatar(self.msg_public))
        self._assert_placeholder(self._avatar(self.msg_public, f"?access_token={self.token}x"))
        self._assert_placeholder(self._avatar(self.msg_public, f"?access_token={self.other_token}"))
        self._assert_placeholder(
            self._avatar(self.msg_public, f"?_hash={_hash}&pid={self.outsider.id}")
        )
        self._assert_placeholder(self._avatar(self.msg_public, f"?_hash={_hash}&pid=abc"))

    def test_avatar_of_model_without_token(self):
        """Credentials on a message of a model without access token give the placeholder."""
        self._login()
        message = self.customer.message_post(body="Partner note", message_type="comment")
        self._assert_placeholder(self._avatar(message, f"?_hash={'0' * 64}&pid=1"))
        self._assert_placeholder(self._avatar(message, f"?access_token={self.token}"))

    def test_avatar_missing_message(self):
        """A message that does not exist gives the placeholder too."""
        self._login()
        missing = self.env["mail.message"].browse(
            self.env["mail.message"].search([], order="id desc", limit=1).id + 1000
        )
        self._assert_placeholder(self._avatar(missing, f"?access_token={self.token}"))


@tagged("post_install", "-at_install", "portal_chatter")
class TestChatterHooks(ChatterHttpCommon):
    """The hooks downstream addons override."""

    def test_post_has_content(self):
        """A message has content when it has text or an attachment."""
        chatter = PortalChatter()
        model, record_id = self.document._name, self.document.id
        self.assertTrue(chatter._portal_post_has_content(model, record_id, "Hello"))
        self.assertTrue(chatter._portal_post_has_content(model, record_id, "", attachment_ids=[1]))
        self.assertFalse(chatter._portal_post_has_content(model, record_id, ""))
        self.assertFalse(chatter._portal_post_has_content(model, record_id, None, []))

    def test_extra_domain_default(self):
        """The default extra fetch domain restricts nothing."""
        self.assertEqual(PortalChatter()._setup_portal_message_fetch_extra_domain({}), [])

    def test_post_check_attachments(self):
        """Pending attachments can be linked only with their own access token."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "quote.txt",
                "raw": b"pending",
                "res_model": "mail.compose.message",
                "res_id": 0,
            }
        )
        attachment.generate_access_token()
        other = self.env["ir.attachment"].create(
            {
                "name": "other.txt",
                "raw": b"other",
                "res_model": "mail.compose.message",
                "res_id": 0,
            }
        )
        other.generate_access_token()
        public_env = self.env(user=self.env.ref("base.public_user"))
        fake_request = SimpleNamespace(env=public_env)
        chatter = PortalChatter()
        with patch("odoo.addons.portal.controllers.mail.request", fake_request):
            chatter._portal_post_check_attachments(attachment.ids, [attachment.access_token])
            with self.assertRaises(UserError):
                chatter._portal_post_check_attachments(attachment.ids, [other.access_token])
            with self.assertRaises(UserError):
                chatter._portal_post_check_attachments(attachment.ids, [])
