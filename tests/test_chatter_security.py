# Part of the clean-room Customer Portal addon. License LGPL-3.
import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ChatterHttpCommon, new_portal_customer

NOT_FOUND = "werkzeug.exceptions.NotFound"


@tagged("post_install", "-at_install", "portal_chatter_security")
class TestChatterSecurity(ChatterHttpCommon):
    """What a visitor holding (or forging) a document link may and may not do."""

    # === HELPERS === #

    def _post(self, document, body="<p>Hello</p>", **params):
        """Post a comment through mail's route; return the JSON-RPC answer."""
        return self._rpc(
            "/mail/message/post",
            {
                "thread_model": document._name,
                "thread_id": document.id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                    **params.pop("post_data", {}),
                },
                **params,
            },
        )

    def _last_message(self, document):
        self.env.invalidate_all()
        return self.env["mail.message"].search(
            [("model", "=", document._name), ("res_id", "=", document.id)],
            order="id desc",
            limit=1,
        )

    def _visitor_upload(self, document, **params):
        """Upload a pending attachment for ``document``; return its id and access token."""
        attachment, token = self._uploaded(self._upload(document, **params))
        self.assertTrue(token, "a visitor's upload carries its own access token")
        return attachment.id, token

    def _assert_refused_and_unchanged(self, call, *args, error_name=NOT_FOUND, **kwargs):
        """Check that ``call(*args, **kwargs)`` answers with ``error_name`` and writes nothing."""
        before = self._counts()
        self._assert_rpc_error(call(*args, **kwargs), error_name)
        self.assertEqual(self._counts(), before, "a refused call must write nothing")

    # === TESTS === #

    @mute_logger("odoo.http", "odoo.addons.portal.controllers.thread")
    def test_post_refused_without_valid_credentials(self):
        """Wrong tokens, wrong hashes and mismatched pids never post anything."""
        self._login()
        _hash = self.document._sign_token(self.outsider.id)
        other_hash = self.other_document._sign_token(self.outsider.id)
        for name, params in [
            ("no credentials", {}),
            (
                "wrong token",
                {"token": self.token[:-1] + ("1" if self.token.endswith("0") else "0")},
            ),
            ("token of another document", {"token": self.other_token}),
            ("wrong hash", {"hash": "0" * 64, "pid": self.outsider.id}),
            ("hash with another pid", {"hash": _hash, "pid": self.other_customer.id}),
            ("hash of another document", {"hash": other_hash, "pid": self.outsider.id}),
            ("non-numeric pid", {"hash": _hash, "pid": "abc"}),
            ("hash without pid", {"hash": _hash}),
        ]:
            with self.subTest(name=name):
                self._assert_refused_and_unchanged(self._post, self.document, **params)

    @mute_logger("odoo.http", "odoo.addons.portal.controllers.thread")
    def test_post_portal_user_on_unreadable_document(self):
        """A portal user cannot post on someone else's document, even with their own token."""
        self._login(self.user_portal)
        for params in ({}, {"token": self.token}, {"token": "forged"}):
            with self.subTest(params=params):
                self._assert_refused_and_unchanged(self._post, self.other_document, **params)

    def test_post_with_token_as_portal_user(self):
        """A portal customer with the token posts as themselves."""
        self._login(self.user_portal)
        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {"body": "<p>Thanks</p>", "message_type": "comment"},
                "token": self.token,
            },
        )
        self.assertEqual(self._last_message(self.document).author_id, self.customer)

    @mute_logger("odoo.http", "odoo.addons.portal.controllers.thread")
    def test_shared_link_to_partner_without_user(self):
        """A link sent to an outside partner posts as that partner, and cannot be bent.

        The link carries the document's token plus the partner's pid and hash. Posting from
        it is authored by that partner, not by the document's customer; the same hash with
        another pid, or used on another document, is refused and writes nothing.
        """
        self.assertFalse(self.outsider.user_ids)
        self._login()
        _hash = self.document._sign_token(self.outsider.id)
        link_params = {"token": self.token, "hash": _hash, "pid": self.outsider.id}

        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {"body": "<p>Reviewed, all good</p>", "message_type": "comment"},
                **link_params,
            },
        )
        message = self._last_message(self.document)
        self.assertEqual(message.author_id, self.outsider)
        self.assertIn("Reviewed, all good", message.body)

        # a numeric pid sent as text is the same partner
        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {"body": "<p>Text pid</p>", "message_type": "comment"},
                **link_params,
                "pid": str(self.outsider.id),
            },
        )
        self.assertEqual(self._last_message(self.document).author_id, self.outsider)

        for name, document, params in [
            ("same hash, another pid", self.document, {**link_params, "pid": self.customer.id}),
            (
                "same hash and pid, another document",
                self.other_document,
                {**link_params, "token": self.other_token},
            ),
            ("non-numeric pid", self.document, {**link_params, "pid": "abc"}),
            ("pid zero", self.document, {**link_params, "pid": 0}),
        ]:
            with self.subTest(name=name):
                self._assert_refused_and_unchanged(self._post, document, **params)

    def test_token_only_posts_as_customer(self):
        """With the token alone, an anonymous post is authored by the document's customer."""
        self._login()
        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {"body": "<p>Token only</p>", "message_type": "comment"},
                "token": self.token,
            },
        )
        self.assertEqual(self._last_message(self.document).author_id, self.customer)

    def test_body_is_sanitized(self):
        """Scripts and event handlers sent in a portal message are stripped."""
        self._login()
        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {
                    "body": '<p>Hi<script>alert("x")</script>'
                    '<img src="x" onerror="alert(1)"/><a href="javascript:alert(2)">link</a></p>',
                    "message_type": "comment",
                },
                "token": self.token,
            },
        )
        body = str(self._last_message(self.document).body)
        self.assertIn("Hi", body)
        self.assertNotIn("<script", body)
        self.assertNotIn("onerror", body)
        self.assertNotIn("javascript:", body)

    @mute_logger("odoo.http")
    def test_attachment_needs_its_own_token(self):
        """A pending attachment is linked to a message only with its own access token."""
        self._login()
        attachment_id, attachment_token = self._visitor_upload(self.document, token=self.token)
        other_id, other_token = self._visitor_upload(self.document, token=self.token)
        for name, tokens in [
            ("no token", []),
            ("token of another attachment", [other_token]),
            ("forged token", ["forged"]),
        ]:
            with self.subTest(name=name):
                self._assert_refused_and_unchanged(
                    self._post,
                    self.document,
                    error_name="odoo.exceptions.UserError",
                    token=self.token,
                    post_data={"attachment_ids": [attachment_id]},
                    attachment_tokens=tokens,
                )
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_model, "mail.compose.message")

        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {
                    "body": "<p>See attached</p>",
                    "message_type": "comment",
                    "attachment_ids": [attachment_id],
                },
                "attachment_tokens": [attachment_token],
                "token": self.token,
            },
        )
        message = self._last_message(self.document)
        self.assertEqual(message.attachment_ids.ids, [attachment_id])
        self.env.invalidate_all()
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (self.document._name, self.document.id)
        )
        self.assertTrue(self.env["ir.attachment"].browse(other_id).exists())

    def test_internal_messages_never_reach_portal(self):
        """Notes and internal comments are hidden from every portal credential."""
        hidden = {self.msg_note.id, self.msg_internal_comment.id}
        _hash = self.document._sign_token(self.outsider.id)
        for name, user, params in [
            ("anonymous with token", None, {"token": self.token}),
            ("anonymous with signature", None, {"hash": _hash, "pid": self.outsider.id}),
            ("portal owner", self.user_portal, {}),
            ("portal owner with token", self.user_portal, {"token": self.token}),
        ]:
            with self.subTest(name=name):
                self._login(user)
                result = self._fetch(**params)["result"]
                self.assertFalse(hidden & set(result["messages"]))
                self.assertIn(self.msg_public.id, result["messages"])
                bodies = " ".join(values["body"] for values in result["data"]["mail.message"])
                self.assertNotIn("Internal note", bodies)
                self.assertNotIn("flagged as internal", bodies)

    @mute_logger("odoo.http", "odoo.addons.portal.controllers.mail")
    def test_fetch_refused_with_wrong_credentials(self):
        """A wrong token or signature on the fetch route gives a 403 and no message."""
        self._login()
        _hash = self.document._sign_token(self.outsider.id)
        for params in (
            {"token": "forged"},
            {"token": self.other_token},
            {"hash": _hash, "pid": self.customer.id},
            {"hash": _hash, "pid": "abc"},
        ):
            with self.subTest(params=params):
                answer = self._fetch(**params)
                self._assert_rpc_error(answer, "werkzeug.exceptions.Forbidden")
                self.assertNotIn("result", answer)

    @mute_logger("odoo.http")
    def test_edit_only_own_messages(self):
        """Visitors edit only the messages their credentials name them the author of."""
        self._login()
        _hash = self.document._sign_token(self.outsider.id)
        signed = {"hash": _hash, "pid": self.outsider.id}
        self._post(self.document, body="<p>Outsider draft</p>", **signed)
        outsider_message = self._last_message(self.document)
        self.assertEqual(outsider_message.author_id, self.outsider)

        def update(message, body, user=None, **params):
            self._login(user)
            return self._rpc(
                "/mail/message/update_content",
                {"message_id": message.id, "body": body, "attachment_ids": [], **params},
            )

        for name, message, user, params in [
            ("token only, message of the outsider", outsider_message, None, {"token": self.token}),
            ("signature, message of the customer", self.msg_public, None, signed),
            (
                "portal owner, message of an employee",
                self.msg_reply,
                self.user_portal,
                {"token": self.token},
            ),
        ]:
            with self.subTest(name=name):
                original_body = message.body
                self._assert_refused_and_unchanged(
                    update, message, "<p>Tampered</p>", user, **params
                )
                self.env.invalidate_all()
                self.assertEqual(message.body, original_body)

        self.assertNotIn("error", update(outsider_message, "<p>Outsider final</p>", **signed))
        self.env.invalidate_all()
        self.assertIn("Outsider final", outsider_message.body)
        answer = update(self.msg_public, "<p>Customer edit</p>", self.user_portal, token=self.token)
        self.assertNotIn("error", answer)
        self.env.invalidate_all()
        self.assertIn("Customer edit", self.msg_public.body)

    @mute_logger("odoo.http")
    def test_delete_only_own_attachments(self):
        """A visitor removes an attachment only from a message they wrote."""
        self._login()
        _hash = self.document._sign_token(self.outsider.id)
        signed = {"hash": _hash, "pid": self.outsider.id}
        attachment_id, attachment_token = self._visitor_upload(self.document, **signed)
        self._rpc_result(
            "/mail/message/post",
            {
                "thread_model": self.document._name,
                "thread_id": self.document.id,
                "post_data": {
                    "body": "<p>Signed proof</p>",
                    "message_type": "comment",
                    "attachment_ids": [attachment_id],
                },
                "attachment_tokens": [attachment_token],
                **signed,
            },
        )
        self.assertEqual(self._last_message(self.document).attachment_ids.ids, [attachment_id])

        def delete(**params):
            return self._rpc("/mail/attachment/delete", {"attachment_id": attachment_id, **params})

        for params in ({}, {"token": self.token}, {"hash": _hash, "pid": self.customer.id}):
            with self.subTest(params=params):
                self._assert_refused_and_unchanged(delete, **params)
        self.assertNotIn("error", delete(**signed))
        self.env.invalidate_all()
        self.assertFalse(self.env["ir.attachment"].browse(attachment_id).exists())

    @mute_logger("odoo.http", "odoo.addons.portal.controllers.thread")
    def test_reactions_follow_the_link_partner(self):
        """Anonymous reactions are made by the partner of the link, never a forged one."""
        self._login()
        _hash = self.document._sign_token(self.outsider.id)

        def react(**params):
            return self._rpc(
                "/mail/message/reaction",
                {"message_id": self.msg_public.id, "content": "👍", "action": "add", **params},
            )

        for params in (
            {},
            {"token": "forged"},
            {"token": self.token, "hash": _hash, "pid": self.customer.id},
            {"hash": _hash, "pid": "abc"},
        ):
            with self.subTest(params=params):
                self._assert_refused_and_unchanged(react, **params)

        self.assertNotIn("error", react(token=self.token, hash=_hash, pid=self.outsider.id))
        self.env.invalidate_all()
        reaction = self.msg_public.sudo().reaction_ids
        self.assertEqual(reaction.partner_id, self.outsider)
        self.assertEqual(reaction.content, "👍")

    def test_thread_data_gives_link_holders_only_their_rights(self):
        """mail's thread data route gives a link holder the access flags, no internal data.

        The document has an attachment on an internal note, followers with e-mail addresses
        and a scheduled note: none of them may reach a visitor who only holds the link.
        """
        note_file = self.env["ir.attachment"].create(
            {
                "name": "internal-pricing.pdf",
                "raw": b"%PDF internal",
                "res_model": self.document._name,
                "res_id": self.document.id,
            }
        )
        self.msg_note.attachment_ids = note_file
        self.document.message_subscribe(partner_ids=self.outsider.ids)
        self.env["mail.scheduled.message"].create(
            {
                "model": self.document._name,
                "res_id": self.document.id,
                "author_id": self.user_employee.partner_id.id,
                "body": "<p>Offer them 50% at most.</p>",
                "scheduled_date": "2099-01-01 08:00:00",
                "is_note": True,
            }
        )
        params = {
            "thread_model": self.document._name,
            "thread_id": self.document.id,
            "request_list": ["activities", "attachments", "followers", "scheduledMessages"],
        }
        credentials = (
            {"token": self.token},
            {"hash": self.document._sign_token(self.customer.id), "pid": self.customer.id},
        )
        # a portal user who is not the document's customer, holding its link
        link_holder = new_portal_customer(self.env, "chatter_link_holder", name="Lina Link")
        for user in (None, link_holder):
            for credential in credentials:
                with self.subTest(user=user and user.login, credential=list(credential)):
                    self._login(user)
                    store = self._rpc_result("/mail/thread/data", {**params, **credential})
                    self.assertEqual(list(store), ["mail.thread"])
                    thread = self._thread_values(store)
                    self.assertTrue(thread["hasReadAccess"])
                    self.assertFalse(thread["hasWriteAccess"])
                    text = json.dumps(store)
                    for secret in ("internal-pricing.pdf", "50%", self.outsider.name):
                        self.assertNotIn(secret, text)
        # Someone with real rights on the document still gets everything asked for.
        self._login(self.user_employee)
        store = self._rpc_result("/mail/thread/data", params)
        self.assertIn("internal-pricing.pdf", json.dumps(store))
        self.assertTrue(self._thread_values(store)["followersCount"])
