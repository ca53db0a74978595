# Part of the clean-room Customer Portal addon. License LGPL-3.
import base64
from urllib.parse import parse_qs, urlsplit

from lxml import html as lxml_html

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon


@tagged("post_install", "-at_install", "portal_security")
class TestSecurityPage(PortalDemoHttpCommon):
    """``/my/security``: password change, API keys and account deletion."""

    def test_page_for_each_kind_of_visitor(self):
        response = self.url_open("/my/security", allow_redirects=False)
        self.assertRedirectsTo(response, "/web/login")
        for login in ("nora.portal", "clerk.internal"):
            with self.subTest(login=login):
                response, _token = self._open_form(login, "/my/security")
                self._assert_framed_by_same_origin_only(response)
                tree = lxml_html.fromstring(response.content)
                self.assertTrue(tree.xpath("//section[@name='portal_change_password']"))

    def test_change_password(self):
        _response, token = self._open_form("nora.portal", "/my/security")
        response = self.url_open(
            "/my/security",
            data={
                "op": "password",
                "old": "nora.portal",
                "new1": "  a-much-longer-secret  ",
                "new2": "a-much-longer-secret",
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._password_feedback(response), {})
        self.assertTrue(self._check_password(self.user_nora, "a-much-longer-secret"))
        self.assertFalse(self._check_password(self.user_nora, "nora.portal"))
        # The session survived the change of password.
        response = self.url_open("/my/home", allow_redirects=False)
        self.assertEqual(response.status_code, 200)

    def test_password_errors(self):
        _response, token = self._open_form("nora.portal", "/my/security")
        cases = [
            ({"old": "", "new1": "x-secret-1", "new2": "x-secret-1"}, "old", "empty"),
            ({"old": "nora.portal", "new1": " ", "new2": "x-secret-1"}, "new1", "empty"),
            ({"old": "nora.portal", "new1": "x-secret-1"}, "new2", "empty"),
            (
                {"old": "nora.portal", "new1": "x-secret-1", "new2": "x-secret-2"},
                "new2",
                "identical",
            ),
            (
                {"old": "wrong-password", "new1": "x-secret-1", "new2": "x-secret-1"},
                "old",
                "incorrect",
            ),
        ]
        for data, field_name, message in cases:
            with self.subTest(**data):
                with mute_logger("odoo.addons.base.models.res_users"):
                    response = self.url_open("/my/security", data=dict(data, csrf_token=token))
                self.assertEqual(response.status_code, 200)
                feedback = self._password_feedback(response)
                self.assertEqual(set(feedback), {field_name})
                self.assertIn(message, feedback[field_name])
                self.assertTrue(self._check_password(self.user_nora, "nora.portal"))

    def test_password_change_requires_post_and_csrf(self):
        self._open_form("nora.portal", "/my/security")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/security",
                data={"old": "nora.portal", "new1": "x-secret-1", "new2": "x-secret-1"},
            )
        self.assertEqual(response.status_code, 400)
        # A GET with the same parameters changes nothing either.
        response = self.url_open("/my/security?old=nora.portal&new1=x-secret-1&new2=x-secret-1")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self._check_password(self.user_nora, "nora.portal"))

    def test_api_keys_section_follows_the_setting(self):
        response, _token = self._open_form("nora.portal", "/my/security?debug=1")
        tree = lxml_html.fromstring(response.content)
        self.assertFalse(tree.xpath("//button[hasclass('o_portal_new_api_key')]"))
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", "True")
        response = self.url_open("/my/security?debug=1")
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(tree.xpath("//button[hasclass('o_portal_new_api_key')]"))

    # ------------------------------------------------------------------
    # Account deletion
    # ------------------------------------------------------------------

    def _deactivate(self, token, **data):
        return self.url_open(
            "/my/deactivate_account", data=dict(data, csrf_token=token), allow_redirects=False
        )

    def test_deactivate_account(self):
        _response, token = self._open_form("nora.portal", "/my/security")
        documents = self.doc_nora_1 | self.doc_nora_2 | self.doc_nora_3
        partner = self.partner_nora
        response = self._deactivate(
            token, validation="nora.portal", password="nora.portal", request_blacklist="on"
        )
        self.assertRedirectsTo(response, "/web/login")
        message = parse_qs(urlsplit(response.headers["Location"]).query)["message"]
        self.assertEqual(message, ["Account deleted!"])
        user = self.user_nora.with_context(active_test=False)
        self.assertFalse(user.active)
        self.assertNotEqual(user.login, "nora.portal")
        # Every document is kept, still linked to the customer.
        self.assertEqual(documents.exists(), documents)
        self.assertEqual(self.doc_nora_1.partner_id, partner)
        # The session is closed.
        response = self.url_open("/my", allow_redirects=False)
        self.assertRedirectsTo(response, "/web/login")

    def test_deactivate_account_errors(self):
        _response, token = self._open_form("nora.portal", "/my/security")
        response = self._deactivate(token, validation="someone-else", password="nora.portal")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["X-Frame-Options"], "SAMEORIGIN")
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(tree.xpath("//input[@name='validation'][contains(@class, 'is-invalid')]"))
        self.assertTrue(
            tree.xpath("//div[@id='portal_deactivate_account_modal'][contains(@class, 'show')]")
        )
        with mute_logger("odoo.addons.base.models.res_users"):
            response = self._deactivate(token, validation="nora.portal", password="wrong")
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(tree.xpath("//input[@name='password'][contains(@class, 'is-invalid')]"))
        with mute_logger("odoo.addons.base.models.res_users"):
            response = self._deactivate(token, validation="nora.portal")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.user_nora.active)
        self.assertEqual(self.user_nora.login, "nora.portal")

    def test_internal_user_cannot_deactivate(self):
        _response, token = self._open_form("clerk.internal", "/my/security")
        response = self._deactivate(token, validation="clerk.internal", password="clerk.internal")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.user_clerk.active)
        self.assertEqual(self.user_clerk.login, "clerk.internal")

    def test_deactivate_requires_post_and_csrf(self):
        response = self.url_open(
            "/my/deactivate_account",
            data={"validation": "nora.portal", "password": "nora.portal"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (303, 400), "anonymous visitors are refused")
        self._open_form("nora.portal", "/my/security")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/deactivate_account",
                data={"validation": "nora.portal", "password": "nora.portal"},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 400)
            response = self.url_open(
                "/my/deactivate_account?validation=nora.portal&password=nora.portal",
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 405)
        self.assertTrue(self.user_nora.active)


@tagged("post_install", "-at_install", "portal_security")
class TestAttachmentRemove(PortalDemoHttpCommon):
    """``/portal/attachment/remove`` deletes pending composer uploads only."""

    def _pending(self, **values):
        attachment = self.env["ir.attachment"].create(
            dict(
                {
                    "name": "upload.txt",
                    "datas": base64.b64encode(b"hello"),
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                },
                **values,
            )
        )
        attachment.generate_access_token()
        return attachment

    def _json_error(self, route, params):
        """Call a JSON route and return the ``data`` of the error it answers."""
        answer = self._rpc(route, params)
        self.assertIn("error", answer)
        return answer["error"]["data"]

    def test_remove_pending_attachment_with_token(self):
        attachment = self._pending()
        result = self.make_jsonrpc_request(
            "/portal/attachment/remove",
            {"attachment_id": attachment.id, "access_token": attachment.access_token},
        )
        self.assertTrue(result)
        self.assertFalse(attachment.exists())

    def test_refusals(self):
        pending = self._pending()
        posted = self._pending(res_model="portal.demo.document", res_id=self.doc_nora_1.id)
        in_message = self._pending()
        self.doc_nora_1.message_post(body="with file", attachment_ids=in_message.ids)
        in_message.write({"res_model": "mail.compose.message", "res_id": 0})
        cases = [
            ({"attachment_id": pending.id}, "does not exist"),
            ({"attachment_id": pending.id, "access_token": "wrong"}, "does not exist"),
            ({"attachment_id": 999999, "access_token": "x"}, "does not exist"),
            ({"attachment_id": "abc", "access_token": "x"}, "does not exist"),
            ({"attachment_id": posted.id, "access_token": posted.access_token}, "pending"),
            (
                {"attachment_id": in_message.id, "access_token": in_message.access_token},
                "linked to a message",
            ),
        ]
        for params, message in cases:
            with self.subTest(**params):
                with mute_logger("odoo.http"):
                    error = self._json_error("/portal/attachment/remove", params)
                self.assertEqual(error["name"], "odoo.exceptions.UserError")
                self.assertIn(message, error["message"])
        self.assertEqual((pending | posted | in_message).exists(), pending | posted | in_message)
