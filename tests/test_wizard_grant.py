# Part of the clean-room Customer Portal addon. License LGPL-3.
import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from psycopg2.errors import SerializationFailure

from odoo import Command
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .common import create_company, create_contacts, open_grant_wizard


class PortalWizardCase(MockEmail):
    """Data and helpers shared by the grant-wizard tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_portal = cls.env.ref("base.group_portal")
        cls.group_public = cls.env.ref("base.group_public")
        cls.group_user = cls.env.ref("base.group_user")
        cls.customer, (cls.contact_ann, cls.contact_ben, cls.invoice_address) = create_company(
            cls.env,
            "Harbour Tools",
            {"name": "Ann Harbour", "email": "ann@harbour.example.com"},
            {"name": "Ben Harbour", "email": "ben@harbour.example.com"},
            {
                "name": "Harbour Accounting",
                "email": "accounting@harbour.example.com",
                "type": "invoice",
            },
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="contact_manager",
            name="Carla Contacts",
            email="carla@example.com",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.user_employee = new_test_user(
            cls.env,
            login="plain_employee",
            name="Emil Employee",
            email="emil.employee@example.com",
            groups="base.group_user",
        )

    def _line(self, partner, env=None):
        wizard = open_grant_wizard(env or self.env, partner)
        return wizard.user_ids.filtered(lambda line: line.partner_id == partner)

    def _speak_french_to_ann(self):
        """Give the invitation a French subject and Ann French, the sender staying English."""
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("portal.mail_template_data_portal_welcome")
        template.with_context(
            lang="fr_FR"
        ).subject = "Votre compte chez {{ object.partner_id.name }}"
        self.contact_ann.lang = "fr_FR"
        self.env.user.lang = "en_US"

    def _users_of(self, partner):
        return partner.with_context(active_test=False).user_ids

    def _signup_links(self, mails):
        links = []
        for mail in mails:
            links += re.findall(r'href="([^"]*/web/signup\?[^"]*)"', str(mail.body_html))
        return [link.replace("&amp;", "&") for link in links]

    def _assert_valid_signup_link(self, link, partner):
        query = parse_qs(urlsplit(link).query)
        self.assertIn("token", query)
        found = self.env["res.partner"]._get_partner_from_token(query["token"][0])
        self.assertEqual(found, partner, "the link's token must resolve to the invited contact")


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardOpen(PortalWizardCase, TransactionCase):
    def test_open_on_company_brings_its_contacts(self):
        """A company brings its individual contacts, not its invoice or delivery addresses."""
        wizard = open_grant_wizard(self.env, self.customer | self.contact_ann)
        self.assertEqual(
            wizard.user_ids.partner_id, self.customer | self.contact_ann | self.contact_ben
        )
        self.assertEqual(len(wizard.user_ids), 3, "no contact appears twice")
        line_ann = wizard.user_ids.filtered(lambda line: line.partner_id == self.contact_ann)
        self.assertEqual(line_ann.email, "ann@harbour.example.com")
        self.assertEqual(line_ann.email_state, "ok")
        self.assertFalse(line_ann.user_id)
        self.assertFalse(line_ann.is_portal or line_ann.is_internal)

    def test_open_other_active_model_ignored(self):
        """Ids of records that are not contacts are not taken as contacts."""
        wizard = (
            self.env["portal.wizard"]
            .with_context(active_model="res.users", active_ids=[self.contact_ann.id])
            .create({})
        )
        self.assertFalse(wizard.user_ids)

    def test_action_open_wizard(self):
        """The server action saves the wizard first and opens it in a dialog."""
        action = (
            self.env["portal.wizard"]
            .with_context(active_model="res.partner", active_ids=self.contact_ben.ids)
            .action_open_wizard()
        )
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "portal.wizard")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["view_mode"], "form")
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertTrue(wizard.exists())
        self.assertEqual(wizard.user_ids.partner_id, self.contact_ben)
        self.assertTrue(all(isinstance(line_id, int) for line_id in wizard.user_ids.ids))
        self.assertEqual(action["name"], "Portal Access Management")
        self.assertEqual(wizard.user_ids.action_refresh_modal(), action)
        server_action = self.env.ref("portal.partner_wizard_action_create_and_open")
        self.assertEqual(server_action.binding_model_id.model, "res.partner")

    def test_email_state(self):
        """Lines tell a missing or broken e-mail from one already used as a login."""
        new_test_user(self.env, login="ben@harbour.example.com", groups="base.group_portal")
        wizard = open_grant_wizard(self.env, self.customer)
        states = {line.partner_id: line.email_state for line in wizard.user_ids}
        self.assertEqual(states[self.customer], "ko")
        self.assertEqual(states[self.contact_ann], "ok")
        self.assertEqual(states[self.contact_ben], "exist")
        line_ann = wizard.user_ids.filtered(lambda line: line.partner_id == self.contact_ann)
        line_ann.email = "not an address"
        self.assertEqual(line_ann.email_state, "ko")
        line_ann.email = "BEN@Harbour.example.com"
        self.assertEqual(line_ann.email_state, "exist")

    def test_similar_users_hooks_return_fresh_lists(self):
        """Overrides extend the returned lists: each call must give a new list."""
        line = self._line(self.contact_ann)
        domain = line._get_similar_users_domain(line)
        self.assertEqual(domain, [("login", "in", ["ann@harbour.example.com"])])
        domain.append(("id", "=", 0))
        self.assertEqual(len(line._get_similar_users_domain(line)), 1)
        fields_list = line._get_similar_users_fields()
        self.assertEqual(fields_list, ["id", "login"])
        fields_list.append("website_id")
        self.assertEqual(line._get_similar_users_fields(), ["id", "login"])

    def test_access_rights(self):
        """Only contact managers may use the wizard."""
        with self.assertRaises(AccessError):
            open_grant_wizard(self.env(user=self.user_employee), self.contact_ann)
        wizard = open_grant_wizard(self.env(user=self.user_manager), self.contact_ann)
        self.assertEqual(wizard.user_ids.partner_id, self.contact_ann)


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardGrant(PortalWizardCase, TransactionCase):
    def test_grant_creates_portal_user_and_invites(self):
        """Granting creates one portal user, logs nothing internal, and mails a sign-up link."""
        line = self._line(self.contact_ann)
        line.wizard_id.welcome_message = "See you on the portal, Ann."
        with self.mock_mail_gateway():
            action = line.action_grant_access()
        self.assertEqual(action["res_id"], line.wizard_id.id)
        self.assertEqual(action["res_model"], "portal.wizard")

        user = self._users_of(self.contact_ann)
        self.assertEqual(len(user), 1)
        self.assertTrue(user.active)
        self.assertEqual(user.login, "ann@harbour.example.com")
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_internal())
        self.assertFalse(user._is_public())
        self.assertEqual(user.company_id, self.env.company)
        self.assertEqual(user.company_ids, self.env.company)
        self.assertEqual(line.user_id, user, "the line sees its new user right away")
        self.assertTrue(line.is_portal)
        self.assertFalse(line.is_internal)
        self.assertEqual(self.contact_ann.sudo().signup_type, "signup")

        self.assertEqual(len(self._new_mails), 1)
        mail = self._new_mails
        self.assertIn("ann@harbour.example.com", mail.email_to)
        self.assertEqual(mail.author_id, self.env.user.partner_id)
        self.assertIn(self.env.company.name, mail.subject)
        self.assertIn("See you on the portal, Ann.", str(mail.body_html))
        self.assertIn("ann@harbour.example.com", str(mail.body_html), "the login is given")
        links = self._signup_links(mail)
        self.assertTrue(links)
        self._assert_valid_signup_link(links[0], self.contact_ann)
        self.assertEqual(len(self._mails), 1, "the invitation is sent at once")

    def test_grant_corrected_email_is_normalised_on_contact(self):
        """An e-mail corrected in the list is written, normalised, on the contact."""
        line = self._line(self.contact_ben)
        line.email = "Ben.New@Harbour.Example.com"
        with self.mock_mail_gateway():
            line.action_grant_access()
        self.assertEqual(self.contact_ben.email, "ben.new@harbour.example.com")
        self.assertEqual(self._users_of(self.contact_ben).login, "ben.new@harbour.example.com")

    def test_grant_contact_of_other_company(self):
        """The user is created in the contact's company, not the current one."""
        company_b = self.env["res.company"].create({"name": "Second Harbour Co"})
        contact = self.env["res.partner"].create(
            {"name": "Dora Second", "email": "dora@second.example.com", "company_id": company_b.id}
        )
        self.env.user.company_ids |= company_b
        with self.mock_mail_gateway():
            self._line(contact).action_grant_access()
        user = self._users_of(contact)
        self.assertEqual(user.company_id, company_b)
        self.assertEqual(user.company_ids, company_b)
        self.assertTrue(user._is_portal())

    def test_contact_of_company_without_access_refused(self):
        """A manager cannot grant access to a contact of a company they do not work for."""
        company_b = self.env["res.company"].create({"name": "Foreign Harbour Co"})
        contact = self.env["res.partner"].create(
            {
                "name": "Olga Foreign",
                "email": "olga@foreign.example.com",
                "company_id": company_b.id,
            }
        )
        line = self._line(contact).with_user(self.user_manager)
        with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
            line.action_grant_access()
        self.assertIn("Olga Foreign", str(caught.exception))
        self.assertFalse(self._users_of(contact))
        self.assertFalse(self._new_mails)

    def test_grant_twice_refused(self):
        """Granting again a contact who already has access fails without a second user."""
        line = self._line(self.contact_ann)
        with self.mock_mail_gateway():
            line.action_grant_access()
        user = self._users_of(self.contact_ann)
        for fresh in (False, True):
            target = self._line(self.contact_ann) if fresh else line
            with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
                target.action_grant_access()
            self.assertIn("Ann Harbour", str(caught.exception))
            self.assertFalse(self._new_mails)
        self.assertEqual(self._users_of(self.contact_ann), user)
        self.assertTrue(user.active)


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardValidation(PortalWizardCase, TransactionCase):
    def _assert_grant_refused(self, line, name, partner=None):
        partner = partner or line.partner_id
        users_before = self.env["res.users"].with_context(active_test=False).search([])
        partner_email = partner.email
        with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
            line.action_grant_access()
        self.assertIn(name, str(caught.exception))
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search([]), users_before
        )
        self.assertEqual(partner.email, partner_email)
        self.assertFalse(self._new_mails)
        return caught.exception

    def test_no_email(self):
        """A contact without e-mail cannot be invited."""
        contact = self.env["res.partner"].create({"name": "Nils Nomail"})
        line = self._line(contact)
        self.assertEqual(line.email_state, "ko")
        self._assert_grant_refused(line, "Nils Nomail")

    def test_invalid_email(self):
        """A contact whose e-mail is not an address cannot be invited."""
        contact = self.env["res.partner"].create({"name": "Ida Invalid", "email": "ida-at-home"})
        self._assert_grant_refused(self._line(contact), "Ida Invalid")
        line = self._line(contact)
        line.email = "still wrong@"
        self._assert_grant_refused(line, "Ida Invalid")

    def test_email_used_by_other_user(self):
        """The login of another user, active or archived, cannot be reused."""
        for active in (True, False):
            with self.subTest(active=active):
                login = f"taken.{str(active).lower()}@example.com"
                other = new_test_user(self.env, login=login, groups="base.group_portal")
                other.active = active
                contact = self.env["res.partner"].create(
                    {"name": f"Tom Taken {active}", "email": login}
                )
                line = self._line(contact)
                self.assertEqual(line.email_state, "exist")
                self._assert_grant_refused(line, f"Tom Taken {active}")

    def test_email_compared_normalised(self):
        """A mixed-case e-mail matches the normalised login of an active or archived user."""
        for active in (True, False):
            with self.subTest(active=active):
                login = "contact.a@example.com" if active else "contact.b@example.com"
                other = new_test_user(self.env, login=login, groups="base.group_portal")
                other.active = active
                email = "Contact.A@Example.com" if active else "Contact.B@Example.com"
                contact = self.env["res.partner"].create(
                    {"name": f"Mixed {active}", "email": email}
                )
                line = self._line(contact)
                self.assertEqual(line.email_state, "exist")
                self._assert_grant_refused(line, f"Mixed {active}")
                self.assertEqual(contact.email, email)

    def test_internal_user_untouched(self):
        """Internal users are shown but cannot be granted, revoked or re-invited."""
        line = self._line(self.user_employee.partner_id)
        self.assertTrue(line.is_internal)
        self.assertFalse(line.is_portal)
        groups = self.user_employee.groups_id
        for action in ("action_grant_access", "action_revoke_access", "action_invite_again"):
            with self.subTest(action=action):
                with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
                    getattr(line, action)()
                self.assertIn("Emil Employee", str(caught.exception))
                self.assertFalse(self._new_mails)
        self.assertEqual(self.user_employee.groups_id, groups)
        self.assertTrue(self.user_employee.active)

    def test_archived_internal_user_untouched(self):
        """An archived employee is not turned into a portal user."""
        self.user_employee.active = False
        line = self._line(self.user_employee.partner_id)
        self.assertTrue(line.is_internal)
        self._assert_grant_refused(line, "Emil Employee")
        self.assertFalse(self.user_employee.active)
        self.assertTrue(self.user_employee._is_internal())

    def test_public_user_refused(self):
        """The anonymous visitor's user can never become a portal user."""
        public_user = self.env.ref("base.public_user")
        public_partner = public_user.partner_id
        # Archived, the visitor's contact is not even listed...
        self.assertFalse(self._line(public_partner))
        # ...and once unarchived by mistake, it is listed but refused.
        public_partner.active = True
        line = self._line(public_partner)
        self.assertEqual(line.user_id, public_user)
        self.assertFalse(line.is_portal or line.is_internal)
        line.email = "visitor@example.com"
        self._assert_grant_refused(line, public_partner.name)
        self.assertFalse(public_user.active)
        self.assertTrue(public_user._is_public())
        self.assertFalse(public_user._is_portal())

    def test_template_user_with_backoffice_rights_refused(self):
        """A portal template that carries internal rights creates no user."""
        template = self.env["res.users"].create(
            {"name": "Wrong Template", "login": "wrong.template", "active": False}
        )
        self.assertTrue(template._is_internal())
        self.env["ir.config_parameter"].set_param("base.template_portal_user_id", template.id)
        self._assert_grant_refused(self._line(self.contact_ann), "Ann Harbour")


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardBoundaries(PortalWizardCase, TransactionCase):
    """What a contact manager may not reach through the wizard, whatever the calls made."""

    def test_template_user_untouched(self):
        """The portal user template cannot be revoked, re-invited, granted or taken over."""
        template = self.env.ref("base.template_portal_user_id")
        template_partner = template.partner_id
        groups, email = template.groups_id, template_partner.email
        # unarchived by mistake, so that the wizard lists it
        template_partner.active = True
        manager_env = self.env(user=self.user_manager)
        wizard = open_grant_wizard(manager_env, template_partner)
        line = wizard.user_ids
        line.email = "taken.over@example.com"
        with self.mock_mail_gateway():
            for action in ("action_revoke_access", "action_invite_again"):
                with self.subTest(action=action), self.assertRaises(UserError) as caught:
                    getattr(line, action)()
                self.assertIn("template", str(caught.exception))
            # Even out of the portal group (by an administrator), it is not granted again.
            template.sudo().write(
                {
                    "groups_id": [
                        Command.unlink(self.group_portal.id),
                        Command.link(self.group_public.id),
                    ]
                }
            )
            line.invalidate_recordset()
            with self.assertRaises(UserError) as caught:
                line.action_grant_access()
            self.assertIn("template", str(caught.exception))
            with self.assertRaises(UserError):
                wizard.action_grant_access_all()
        self.assertFalse(template.active)
        self.assertEqual(template_partner.email, email)
        self.assertEqual(template.groups_id, groups - self.group_portal | self.group_public)
        self.assertFalse(self._new_mails)

    def test_contacts_of_unreadable_companies_not_listed(self):
        """A wizard opened on a contact the user may not read gets no line for it."""
        company_b = self.env["res.company"].create({"name": "Hidden Harbour Co"})
        hidden = self.env["res.partner"].create(
            {"name": "Hana Hidden", "email": "hana@hidden.example.com", "company_id": company_b.id}
        )
        manager_env = self.env(user=self.user_manager)
        with self.assertRaises(AccessError):
            hidden.with_env(manager_env).read(["email"])
        ids = (hidden | self.contact_ann).ids
        wizards = (
            open_grant_wizard(manager_env, hidden | self.contact_ann),
            manager_env["portal.wizard"].create({"partner_ids": [Command.set(ids)]}),
        )
        for wizard in wizards:
            with self.subTest(wizard=wizard.id):
                self.assertEqual(wizard.user_ids.partner_id, self.contact_ann)
                self.assertNotIn("hana@hidden.example.com", wizard.user_ids.mapped("email"))
        with self.assertRaises(AccessError):
            manager_env["portal.wizard.user"].create(
                {"wizard_id": wizards[0].id, "partner_id": hidden.id, "email": "x@example.com"}
            )

    def test_context_ids_that_are_not_ids(self):
        """Booleans and other values among the context's ids are ignored."""
        wizard = (
            self.env["portal.wizard"]
            .with_context(active_model="res.partner", active_ids=[True, "3", None, 2.5])
            .create({})
        )
        self.assertFalse(wizard.user_ids)

    def test_concurrent_grant_reaches_the_request_retry(self):
        """A grant that collides with another transaction is retried, not reported as a
        broken template: the serialization failure reaches Odoo's request retry."""
        Users = type(self.env["res.users"])

        def colliding_create(records, vals_list):
            raise SerializationFailure("could not serialize access due to concurrent update")

        line = self._line(self.contact_ann)
        with patch.object(Users, "create", colliding_create), self.mock_mail_gateway():
            with self.assertRaises(SerializationFailure):
                line.action_grant_access()
            wizard = open_grant_wizard(self.env, self.contact_ben)
            with self.assertRaises(SerializationFailure):
                wizard.action_grant_access_all()
        self.assertFalse(self._new_mails)


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardGrantAll(PortalWizardCase, TransactionCase):
    """The wizard's "Grant Access to All" button: every eligible line at once."""

    def _wizard_with_mixed_lines(self):
        """Return a wizard on the company, whose lines are in every possible state."""
        self.contact_nomail = self.env["res.partner"].create(
            {"name": "Nina Nomail", "parent_id": self.customer.id}
        )
        self.contact_former = self.env["res.partner"].create(
            {
                "name": "Fred Former",
                "email": "fred@harbour.example.com",
                "parent_id": self.customer.id,
                "lang": "fr_FR",
            }
        )
        with self.mock_mail_gateway():
            self._line(self.contact_former).action_grant_access()
            self._line(self.contact_former).action_revoke_access()
            self._line(self.contact_ben).action_grant_access()
        self.former_user = self._users_of(self.contact_former)
        self.ben_user = self._users_of(self.contact_ben)
        self.assertFalse(self.former_user.active)
        self.user_employee.partner_id.parent_id = self.customer
        return open_grant_wizard(self.env, self.customer)

    def test_grant_all_grants_eligible_lines_only(self):
        """New contacts get users, a revoked one gets its user back; the others are untouched."""
        self.env["res.lang"]._activate_lang("fr_FR")
        wizard = self._wizard_with_mixed_lines()
        wizard.welcome_message = "Welcome aboard."
        employee_groups = self.user_employee.groups_id
        with self.mock_mail_gateway():
            action = wizard.action_grant_access_all()
        self.assertEqual(action["res_id"], wizard.id)

        ann_user = self._users_of(self.contact_ann)
        self.assertEqual(len(ann_user), 1)
        self.assertTrue(ann_user.active and ann_user._is_portal())
        self.assertEqual(ann_user.login, "ann@harbour.example.com")
        self.assertEqual(ann_user.company_ids, self.env.company)
        self.assertEqual(self._users_of(self.contact_former), self.former_user, "no second user")
        self.assertTrue(self.former_user.active and self.former_user._is_portal())
        self.assertFalse(self.former_user._is_public())
        self.assertFalse(self._users_of(self.contact_nomail))
        self.assertFalse(self._users_of(self.customer), "the company has no e-mail")
        self.assertEqual(self.user_employee.groups_id, employee_groups)

        lines = {line.partner_id: line for line in wizard.user_ids}
        self.assertTrue(lines[self.contact_ann].is_portal)
        self.assertEqual(lines[self.contact_ann].user_id, ann_user)
        self.assertTrue(lines[self.contact_former].is_portal)

        # One invitation per contact granted, none for Ben who already had access.
        self.assertEqual(
            sorted(self._new_mails.mapped("email_to")),
            sorted(
                [
                    ann_user.email_formatted,
                    self.former_user.email_formatted,
                ]
            ),
        )
        for mail, partner in (
            (self._new_mails.filtered(lambda m: "ann@" in m.email_to), self.contact_ann),
            (self._new_mails.filtered(lambda m: "fred@" in m.email_to), self.contact_former),
        ):
            self.assertIn("Welcome aboard.", str(mail.body_html))
            links = self._signup_links(mail)
            self.assertTrue(links)
            self._assert_valid_signup_link(links[0], partner)
            self.assertEqual(partner.sudo().signup_type, "signup")
        # The invitations wait in the mail queue, which is woken up to send them.
        self.assertEqual(set(self._new_mails.mapped("state")), {"outgoing"})
        mail_queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", mail_queue.id)]),
            "the mail queue is asked to run",
        )
        with self.mock_mail_gateway():
            self.env["mail.mail"].process_email_queue()
        self.assertEqual(
            sorted(mail["email_to"][0] for mail in self._mails),
            sorted([ann_user.email_formatted, self.former_user.email_formatted]),
        )

    def test_grant_all_in_recipient_language(self):
        """Each invitation of the batch is rendered in its contact's language."""
        self._speak_french_to_ann()
        with self.mock_mail_gateway():
            open_grant_wizard(
                self.env, self.contact_ann | self.contact_ben
            ).action_grant_access_all()
        subjects = {mail.email_to: mail.subject for mail in self._new_mails}
        self.assertEqual(len(subjects), 2)
        for email_to, subject in subjects.items():
            if "ann@" in email_to:
                self.assertEqual(subject, "Votre compte chez Ann Harbour")
            else:
                self.assertNotIn("Votre compte", subject)

    def test_grant_all_refused_lines_change_nothing(self):
        """One contact that may not be granted stops the whole batch, before any write."""
        # the contact of the anonymous visitor, given an address so that its line is eligible
        public_partner = self.env.ref("base.public_partner")
        public_partner.write({"active": True, "email": "visitors@harbour.example.com"})
        wizard = open_grant_wizard(
            self.env(user=self.user_manager), self.contact_ann | public_partner
        )
        line_ann = wizard.user_ids.filtered(lambda line: line.partner_id == self.contact_ann)
        line_ann.email = "Ann.Changed@Harbour.Example.com"
        users_before = self.env["res.users"].with_context(active_test=False).search([])
        with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
            wizard.action_grant_access_all()
        self.assertIn(public_partner.name, str(caught.exception))
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search([]), users_before
        )
        self.assertEqual(self.contact_ann.email, "ann@harbour.example.com")
        self.assertFalse(self._new_mails)

    def test_grant_all_without_eligible_line(self):
        """A list where nobody can be granted says so."""
        contact = self.env["res.partner"].create({"name": "Nils Nomail"})
        with self.mock_mail_gateway(), self.assertRaises(UserError):
            open_grant_wizard(self.env, contact).action_grant_access_all()
        self.assertFalse(self._new_mails)

    def test_grant_all_with_backoffice_template_refused(self):
        """A portal template that carries internal rights creates no user in a batch either."""
        template = self.env["res.users"].create(
            {"name": "Wrong Template", "login": "wrong.template.all", "active": False}
        )
        self.env["ir.config_parameter"].set_param("base.template_portal_user_id", template.id)
        users_before = self.env["res.users"].with_context(active_test=False).search([])
        with self.mock_mail_gateway(), self.assertRaises(UserError):
            open_grant_wizard(
                self.env, self.contact_ann | self.contact_ben
            ).action_grant_access_all()
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search([]), users_before
        )
        self.assertFalse(self._new_mails)

    def test_grant_all_missing_template_refused(self):
        """Without a portal user template, the batch names a contact and creates nothing."""
        self.env["ir.config_parameter"].set_param("base.template_portal_user_id", "0")
        with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
            open_grant_wizard(self.env, self.contact_ann).action_grant_access_all()
        self.assertIn("Ann Harbour", str(caught.exception))
        self.assertFalse(self._users_of(self.contact_ann))

    def test_grant_all_by_contact_manager(self):
        """A user who manages contacts but not users can grant a whole list."""
        wizard = open_grant_wizard(self.env(user=self.user_manager), self.customer)
        with self.mock_mail_gateway():
            wizard.action_grant_access_all()
        for contact in (self.contact_ann, self.contact_ben):
            self.assertTrue(self._users_of(contact)._is_portal())
        self.assertEqual(len(self._new_mails), 2)


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardRevoke(PortalWizardCase, HttpCase):
    def _grant(self, partner, env=None):
        with self.mock_mail_gateway():
            self._line(partner, env=env).action_grant_access()
        return self._users_of(partner)

    def test_revoke_keeps_user_and_documents(self):
        """Revoking archives the user, keeps its documents, and stops the invitation."""
        user = self._grant(self.contact_ann)
        document = self.env["res.partner"].with_user(user).sudo().create({"name": "Ann's note"})
        self.assertEqual(document.create_uid, user)
        message = self.contact_ann.message_post(body="Hello Ann", author_id=user.partner_id.id)
        line = self._line(self.contact_ann)
        self.assertTrue(line.is_portal)
        with self.mock_mail_gateway():
            line.action_revoke_access()
        self.assertFalse(self._new_mails, "revoking sends nothing")
        self.assertTrue(user.exists())
        self.assertFalse(user.active)
        self.assertFalse(user._is_portal())
        self.assertTrue(user._is_public())
        self.assertFalse(user._is_internal())
        self.assertFalse(self.contact_ann.sudo().signup_type)
        self.assertTrue(self.contact_ann.active)
        self.assertTrue(document.exists())
        self.assertTrue(message.exists())
        self.assertFalse(line.is_portal)
        self.assertEqual(line.user_id, user)

    def test_revoke_user_with_default_groups_cannot_sign_in(self):
        """Extra groups that new users get by default do not keep a revoked user signed in."""
        user = self._grant(self.contact_ann)
        user.password = "ann-portal-password"
        share_groups = self.env.ref("base.default_user").groups_id.filtered(
            lambda group: group != self.group_user and not group.implied_ids & self.group_user
        )
        self.assertTrue(share_groups)
        user.groups_id |= share_groups
        self.authenticate(user.login, "ann-portal-password")
        self.assertEqual(self.session.uid, user.id)
        self.logout()

        self._line(self.contact_ann).action_revoke_access()
        self.assertFalse(user.active)
        self.assertFalse(user._is_portal())
        self.assertFalse(user._is_internal())
        with mute_logger("odoo.addons.base.models.res_users"), self.assertRaises(AccessDenied):
            self.authenticate(user.login, "ann-portal-password")
        self.assertTrue(user.exists())

    def test_grant_revoke_grant_same_user(self):
        """Access given back from a fresh wizard reactivates the same user with a new mail."""
        user = self._grant(self.contact_ann)
        self._line(self.contact_ann).action_revoke_access()
        with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
            self._line(self.contact_ann).action_revoke_access()
        self.assertIn("Ann Harbour", str(caught.exception))
        self.assertFalse(user.active)

        line = self._line(self.contact_ann)
        self.assertEqual(line.user_id, user)
        self.assertEqual(line.email_state, "ok", "its own archived user does not block it")
        self.assertFalse(line.is_portal)
        with self.mock_mail_gateway():
            line.action_grant_access()
        self.assertEqual(self._users_of(self.contact_ann), user, "no second user")
        self.assertTrue(user.active)
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_public())
        self.assertTrue(line.is_portal)
        self.assertEqual(len(self._new_mails), 1)
        self._assert_valid_signup_link(self._signup_links(self._new_mails)[0], self.contact_ann)

    def test_invite_again(self):
        """Re-inviting sends a new, valid sign-up link; it needs access first."""
        line = self._line(self.contact_ben)
        with self.mock_mail_gateway(), self.assertRaises(UserError) as caught:
            line.action_invite_again()
        self.assertIn("Ben Harbour", str(caught.exception))
        self.assertFalse(self._new_mails)

        user = self._grant(self.contact_ben)
        line = self._line(self.contact_ben)
        with self.mock_mail_gateway():
            line.action_invite_again()
        self.assertEqual(len(self._new_mails), 1)
        self.assertIn("ben@harbour.example.com", self._new_mails.email_to)
        self._assert_valid_signup_link(self._signup_links(self._new_mails)[0], self.contact_ben)
        self.assertEqual(self._users_of(self.contact_ben), user)

    def test_contact_manager_grants_and_revokes(self):
        """A contact manager without user rights can grant and revoke, nothing more."""
        self.assertFalse(self.user_manager.has_group("base.group_erp_manager"))
        manager_env = self.env(user=self.user_manager)
        user = self._grant(self.contact_ann, env=manager_env)
        self.assertTrue(user.active)
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_internal())
        self.assertEqual(len(self._new_mails), 1)
        self.assertEqual(self._new_mails.author_id, self.user_manager.partner_id)

        self._line(self.contact_ann, env=manager_env).action_revoke_access()
        self.assertFalse(user.active)
        self.assertFalse(user._is_portal())
        self.assertFalse(user._is_internal())

        line = self._line(self.user_employee.partner_id, env=manager_env)
        groups = self.user_employee.groups_id
        for action in ("action_grant_access", "action_revoke_access"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(line, action)()
        self.assertEqual(self.user_employee.groups_id, groups)
        self.assertTrue(self.user_employee._is_internal())

    def test_grant_never_changes_internal_groups(self):
        """Neither granting nor revoking adds or removes an internal group."""
        user = self._grant(self.contact_ann)
        self.assertEqual(user.groups_id, self.group_portal)
        self._line(self.contact_ann).action_revoke_access()
        self.assertEqual(user.groups_id, self.group_public)
        self._grant(self.contact_ann)
        self.assertEqual(user.groups_id, self.group_portal)


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardLanguage(PortalWizardCase, TransactionCase):
    def test_invitation_in_recipient_language(self):
        """The invitation is rendered in the contact's language, not the sender's."""
        self._speak_french_to_ann()
        with self.mock_mail_gateway():
            self._line(self.contact_ann).action_grant_access()
        self.assertEqual(self._new_mails.subject, "Votre compte chez Ann Harbour")
        self.assertEqual(self._users_of(self.contact_ann).lang, "fr_FR")


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardQueries(PortalWizardCase, TransactionCase):
    # About 30 queries a contact: creating the user from the template and logging the new
    # access on the contact's chatter (some 20), then sending the invitation (some 10). The
    # bundled portal spends about 130: every creation made mail rewrite the new user's inbox
    # group, and each such write emptied the ORM caches (see models/res_users.py).
    QUERIES_PER_CONTACT = 31
    # Granting a list at once: about 25 queries for the whole batch, then 6 a contact (the
    # users are created in one call, the invitations rendered in one batch and queued).
    QUERIES_AT_ONCE_FIXED = 25
    QUERIES_AT_ONCE_PER_CONTACT = 6

    def test_grant_queries_per_contact(self):
        """Granting line by line costs a bounded number of queries per contact."""
        contacts = create_contacts(self.env, "Crew", 16, "harbour.example.com")
        wizard = open_grant_wizard(self.env, contacts)
        lines = wizard.user_ids.sorted(lambda line: line.partner_id.id)
        with self.mock_mail_gateway():
            lines[0].action_grant_access()  # warm-up
            counts = []
            for batch in (lines[1:6], lines[6:16]):
                count_before = self.cr.sql_log_count
                with self.assertQueryCount(self.QUERIES_PER_CONTACT * len(batch)):
                    for line in batch:
                        line.action_grant_access()
                counts.append((self.cr.sql_log_count - count_before) / len(batch))
        self.assertTrue(all(line.is_portal for line in lines))
        self.assertEqual(len(self._new_mails), 16, "one invitation per contact")
        # The cost of one contact does not grow with the number of contacts.
        self.assertLessEqual(counts[1], counts[0] + 2)

    def test_grant_all_queries_per_contact(self):
        """Granting a list at once costs a fraction of the line-by-line queries per contact."""
        contacts = create_contacts(self.env, "Crew", 41, "harbour.example.com")
        with self.mock_mail_gateway():
            open_grant_wizard(self.env, contacts[:1]).action_grant_access_all()  # warm-up
            counts = []
            for batch in (contacts[1:11], contacts[11:41]):
                wizard = open_grant_wizard(self.env, batch)
                count_before = self.cr.sql_log_count
                budget = self.QUERIES_AT_ONCE_FIXED + self.QUERIES_AT_ONCE_PER_CONTACT * len(batch)
                with self.assertQueryCount(budget):
                    wizard.action_grant_access_all()
                counts.append((self.cr.sql_log_count - count_before) / len(batch))
        self.assertTrue(all(contact.user_ids._is_portal() for contact in contacts))
        self.assertEqual(len(self._new_mails), 41, "one invitation per contact")
        # The per-contact cost falls as the list grows.
        self.assertLess(counts[1], counts[0])


@tagged("post_install", "-at_install", "portal_wizard")
class TestPortalWizardViews(PortalWizardCase, TransactionCase):
    def test_invitation_preview_without_user(self):
        """The invitation renders on a line whose contact has no user yet."""
        line = self._line(self.contact_ann)
        self.assertFalse(line.user_id)
        template = self.env.ref("portal.mail_template_data_portal_welcome")
        self.assertEqual(template.model_id.model, "portal.wizard.user")
        self.contact_ann.company_id = self.env.company
        subject = template._render_field("subject", line.ids)[line.id]
        self.assertIn(self.env.company.name, subject)
        body = str(template._render_field("body_html", line.ids)[line.id])
        self.assertIn("Ann Harbour", body)
        self.assertIn("/web/login?", body, "the contact's sign-up URL is the button target")
        email_to = template._render_field("email_to", line.ids)[line.id]
        self.assertIn("ann@harbour.example.com", email_to)

    def test_wizard_form_view(self):
        """The form shows the lines with their row buttons in the dedicated widget."""
        arch = self.env["portal.wizard"].get_view(self.env.ref("portal.wizard_view").id)["arch"]
        self.assertIn('widget="portal_wizard_user_one2many"', arch)
        for button in (
            "action_grant_access",
            "action_revoke_access",
            "action_invite_again",
            "action_refresh_modal",
        ):
            self.assertIn(f'name="{button}"', arch)

    def test_settings_checkbox(self):
        """The settings offer the API-key checkbox inside the API keys setting."""
        view = self.env.ref("base_setup.res_config_settings_view_form")
        arch = view.get_combined_arch()
        self.assertIn('name="portal_allow_api_keys"', arch)
        self.assertEqual(
            self.env.ref("portal.res_config_settings_view_form").inherit_id,
            view,
        )
