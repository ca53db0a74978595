# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Attacks found on the portal's routes by a tester, each with the behaviour that answers it.

Every case checks the status or error the visitor gets, that the answer is not a server
error, and that a refused call wrote nothing.
"""

import json

from lxml import html as lxml_html

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon

from .common import ChatterHttpCommon, create_demo_documents

NOT_FOUND = "werkzeug.exceptions.NotFound"
BAD_REQUEST = "werkzeug.exceptions.BadRequest"
USER_ERROR = "odoo.exceptions.UserError"
REMOVE_REFUSED = "The attachment does not exist or you do not have the rights to access it."
NUL_REFUSED = "Some fields contain characters that cannot be saved (NUL characters)."
MUTE = (
    "odoo.http",
    "odoo.addons.base.models.res_users",
    "odoo.addons.portal.controllers.thread",
)


def _as_file(field_name, content):
    """Return the ``files`` of a request that sends ``field_name`` as a file part."""
    return {field_name: ("value.txt", content, "text/plain")}


class ChatterHardeningCommon(ChatterHttpCommon):
    """Chatter documents, and an employee who uploads beside the shared one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_employee = new_test_user(
            cls.env, login="hardening_employee", groups="base.group_user", name="Hugo Employee"
        )


@tagged("post_install", "-at_install", "portal_hardening")
class TestAttachmentRemoveOwnership(ChatterHardeningCommon):
    """``/portal/attachment/remove``: a pending upload belongs to its uploader or token."""

    def _remove(self, attachment, **params):
        return self._rpc("/portal/attachment/remove", {"attachment_id": attachment.id, **params})

    @mute_logger(*MUTE)
    def test_internal_user_cannot_remove_uploads_of_others(self):
        """An employee cannot delete another user's or a visitor's upload without its token."""
        self._login(self.other_employee)
        colleague_upload, _token = self._uploaded(self._upload(self.document))
        self._login()
        visitor_upload, visitor_token = self._uploaded(
            self._upload(self.document, token=self.token)
        )
        self.assertTrue(visitor_token, "visitors' uploads carry their own token")

        self._login(self.user_employee)
        for attachment, params in [
            (colleague_upload, {}),
            (visitor_upload, {}),
            (visitor_upload, {"access_token": "forged"}),
            (visitor_upload, {"access_token": self.token}),
        ]:
            with self.subTest(attachment=attachment.name, params=params):
                before = self._counts()
                answer = self._remove(attachment, **params)
                self._assert_rpc_error(answer, USER_ERROR)
                self.assertEqual(answer["error"]["data"]["message"], REMOVE_REFUSED)
                self.assertEqual(self._counts(), before)
        self.assertTrue(colleague_upload.exists())
        self.assertTrue(visitor_upload.exists())

    def test_uploader_and_token_holders_remove(self):
        """The uploader removes their own upload; anyone with its token removes it too."""
        self._login(self.user_employee)
        own_upload, _token = self._uploaded(self._upload(self.document))
        self.assertTrue(
            self.make_jsonrpc_request("/portal/attachment/remove", {"attachment_id": own_upload.id})
        )
        self.assertFalse(own_upload.exists())

        for uploader, remover in [(None, None), (self.user_portal, self.user_portal)]:
            self._login(uploader)
            attachment, token = self._uploaded(self._upload(self.document, token=self.token))
            self._login(remover)
            with self.subTest(uploader=uploader and uploader.login):
                result = self.make_jsonrpc_request(
                    "/portal/attachment/remove",
                    {"attachment_id": attachment.id, "access_token": token},
                )
                self.assertTrue(result)
                self.assertFalse(attachment.exists())

        self._login()
        visitor_upload, token = self._uploaded(self._upload(self.document, token=self.token))
        self._login(self.user_employee)
        self.make_jsonrpc_request(
            "/portal/attachment/remove", {"attachment_id": visitor_upload.id, "access_token": token}
        )
        self.assertFalse(visitor_upload.exists())


@tagged("post_install", "-at_install", "portal_hardening")
class TestAccountFormHardening(PortalDemoHttpCommon):
    """``/my/account``: NUL characters and file parts in the form fields."""

    def _open(self):
        _page, csrf_token = self._open_form("ivan.portal", "/my/account")
        return csrf_token

    def _valid(self, csrf_token, **overrides):
        return self._ivan_account_form(
            **{"csrf_token": csrf_token, "zipcode": "75001", **overrides}
        )

    @mute_logger(*MUTE)
    def test_nul_character_is_refused(self):
        """A NUL character in any text field is a form error on that field, not a crash."""
        csrf_token = self._open()
        for field_name in (
            "name",
            "street",
            "street2",
            "city",
            "phone",
            "zipcode",
            "vat",
            "company_name",
            "email",
        ):
            with self.subTest(field=field_name):
                before = self._account_snapshot(self.partner_ivan)
                response = self._post(
                    "/my/account", self._valid(csrf_token, **{field_name: "Pa\x00ris"})
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(NUL_REFUSED, response.text)
                self.assertIn(field_name, self._invalid_inputs(response))
                self.assertEqual(
                    self._account_snapshot(self.partner_ivan), before, "nothing is written"
                )

    @mute_logger(*MUTE)
    def test_file_parts_count_as_absent(self):
        """Files sent in place of text fields are never written nor used."""
        csrf_token = self._open()
        for field_name in ("email", "name", "phone"):
            with self.subTest(field=field_name):
                before = self._account_snapshot(self.partner_ivan)
                data = self._valid(csrf_token)
                data.pop(field_name)
                response = self._post(
                    "/my/account", data, files=_as_file(field_name, b"evil@example.com")
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("Some required fields are empty.", response.text)
                self.assertIn(field_name, self._invalid_inputs(response))
                self.assertEqual(
                    self._account_snapshot(self.partner_ivan), before, "nothing is written"
                )

        # Optional fields and the redirection sent as files are simply left out.
        self.partner_ivan.vat = "FR-KEPT"
        response = self._post(
            "/my/account",
            self._valid(csrf_token),
            files={**_as_file("vat", b"FR000"), **_as_file("redirect", b"https://evil.example")},
        )
        self.assertEqual(response.status_code, 303)
        self.assertRedirectsTo(response, "/my/home")
        values = self._account_snapshot(self.partner_ivan)
        self.assertEqual(values["vat"], "FR-KEPT")
        self.assertNotIn("FileStorage", json.dumps(values))


@tagged("post_install", "-at_install", "portal_hardening")
class TestSecurityFormsHardening(PortalDemoHttpCommon):
    """``/my/security`` and ``/my/deactivate_account`` with file parts instead of text."""

    def _open(self):
        _page, csrf_token = self._open_form("nora.portal", "/my/security")
        return csrf_token

    @mute_logger(*MUTE)
    def test_password_change_with_file_parts(self):
        """Passwords sent as files count as empty: the usual error, the password unchanged."""
        csrf_token = self._open()
        for field_name in ("old", "new1", "new2"):
            with self.subTest(field=field_name):
                data = {"csrf_token": csrf_token, "old": "nora.portal", "new1": "x" * 12}
                data["new2"] = data["new1"]
                data.pop(field_name)
                response = self._post(
                    "/my/security", data, files=_as_file(field_name, b"nora.portal")
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("You cannot leave any password empty.", response.text)
        # the password did not change: logging in with it still works
        self.authenticate("nora.portal", "nora.portal")

    @mute_logger(*MUTE)
    def test_deactivation_with_file_password(self):
        """A password sent as a file is a wrong password, counted by the login throttle."""
        csrf_token = self._open()
        failures = getattr(self.registry, "_login_failures", {})
        before = failures.get("127.0.0.1", (0, None))[0]
        response = self._post(
            "/my/deactivate_account",
            {"csrf_token": csrf_token, "validation": "nora.portal"},
            files=_as_file("password", b"nora.portal"),
        )
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(tree.xpath("//input[@name='password'][contains(@class, 'is-invalid')]"))
        self.assertEqual(self.registry._login_failures["127.0.0.1"][0], before + 1)
        self.user_nora.invalidate_recordset()
        self.assertTrue(self.user_nora.active)


@tagged("post_install", "-at_install", "portal_hardening")
class TestDemoSearchHardening(PortalDemoHttpCommon):
    """The demo list page with NUL characters in the search text."""

    def test_search_ignores_nul_characters(self):
        """NUL characters are dropped from the search text instead of crashing the page."""
        self.authenticate("nora.portal", "nora.portal")
        for search_in in ("name", "customer"):
            with self.subTest(search_in=search_in):
                response = self.url_open(
                    f"/my/demo_documents?search=%00&search_in={search_in}", allow_redirects=False
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("NORA/1", response.text)
        response = self.url_open("/my/demo_documents?search=NO%00RA/3&search_in=name")
        self.assertEqual(response.status_code, 200)
        self.assertIn("NORA/3", response.text)
        self.assertNotIn("NORA/1", response.text)


@tagged("post_install", "-at_install", "portal_hardening")
class TestAvatarSizes(ChatterHardeningCommon):
    """The chatter avatar route with negative and absurd sizes."""

    def _avatar(self, size, token=None):
        url = f"/mail/avatar/mail.message/{self.msg_public.id}/author_avatar/{size}"
        if token:
            url += f"?access_token={token}"
        return self.url_open(url)

    def test_negative_sizes_serve_the_default_size(self):
        """A negative width or height gives the image at the default size, never a 500."""
        self._login()
        for token in (self.token, None):
            default = self._avatar("50x50", token)
            self.assertEqual(default.status_code, 200)
            for size in ("-5x50", "50x-5", "-1x-1", f"-{2**40}x50"):
                with self.subTest(size=size, token=bool(token)):
                    response = self._avatar(size, token)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response.content, default.content)

    def test_huge_sizes_are_served(self):
        """Absurd sizes are served as an image too: images are only ever scaled down."""
        self._login()
        for size in (f"{2**31}x{2**31}", f"{10**30}x50", "50x100000000"):
            with self.subTest(size=size):
                response = self._avatar(size, self.token)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.headers["Content-Type"].startswith("image/"))


@tagged("post_install", "-at_install", "portal_hardening")
class TestMissingJsonParameters(ChatterHardeningCommon):
    """JSON routes called without their parameters answer like for invalid ones."""

    @mute_logger(*MUTE)
    def test_missing_parameters(self):
        """No TypeError: the same refusal as a bad value, or an empty answer."""
        self._login(self.user_employee)
        self.assertEqual(self.make_jsonrpc_request("/my/counters", {}), {})
        before = self._counts()
        for route, params, error_name in [
            ("/mail/chatter_fetch", {"thread_model": self.document._name}, NOT_FOUND),
            ("/mail/chatter_fetch", {"thread_id": self.document.id}, NOT_FOUND),
            ("/portal/chatter_init", {"thread_model": self.document._name}, NOT_FOUND),
            ("/portal/chatter_init", {}, NOT_FOUND),
            ("/portal/attachment/remove", {}, USER_ERROR),
            ("/mail/update_is_internal", {"message_id": self.msg_public.id}, BAD_REQUEST),
            ("/mail/update_is_internal", {"is_internal": True}, NOT_FOUND),
        ]:
            with self.subTest(route=route, params=params):
                self._assert_rpc_error(self._rpc(route, params), error_name)
        self.assertEqual(self._counts(), before)
        self.msg_public.invalidate_recordset()
        self.assertFalse(self.msg_public.is_internal, "a missing flag changes nothing")

    @mute_logger(*MUTE)
    def test_is_internal_must_be_a_boolean(self):
        """Only ``true`` or ``false`` switch a message; other values are a bad request."""
        self._login(self.user_employee)
        for value in ("false", 0, None, [], {"a": 1}):
            with self.subTest(value=value):
                answer = self._rpc(
                    "/mail/update_is_internal",
                    {"message_id": self.msg_internal_comment.id, "is_internal": value},
                )
                self._assert_rpc_error(answer, BAD_REQUEST)
        self.msg_internal_comment.invalidate_recordset()
        self.assertTrue(self.msg_internal_comment.is_internal)


@tagged("post_install", "-at_install", "portal_hardening")
class TestForgedSignatures(ChatterHardeningCommon):
    """A valid document token does not make a forged ``hash``/``pid`` acceptable."""

    def _forgeries(self):
        return [
            {"hash": "0" * 64, "pid": self.customer.id},
            {"hash": self.document._sign_token(self.outsider.id), "pid": self.customer.id},
            {"hash": self.other_document._sign_token(self.customer.id), "pid": self.customer.id},
            {"pid": self.customer.id},
            {"hash": "0" * 64},
        ]

    @mute_logger(*MUTE)
    def test_update_content_refuses_forged_signature(self):
        """Editing the customer's comment with the token and a forged signature is a 404."""
        self._login()
        for forgery in self._forgeries():
            with self.subTest(forgery=forgery):
                answer = self._rpc(
                    "/mail/message/update_content",
                    {
                        "message_id": self.msg_public.id,
                        "body": "<p>Rewritten</p>",
                        "attachment_ids": [],
                        "token": self.token,
                        **forgery,
                    },
                )
                self._assert_rpc_error(answer, NOT_FOUND)
                self.msg_public.invalidate_recordset()
                self.assertIn("Public question", str(self.msg_public.body))
        # the token alone still lets the customer's visitor edit the customer's message
        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {
                "message_id": self.msg_public.id,
                "body": "<p>Edited with the token</p>",
                "attachment_ids": [],
                "token": self.token,
            },
        )
        self.msg_public.invalidate_recordset()
        self.assertIn("Edited with the token", str(self.msg_public.body))

    @mute_logger(*MUTE)
    def test_upload_refuses_forged_signature(self):
        """Uploading with the token and a forged signature is a 404 and stores nothing."""
        self._login()
        for forgery in self._forgeries():
            with self.subTest(forgery=forgery):
                before = self._counts()
                response = self._upload(self.document, token=self.token, **forgery)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(self._counts(), before)
        attachment, _token = self._uploaded(self._upload(self.document, token=self.token))
        self.assertEqual(attachment.res_model, "mail.compose.message")

    @mute_logger(*MUTE)
    def test_attachment_delete_refuses_forged_signature(self):
        """Deleting a file of the customer's message needs more than a forged signature."""
        attachment = self.env["ir.attachment"].create(
            {"name": "invoice.pdf", "raw": b"pdf", "res_model": "mail.compose.message", "res_id": 0}
        )
        self.msg_public.attachment_ids = attachment
        self._login()
        for forgery in self._forgeries():
            with self.subTest(forgery=forgery):
                before = self._counts()
                answer = self._rpc(
                    "/mail/attachment/delete",
                    {"attachment_id": attachment.id, "token": self.token, **forgery},
                )
                self._assert_rpc_error(answer, NOT_FOUND)
                self.assertEqual(self._counts(), before)
        self.make_jsonrpc_request(
            "/mail/attachment/delete", {"attachment_id": attachment.id, "token": self.token}
        )
        self.assertFalse(attachment.exists())


@tagged("post_install", "-at_install", "portal_hardening")
class TestReactionsOnInternalMessages(ChatterHardeningCommon):
    """Link holders may react to what the portal chatter shows them, not to internal notes."""

    def _react(self, message, **params):
        return self._rpc(
            "/mail/message/reaction",
            {"message_id": message.id, "content": "👍", "action": "add", **params},
        )

    @mute_logger(*MUTE)
    def test_internal_messages_are_not_found(self):
        """Notes and internal comments are a 404 for visitors, anonymous or logged in."""
        for user in (None, self.user_portal):
            self._login(user)
            for message in (self.msg_note, self.msg_internal_comment):
                with self.subTest(user=user and user.login, message=message.body):
                    before = self._counts()
                    self._assert_rpc_error(self._react(message, token=self.token), NOT_FOUND)
                    self.assertEqual(self._counts(), before)

    def test_public_messages_and_employees(self):
        """Public comments stay open to link holders; employees react to notes."""
        self._login()
        self.make_jsonrpc_request(
            "/mail/message/reaction",
            {
                "message_id": self.msg_public.id,
                "content": "👍",
                "action": "add",
                "token": self.token,
            },
        )
        self.assertEqual(self.msg_public.reaction_ids.partner_id, self.customer)
        # Notifications keep mail's own rule (``test_mail_full`` reacts to them with a token).
        notification = self.document.message_post(body="Document confirmed")
        self.make_jsonrpc_request(
            "/mail/message/reaction",
            {"message_id": notification.id, "content": "👍", "action": "add", "token": self.token},
        )
        self.assertEqual(notification.reaction_ids.partner_id, self.customer)
        self._login(self.user_employee)
        self.make_jsonrpc_request(
            "/mail/message/reaction",
            {"message_id": self.msg_note.id, "content": "👍", "action": "add"},
        )
        self.assertEqual(self.msg_note.reaction_ids.partner_id, self.user_employee.partner_id)


@tagged("post_install", "-at_install", "portal_hardening")
class TestShareWizardActiveId(TransactionCase):
    """``portal.share`` opened with a context that does not name one document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.documents = create_demo_documents(cls.env, "Wanda Wizard", ["WIZ/1", "WIZ/2"])

    def _defaults(self, **context):
        return (
            self.env["portal.share"]
            .with_context(**context)
            .default_get(["res_model", "res_id", "share_link"])
        )

    def test_active_id_that_is_not_a_record_id(self):
        """Lists, strings, booleans and out-of-range numbers name no document."""
        for active_id in (self.documents.ids, str(self.documents[0].id), "abc", True, -3, 0, 2**40):
            with self.subTest(active_id=active_id):
                defaults = self._defaults(active_model="portal.demo.document", active_id=active_id)
                self.assertFalse(defaults["res_id"])
                self.assertNotIn("share_link", defaults)
        for active_model in (["portal.demo.document"], 12):
            with self.subTest(active_model=active_model):
                defaults = self._defaults(active_model=active_model, active_id=self.documents[0].id)
                self.assertFalse(defaults["res_model"])
                self.assertNotIn("share_link", defaults)
        self.assertFalse(any(self.documents.mapped("access_token")), "no token was created")

        defaults = self._defaults(
            active_model="portal.demo.document", active_id=self.documents[0].id
        )
        self.assertEqual(defaults["res_id"], self.documents[0].id)
        self.assertIn(self.documents[0].access_token, defaults["share_link"])
