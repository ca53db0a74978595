# Part of the clean-room Customer Portal addon. License LGPL-3.
import datetime

from lxml import html as lxml_html

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon

COOLDOWN_MESSAGE = "Too many login failures"


@tagged("post_install", "-at_install", "portal_security")
class TestSecurityThrottle(PortalDemoHttpCommon):
    """Repeated wrong passwords on ``/my/security`` and ``/my/deactivate_account`` are
    throttled like failed logins (``res.users._assert_can_auth``)."""

    def setUp(self):
        super().setUp()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("base.login_cooldown_after", "2")
        params.set_param("base.login_cooldown_duration", "60")
        # The failure counter lives on the registry, shared by every test: the parent starts
        # each test clean, end clean too.
        self.addCleanup(self._clear_login_failures)

    def _end_cooldown(self):
        """Pretend the cooldown has elapsed by moving the recorded failures into the past."""
        failures = self.registry._login_failures
        for source, (count, previous) in list(failures.items()):
            failures[source] = (count, previous - datetime.timedelta(seconds=61))

    def _open_security(self, login):
        _page, csrf_token = self._open_form(login, "/my/security")
        return csrf_token

    def _change_password(self, token, old):
        with mute_logger("odoo.addons.base.models.res_users"):
            return self.url_open(
                "/my/security",
                data={
                    "op": "password",
                    "old": old,
                    "new1": "a-brand-new-secret",
                    "new2": "a-brand-new-secret",
                    "csrf_token": token,
                },
            )

    def _deactivate(self, token, password):
        with mute_logger("odoo.addons.base.models.res_users"):
            return self.url_open(
                "/my/deactivate_account",
                data={"validation": "nora.portal", "password": password, "csrf_token": token},
                allow_redirects=False,
            )

    def test_password_change_is_throttled(self):
        token = self._open_security("nora.portal")
        for _attempt in range(2):
            response = self._change_password(token, "wrong-password")
            self.assertEqual(response.status_code, 200)
            feedback = self._password_feedback(response)
            self.assertEqual(set(feedback), {"old"})
            self.assertIn("incorrect", feedback["old"])
        # On cooldown: the right password is refused too, with a message saying why.
        response = self._change_password(token, "nora.portal")
        self.assertEqual(response.status_code, 200)
        feedback = self._password_feedback(response)
        self.assertEqual(set(feedback), {"old"})
        self.assertIn(COOLDOWN_MESSAGE, feedback["old"])
        self.assertTrue(self._check_password(self.user_nora, "nora.portal"))
        self.assertFalse(self._check_password(self.user_nora, "a-brand-new-secret"))
        # Once the cooldown has passed, the right password works again.
        self._end_cooldown()
        response = self._change_password(token, "nora.portal")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._password_feedback(response), {})
        self.assertTrue(self._check_password(self.user_nora, "a-brand-new-secret"))
        # The success reset the counter for this address.
        self.assertNotIn("127.0.0.1", self.registry._login_failures)

    def test_deactivation_is_throttled(self):
        token = self._open_security("nora.portal")
        for _attempt in range(2):
            response = self._deactivate(token, "wrong-password")
            self.assertEqual(response.status_code, 200)
            tree = lxml_html.fromstring(response.content)
            self.assertTrue(tree.xpath("//input[@name='password'][contains(@class, 'is-invalid')]"))
        response = self._deactivate(token, "nora.portal")
        self.assertEqual(response.status_code, 200)
        self.assertIn(COOLDOWN_MESSAGE, response.text)
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(
            tree.xpath("//div[@id='portal_deactivate_account_modal'][contains(@class, 'show')]")
        )
        self.assertTrue(self.user_nora.active)
        self.assertEqual(self.user_nora.login, "nora.portal")
        # The session is still open.
        response = self.url_open("/my/home", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        # Once the cooldown has passed, the right password deletes the account.
        self._end_cooldown()
        response = self._deactivate(token, "nora.portal")
        self.assertRedirectsTo(response, "/web/login")
        self.assertFalse(self.user_nora.with_context(active_test=False).active)

    def test_failures_on_one_form_count_for_the_other(self):
        # Both forms share the login counter, so alternating them gains nothing.
        token = self._open_security("nora.portal")
        self._change_password(token, "wrong-password")
        self._deactivate(token, "wrong-password")
        response = self._deactivate(token, "nora.portal")
        self.assertIn(COOLDOWN_MESSAGE, response.text)
        self.assertTrue(self.user_nora.active)

    def _identity_check(self, password):
        """Ask for a new API key, as the security page does, and answer the password check."""
        call_kw = "/web/dataset/call_kw"
        action = self.make_jsonrpc_request(
            call_kw,
            {
                "model": "res.users",
                "method": "api_key_wizard",
                "args": [[self.user_nora.id]],
                "kwargs": {},
            },
        )
        self.assertEqual(action["res_model"], "res.users.identitycheck")
        check = {"model": "res.users.identitycheck", "kwargs": {}}
        self.make_jsonrpc_request(
            call_kw,
            {**check, "method": "write", "args": [[action["res_id"]], {"password": password}]},
        )
        return self._rpc(call_kw, {**check, "method": "run_check", "args": [[action["res_id"]]]})

    def test_identity_check_is_throttled(self):
        """The password asked before creating an API key is throttled like a login."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        self._open_security("nora.portal")
        with mute_logger("odoo.http", "odoo.addons.base.models.res_users"):
            for _attempt in range(2):
                answer = self._identity_check("wrong-password")
                self.assertIn("Incorrect", answer["error"]["data"]["message"])
            answer = self._identity_check("nora.portal")
            self.assertIn(COOLDOWN_MESSAGE, answer["error"]["data"]["message"])
        self._end_cooldown()
        answer = self._identity_check("nora.portal")
        self.assertNotIn("error", answer)
        self.assertEqual(answer["result"]["res_model"], "res.users.apikeys.description")
        self.assertNotIn("127.0.0.1", self.registry._login_failures)

    def test_first_right_password_is_accepted(self):
        self.registry._login_failures = None
        token = self._open_security("nora.portal")
        response = self._change_password(token, "nora.portal")
        self.assertEqual(self._password_feedback(response), {})
        self.assertTrue(self._check_password(self.user_nora, "a-brand-new-secret"))
