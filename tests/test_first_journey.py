# Part of the clean-room Customer Portal addon. License LGPL-3.
import os
import re
from urllib.parse import urlsplit

from odoo.exceptions import UserError
from odoo.tests import tagged

import odoo.addons.portal as loaded_portal
from odoo.addons.mail.tests.common import MockEmail

from .common import PortalHttpCase, create_company, open_grant_wizard


@tagged("post_install", "-at_install", "portal_journey")
class TestFirstCustomerJourney(PortalHttpCase, MockEmail):
    """A back-office user invites a customer's contact, who then signs in to ``/my``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_partner, (cls.contact_ana, cls.contact_bo) = create_company(
            cls.env,
            "Ridgeway Hardware",
            {"name": "Ana Ridgeway", "email": "Ana.Ridgeway@Example.com"},
            {"name": "Bo Lindqvist", "email": "bo.lindqvist@example.com"},
        )

    def test_portal_is_this_repository(self):
        """The module under test is this repository, not a copy bundled with Odoo."""
        repository = os.path.realpath(os.path.join(os.path.dirname(__file__), os.pardir))
        self.assertEqual(os.path.realpath(os.path.dirname(loaded_portal.__file__)), repository)

    def _line_of(self, wizard, partner):
        return wizard.user_ids.filtered(lambda line: line.partner_id == partner)

    def test_grant_access_then_sign_up_and_land_on_my(self):
        """The invited contact gets a portal user, a mail, and reaches /my after signing up."""
        wizard = open_grant_wizard(self.env, self.company_partner)
        self.assertEqual(
            wizard.user_ids.partner_id,
            self.company_partner | self.contact_ana | self.contact_bo,
            "opening the wizard on a company lists the company and its contacts",
        )

        with self.mock_mail_gateway(mail_unlink_sent=False):
            self._line_of(wizard, self.contact_ana).action_grant_access()

        user = self.contact_ana.with_context(active_test=False).user_ids
        self.assertEqual(len(user), 1)
        self.assertEqual(user.login, "ana.ridgeway@example.com")
        self.assertTrue(user.active)
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_internal())
        self.assertFalse(self.contact_bo.with_context(active_test=False).user_ids)
        self.assertTrue(self._line_of(wizard, self.contact_ana).is_portal)

        self.assertEqual(len(self._new_mails), 1, "one invitation mail")
        invitation = self._new_mails
        self.assertIn("ana.ridgeway@example.com", invitation.email_to.lower())
        links = re.findall(r'href="([^"]*/web/signup\?[^"]*)"', str(invitation.body_html))
        self.assertTrue(links, "the invitation carries a sign-up link")
        signup_url = urlsplit(links[0].replace("&amp;", "&"))

        # The contact follows the link and chooses a password.
        page = self.url_open(f"{signup_url.path}?{signup_url.query}")
        self.assertEqual(page.status_code, 200)
        token = re.search(r"token=([^&]+)", signup_url.query).group(1)
        response = self.url_open(
            "/web/signup",
            data={
                "csrf_token": self._csrf_token(page.text),
                "token": token,
                "login": "ana.ridgeway@example.com",
                "name": "Ana Ridgeway",
                "password": "ana-portal-pass-1",
                "confirm_password": "ana-portal-pass-1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(urlsplit(response.url).path, "/my")
        self.assertIn("Ana Ridgeway", response.text)
        self.assertIn("o_portal_my_home", response.text)

        # Signed in later with the same password, the customer lands on /my again.
        self.opener.cookies.clear()
        login_page = self.url_open("/web/login")
        response = self.url_open(
            "/web/login",
            data={
                "csrf_token": self._csrf_token(login_page.text),
                "login": "ana.ridgeway@example.com",
                "password": "ana-portal-pass-1",
            },
        )
        self.assertEqual(urlsplit(response.url).path, "/my")
        self.assertIn("Ana Ridgeway", response.text)

        # The back office is not theirs: /web and /odoo send them to /my.
        for path in ("/web", "/odoo"):
            response = self.url_open(path, allow_redirects=False)
            self.assertIn(response.status_code, (301, 302, 303))
            self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")

    def test_contacts_that_cannot_be_invited(self):
        """No e-mail, a broken e-mail or a taken e-mail: a clear error and no user."""
        taken = self.env["res.users"].create(
            {"name": "Taken", "login": "taken@example.com", "email": "taken@example.com"}
        )
        cases = {
            "Nadia No-Email": False,
            "Ivo Invalid": "ivo.invalid-at-example",
            "Tess Taken": "Taken@Example.com",
        }
        for name, email in cases.items():
            with self.subTest(name=name):
                contact = self.env["res.partner"].create(
                    {"name": name, "email": email, "parent_id": self.company_partner.id}
                )
                wizard = open_grant_wizard(self.env, contact)
                users_before = (
                    self.env["res.users"].with_context(active_test=False).search_count([])
                )
                with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
                    self._line_of(wizard, contact).action_grant_access()
                self.assertIn(name, str(caught.exception))
                self.assertFalse(contact.with_context(active_test=False).user_ids)
                self.assertEqual(
                    self.env["res.users"].with_context(active_test=False).search_count([]),
                    users_before,
                )
                self.assertFalse(self._new_mails)
        self.assertTrue(taken.exists())
