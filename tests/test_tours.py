# Part of the clean-room Customer Portal addon. License LGPL-3.
import base64
import json
import os
import tempfile
import time
from datetime import datetime
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

from odoo.addons.portal.tests.common import new_portal_customer


class PortalTourCommon(HttpCase):
    """A portal customer with a complete address, and two countries to choose from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Country = cls.env["res.country"]
        cls.country_no_state = Country.create({"name": "Portal Nostateland", "code": "QN"})
        cls.country_states = Country.create({"name": "Portal Tourland", "code": "QT"})
        State = cls.env["res.country.state"]
        cls.state_north = State.create(
            {"name": "North Tourshire", "code": "NTS", "country_id": cls.country_states.id}
        )
        cls.state_south = State.create(
            {"name": "South Tourshire", "code": "STS", "country_id": cls.country_states.id}
        )
        cls.portal_user = new_portal_customer(
            cls.env,
            "portal_tour",
            {
                "phone": "+1 555 000 1111",
                "street": "1 Harbour Road",
                "city": "Portsmouth",
                "zip": "1000",
                "country_id": cls.country_no_state.id,
            },
            name="Tilda Tourist",
            email="tilda.tourist@example.com",
        )
        cls.portal_partner = cls.portal_user.partner_id


@tagged("post_install", "-at_install", "portal_tours")
class TestPortalHomeTours(PortalTourCommon):
    def test_load_homepage_and_edit_phone(self):
        """From /my the customer opens the account form, changes the phone and saves."""
        self.start_tour("/my", "portal_load_homepage", login="portal_tour")
        self.assertEqual(self.portal_partner.phone, "+1 555 666 7788")

    def test_sign_in_reaches_my(self):
        """Signing in through the login form lands on the portal home page."""
        self.start_tour("/web/login?redirect=/my", "portal_sign_in")

    def test_sidebar_due_dates(self):
        """The document side panel writes due dates relative to today."""
        self.start_tour("/my", "portal_sidebar_due_dates", login="portal_tour")

    def test_skip_to_content(self):
        """The first Tab shows the skip link, which leads to the main content."""
        self.start_tour("/my", "skip_to_content", login="portal_tour")


@tagged("post_install", "-at_install", "portal_tours")
class TestPortalAccountTours(PortalTourCommon):
    def test_edit_address_with_states(self):
        """Choosing a country with states offers only its states, and saving stores them."""
        self.start_tour("/my/account", "portal_edit_account_details", login="portal_tour")
        self.assertEqual(self.portal_partner.country_id, self.country_states)
        self.assertEqual(self.portal_partner.state_id, self.state_south)
        self.assertEqual(self.portal_partner.city, "Tourville")

    def test_country_switch_hides_states(self):
        """Going back to a country without states hides and clears the state selector."""
        self.start_tour("/my/account", "portal_account_details_country_switch", login="portal_tour")
        # Nothing was saved: only the form changed.
        self.assertEqual(self.portal_partner.country_id, self.country_no_state)
        self.assertFalse(self.portal_partner.state_id)


@tagged("post_install", "-at_install", "portal_tours")
class TestPortalSecurityTours(PortalTourCommon):
    def _api_keys(self):
        return self.env["res.users.apikeys"].sudo().search([("user_id", "=", self.portal_user.id)])

    def test_api_key_create_then_delete(self):
        """With the setting on, a customer creates an API key and deletes it."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        self.start_tour("/my/security?debug=1", "portal_api_key_create_delete", login="portal_tour")
        self.assertFalse(self._api_keys(), "the key created by the tour was deleted by it")

    def test_wrong_password_keeps_identity_check_open(self):
        """A wrong password keeps the check dialog open and flags the field."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        self.start_tour(
            "/my/security?debug=1", "portal_identity_check_wrong_password", login="portal_tour"
        )
        self.assertFalse(self._api_keys())

    def test_sign_out_from_every_device(self):
        """After the password check, every other session of the customer ends; this one
        stays."""
        other_session = self.authenticate("portal_tour", "portal_tour")
        # A page seen in that other browser records it as one of the customer's devices.
        self.assertEqual(self.url_open("/my").status_code, 200)
        DeviceLog = self.env["res.device.log"]
        other_identifier = other_session.sid[:42]
        self.assertTrue(DeviceLog.search([("session_identifier", "=", other_identifier)]))

        self.start_tour("/my/security", "portal_revoke_all_sessions", login="portal_tour")

        other_logs = DeviceLog.search([("session_identifier", "=", other_identifier)])
        self.assertTrue(all(other_logs.mapped("revoked")))
        # The tour's own session was kept: its device is not revoked.
        tour_logs = DeviceLog.search(
            [("user_id", "=", self.portal_user.id), ("session_identifier", "!=", other_identifier)]
        )
        self.assertTrue(tour_logs)
        self.assertFalse(any(tour_logs.mapped("revoked")))
        # The other browser is signed out: its next visit to /my is sent to the login page.
        self.opener.cookies["session_id"] = other_session.sid
        response = self.url_open("/my", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_api_keys_hidden_without_setting(self):
        """Without the setting, the security page offers no API key button."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", False)
        self.authenticate("portal_tour", "portal_tour")
        response = self.url_open("/my/security?debug=1")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_portal_new_api_key", response.text)

    def test_deactivate_account_mistake_reopens_dialog(self):
        """A wrong confirmation reopens the deletion dialog; closing it clears the errors."""
        self.start_tour(
            "/my/security", "portal_deactivate_account_wrong_login", login="portal_tour"
        )
        self.assertTrue(self.portal_user.active, "the account was not deleted")

    def test_change_password(self):
        """The customer changes the password from the security page."""
        self.start_tour("/my/security", "portal_change_password", login="portal_tour")
        self.authenticate("portal_tour", "portal_tour_new_password")
        response = self.url_open("/my/security")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_portal_security_body", response.text)


@tagged("post_install", "-at_install", "portal_tours")
class TestPortalChatterTours(PortalTourCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DEMO/TOUR/0001", "partner_id": cls.portal_partner.id, "amount": 120.0}
        )

    def test_post_message_with_attachment(self):
        """The customer posts a message with a file on the document's chatter."""
        # The link the customer received by e-mail carries the document's access token.
        self.start_tour(
            self.document.get_portal_url(),
            "portal_chatter_post_with_attachment",
            login="portal_tour",
        )
        message = self.document.message_ids.filtered(
            lambda m: "signed delivery note" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.portal_partner)
        self.assertEqual(message.attachment_ids.mapped("name"), ["delivery_note.txt"])
        self.assertEqual(message.attachment_ids.res_model, "portal.demo.document")
        self.assertEqual(message.attachment_ids.res_id, self.document.id)

    def test_standalone_composer_post(self):
        """The legacy composer posts a message with a file, and the chatter reloads."""
        self.start_tour(self.document.get_portal_url(), "portal_composer_post", login="portal_tour")
        message = self.document.message_ids.filtered(
            lambda m: "stand-alone composer" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.portal_partner)
        self.assertEqual(message.attachment_ids.mapped("name"), ["composer_notes.txt"])

    def test_star_message_shown_before_server_answers(self):
        """An employee stars a message: the star shows at once, and the server keeps it."""
        employee = new_test_user(
            self.env, login="portal_tour_employee", groups="base.group_user", name="Erin Employee"
        )
        message = self.document.message_post(
            body="Please check the quantities.",
            author_id=employee.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        MailMessage = type(self.env["mail.message"])
        toggle_message_starred = MailMessage.toggle_message_starred

        def slow_toggle_message_starred(records):
            # A server busy with the chatter's images answers late: the tour must not wait.
            time.sleep(1)
            return toggle_message_starred(records)

        with patch.object(MailMessage, "toggle_message_starred", slow_toggle_message_starred):
            self.start_tour(
                self.document.get_portal_url(),
                "portal_chatter_star_message",
                login="portal_tour_employee",
            )
        self.assertTrue(message.with_user(employee).starred)


def _hoot_hash(name):
    """Identifier the Hoot runner gives to a suite or a test named ``name``."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


@tagged("post_install", "-at_install", "portal_tours")
class TestPortalSignatureTours(PortalTourCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DEMO/TOUR/SIGN", "partner_id": cls.portal_partner.id, "amount": 75.0}
        )

    def test_sign_document(self):
        """The customer draws a signature on a draft document, which accepts and issues it."""
        self.start_tour(self.document.get_portal_url(), "portal_sign_document", login="portal_tour")
        self.assertEqual(self.document.state, "posted")
        self.assertEqual(self.document.signed_by, "Tilda Tourist")
        self.assertTrue(self.document.signed_on)
        self.assertTrue(self.document.signature)
        message = self.document.message_ids.filtered(lambda m: "Signed by" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn("Tilda Tourist", message.body)
        self.assertEqual(message.author_id, self.portal_partner)
        self.assertEqual(message.attachment_ids.mimetype, "image/png")

    def test_sign_document_without_name(self):
        """Without a name there is no signature: the route's error is shown."""
        self.portal_partner.name = ""
        self.start_tour(
            self.document.get_portal_url(),
            "portal_sign_document_without_name",
            login="portal_tour",
        )
        self.assertFalse(
            self.document.message_ids.filtered(lambda m: "Signed by" in (m.body or ""))
        )
        self.assertEqual(self.document.state, "draft")
        self.assertFalse(self.document.signature)


@tagged("post_install", "-at_install", "portal_js_unit")
class TestPortalJsUnit(HttpCase):
    def test_hoot_portal_suite(self):
        """Run the portal's Hoot unit tests (static/tests/unit) in the browser."""
        suite = _hoot_hash("@portal")
        self.browser_js(
            f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&suite={suite}",
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] test suite succeeded",
            error_checker=lambda message: "[HOOT]" in message,
        )


@tagged("post_install", "-at_install", "portal_screenshots")
class TestPortalScreenshots(PortalTourCommon):
    """Pictures of the main portal pages for the documentation.

    They are saved in the folder named by ``PORTAL_SCREENSHOTS_DIR`` (``tools/test
    --screenshots`` names ``docs/``), otherwise in a temporary folder: an ordinary test run
    leaves the repository's pictures alone.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.screenshots_dir = os.environ.get("PORTAL_SCREENSHOTS_DIR") or cls.enterClassContext(
            tempfile.TemporaryDirectory(prefix="portal-screenshots-")
        )
        cls.document = cls.env["portal.demo.document"].create(
            {
                "name": "DEMO/SHOT/0001",
                "partner_id": cls.portal_partner.id,
                "amount": 250.0,
                "date": "2026-01-05",
            }
        )
        message = cls.document.message_post(
            body="Your document is ready.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        # A fixed date, shown as such: the picture must not change from one run to the next.
        message.date = datetime(2026, 1, 5, 9, 30)

    def _screenshot(self, url, filename, ready="odoo.__WOWL_DEBUG__ && true", shown=None):
        """Open ``url`` as the customer and save a picture of the page once ``ready`` is
        truthy (or resolved) and, when given, the element of CSS selector ``shown`` is on the
        page (inside the chatter's shadow root as well)."""
        path = os.path.join(self.screenshots_dir, filename)
        # Wait for what the picture must show, then for the page to settle.
        code = (
            f"""
            const selector = {json.dumps(shown)};
            const found = () => document.querySelector(selector)
                || document.querySelector("#chatterRoot")?.shadowRoot?.querySelector(selector);
            const settle = () => setTimeout(() => console.log("test successful"), 800);
            const poll = () => (found() ? settle() : setTimeout(poll, 100));
            poll();
            """
            if shown
            else "setTimeout(() => console.log('test successful'), 800)"
        )
        original_stop = ChromeBrowser.stop

        def stop_after_screenshot(browser):
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride",
                params={"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            )
            metrics = browser._websocket_request("Page.getLayoutMetrics")
            height = min(int(metrics["cssContentSize"]["height"]), 2000)
            shot = browser._websocket_request(
                "Page.captureScreenshot",
                params={
                    "format": "png",
                    "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": 1280, "height": height, "scale": 1},
                },
                timeout=30,
            )
            os.makedirs(self.screenshots_dir, exist_ok=True)
            with open(path, "wb") as image:
                image.write(base64.b64decode(shot["data"]))
            return original_stop(browser)

        with patch.object(ChromeBrowser, "stop", stop_after_screenshot):
            self.browser_js(url, code, ready=ready, login="portal_tour")
        with open(path, "rb") as image:
            self.assertEqual(image.read(8), b"\x89PNG\r\n\x1a\n", f"{filename} is a PNG image")
        self.assertGreater(os.path.getsize(path), 10_000, f"{filename} shows a rendered page")

    def test_screenshots(self):
        """The home page, account details, security page and a document page."""
        self._screenshot("/my", "portal_my_home.png")
        self._screenshot("/my/account", "portal_my_account.png")
        self._screenshot("/my/security", "portal_my_security.png")
        self._screenshot(
            self.document.get_portal_url(),
            "portal_document_page.png",
            ready="odoo.portalChatterReady",
            shown=".o-mail-Message",
        )


@tagged("post_install", "-at_install", "portal_tours")
class TestPortalListTours(PortalTourCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        colleague = cls.env["res.partner"].create(
            {"name": "Bruno Buyer", "parent_id": cls.portal_partner.id}
        )
        cls.env["portal.demo.document"].create(
            [
                {"name": "DEMO/TOUR/LIST", "partner_id": cls.portal_partner.id, "amount": 10.0},
                {"name": "DEMO/OTHER/LIST", "partner_id": colleague.id, "amount": 20.0},
            ]
        )

    def test_search_panel(self):
        """The search box searches in the chosen field and keeps the sorting."""
        self.start_tour("/my/demo_documents?sortby=name", "portal_list_search", login="portal_tour")
