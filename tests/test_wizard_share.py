# Part of the clean-room Customer Portal addon. License LGPL-3.
import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import create_contacts, create_demo_documents, create_share_wizard, new_portal_customer


@tagged("post_install", "-at_install", "portal_share")
class TestPortalShare(TransactionCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Quay Supplies", "email": "quay@example.com"})
        cls.recipient_ivy = Partner.create({"name": "Ivy Recipient", "email": "ivy@example.com"})
        cls.user_portal = new_portal_customer(
            cls.env, "olly.portal@example.com", name="Olly Portal", email="olly.portal@example.com"
        )
        cls.recipient_olly = cls.user_portal.partner_id
        cls.user_sharer = new_test_user(
            cls.env,
            login="sharer",
            name="Sam Sharer",
            email="sam.sharer@example.com",
            groups="base.group_user,base.group_partner_manager",
        )
        cls.user_employee = new_test_user(
            cls.env, login="no_partner_rights", name="Nora Employee", groups="base.group_user"
        )
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DOC/0042", "partner_id": cls.customer.id}
        )
        cls.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2b")

    def _mail_to(self, partner):
        mails = self._new_mails.filtered(lambda mail: partner in mail.recipient_ids)
        self.assertEqual(len(mails), 1, f"one e-mail for {partner.name}")
        return mails

    def _link_in(self, mail, path):
        """Return the link of the share message's button (the layout may add others)."""
        body = str(mail.body_html)
        links = re.findall(rf'href="([^"]*{re.escape(path)}\?[^"]*)"[^>]*>\s*Open ', body)
        self.assertEqual(len(links), 1, f"the e-mail carries one {path} link to open")
        link = links[0].replace("&amp;", "&")
        return urlsplit(link), parse_qs(urlsplit(link).query)

    # === DEFAULTS AND COMPUTES === #

    def test_default_get_from_context(self):
        """Opened on a document, the wizard knows it and shows its link (token created)."""
        self.assertFalse(self.document.access_token)
        defaults = (
            self.env["portal.share"]
            .with_context(active_model="portal.demo.document", active_id=self.document.id)
            .default_get(["res_model", "res_id", "share_link", "partner_ids"])
        )
        self.assertEqual(defaults["res_model"], "portal.demo.document")
        self.assertEqual(defaults["res_id"], self.document.id)
        self.assertTrue(self.document.access_token)
        link = urlsplit(defaults["share_link"])
        self.assertEqual(f"{link.scheme}://{link.netloc}", self.document.get_base_url())
        self.assertEqual(link.path, "/mail/view")
        query = parse_qs(link.query)
        self.assertEqual(query["model"], ["portal.demo.document"])
        self.assertEqual(query["res_id"], [str(self.document.id)])
        self.assertEqual(query["access_token"], [self.document.access_token])

    def test_default_get_without_document(self):
        """Without an active document, or on a non-portal one, there is no link."""
        defaults = self.env["portal.share"].default_get(["res_model", "res_id", "share_link"])
        self.assertFalse(defaults["res_model"])
        self.assertFalse(defaults["res_id"])
        self.assertNotIn("share_link", defaults)
        defaults = (
            self.env["portal.share"]
            .with_context(active_model="res.partner", active_id=self.customer.id)
            .default_get(["res_model", "res_id", "share_link"])
        )
        self.assertEqual(defaults["res_model"], "res.partner")
        self.assertNotIn("share_link", defaults)

    def test_computed_fields(self):
        """The wizard points to its document, its link and its (empty) warning."""
        wizard = create_share_wizard(self.env, self.document, self.recipient_ivy)
        self.assertEqual(wizard.resource_ref, self.document)
        self.assertIn("/mail/view?", wizard.share_link)
        self.assertIn(f"access_token={self.document.access_token}", wizard.share_link)
        self.assertFalse(wizard.access_warning)

        wizard.res_model = "no.such.model"
        self.assertFalse(wizard.resource_ref)
        self.assertFalse(wizard.share_link)
        wizard.res_model = "res.partner"
        wizard.res_id = self.customer.id
        self.assertEqual(wizard.resource_ref, self.customer)
        self.assertFalse(wizard.share_link, "a contact is not a portal document")

    def test_selection_target_model(self):
        """Every model can be the target of the reference."""
        selection = dict(self.env["portal.share"]._selection_target_model())
        self.assertIn("portal.demo.document", selection)
        self.assertIn("res.partner", selection)

    # === SENDING === #

    def test_send_each_recipient_own_link(self):
        """Each recipient gets its own signed link, the note, and follows the document."""
        wizard = create_share_wizard(
            self.env,
            self.document,
            self.recipient_ivy | self.recipient_olly,
            note="Please check line 2.\nThanks.",
        )
        with self.mock_mail_gateway():
            action = wizard.action_send_mail()
        self.assertEqual(action, {"type": "ir.actions.act_window_close"})
        self.assertTrue(self.document.access_token)
        for partner in (self.recipient_ivy, self.recipient_olly):
            mail = self._mail_to(partner)
            self.assertIn("DOC/0042", mail.subject)
            self.assertIn("Please check line 2.", str(mail.body_html))
            self.assertIn("portal demo document", str(mail.body_html).lower())
            link, query = self._link_in(mail, "/mail/view")
            self.assertEqual(query["model"], ["portal.demo.document"])
            self.assertEqual(query["res_id"], [str(self.document.id)])
            self.assertEqual(query["access_token"], [self.document.access_token])
            self.assertEqual(query["pid"], [str(partner.id)])
            self.assertEqual(query["hash"], [self.document._sign_token(partner.id)])
        self.assertEqual(len(self._new_mails), 2)
        messages = self.document.message_ids.filtered(
            lambda message: (
                message.subtype_id == self.env.ref("mail.mt_note") and message.partner_ids
            )
        )
        self.assertEqual(len(messages), 2, "one message per recipient")
        self.assertEqual(
            {message.partner_ids for message in messages},
            {self.recipient_ivy, self.recipient_olly},
        )
        self.assertLessEqual(
            self.recipient_ivy | self.recipient_olly, self.document.message_partner_ids
        )

    def test_send_signup_link_when_signup_open(self):
        """With open sign-up and no token yet, recipients without a user get a sign-up link."""
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        self.assertFalse(self.document.access_token)
        wizard = create_share_wizard(
            self.env, self.document, self.recipient_ivy | self.recipient_olly
        )
        with self.mock_mail_gateway():
            wizard.action_send_mail()

        mail_ivy = self._mail_to(self.recipient_ivy)
        self.assertNotIn("access_token", str(mail_ivy.body_html))
        links = re.findall(r'href="([^"]*/web/(?:signup|login)\?[^"]*)"', str(mail_ivy.body_html))
        self.assertTrue(links, "Ivy has no user: she gets a sign-up link")
        query = parse_qs(urlsplit(links[0].replace("&amp;", "&")).query)
        redirect = urlsplit(query["redirect"][0])
        self.assertEqual(redirect.path, "/mail/view")
        self.assertEqual(
            parse_qs(redirect.query),
            {"model": ["portal.demo.document"], "res_id": [str(self.document.id)]},
        )
        found = self.env["res.partner"]._get_partner_from_token(query["token"][0])
        self.assertEqual(found, self.recipient_ivy)

        _link, query = self._link_in(self._mail_to(self.recipient_olly), "/mail/view")
        self.assertEqual(query["pid"], [str(self.recipient_olly.id)], "Olly has a user")
        self.assertIn("access_token", query)

    def test_send_public_link_when_document_has_token(self):
        """Once the document has a token, everybody gets the document link."""
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        self.document._portal_ensure_token()
        wizard = create_share_wizard(self.env, self.document, self.recipient_ivy)
        with self.mock_mail_gateway():
            wizard.action_send_mail()
        _link, query = self._link_in(self._mail_to(self.recipient_ivy), "/mail/view")
        self.assertEqual(query["access_token"], [self.document.access_token])

    def test_send_in_recipient_language(self):
        """Each message is written in its recipient's language, not the sender's."""
        self.env["res.lang"]._activate_lang("fr_FR")
        model = self.env["ir.model"]._get("portal.demo.document")
        model.with_context(lang="fr_FR").name = "Document de Démonstration"
        self.recipient_ivy.lang = "fr_FR"
        self.recipient_olly.lang = "en_US"
        self.env.user.lang = "en_US"
        wizard = create_share_wizard(
            self.env, self.document, self.recipient_ivy | self.recipient_olly
        )
        with self.mock_mail_gateway():
            wizard.action_send_mail()
        self.assertIn("document de démonstration", str(self._mail_to(self.recipient_ivy).body_html))
        body_olly = str(self._mail_to(self.recipient_olly).body_html)
        self.assertIn("portal demo document", body_olly)
        self.assertNotIn("démonstration", body_olly)

    def test_sharer_with_contact_rights(self):
        """A user who manages contacts shares through the form of the wizard."""
        self.document.message_subscribe(partner_ids=self.user_sharer.partner_id.ids)
        wizard_form = Form(
            self.env["portal.share"]
            .with_user(self.user_sharer)
            .with_context(active_model="portal.demo.document", active_id=self.document.id)
        )
        self.assertIn("/mail/view?", wizard_form.share_link)
        wizard_form.partner_ids.add(self.recipient_ivy)
        wizard_form.note = "From the form"
        wizard = wizard_form.save()
        with self.mock_mail_gateway():
            wizard.action_send_mail()
        mail = self._mail_to(self.recipient_ivy)
        self.assertEqual(mail.author_id, self.user_sharer.partner_id)
        self.assertIn("From the form", str(mail.body_html))
        self.assertIn("Sam Sharer", str(mail.body_html))

    # === ERRORS === #

    def test_access_rights(self):
        """Users who may not manage contacts cannot use the wizard."""
        with self.assertRaises(AccessError):
            create_share_wizard(
                self.env(user=self.user_employee), self.document, self.recipient_ivy
            )

    def test_refuse_without_recipient(self):
        """Sending needs at least one recipient."""
        wizard = create_share_wizard(self.env, self.document, self.recipient_ivy)
        wizard.partner_ids = [Command.clear()]
        with self.mock_mail_gateway(), self.assertRaises(UserError):
            wizard.action_send_mail()
        self.assertFalse(self._new_mails)

    def test_refuse_non_portal_document(self):
        """A record that is not a portal document, or is gone, cannot be shared."""
        for res_model, res_id in (
            ("res.partner", self.customer.id),
            ("portal.demo.document", self.document.id + 1000),
        ):
            with self.subTest(res_model=res_model):
                wizard = create_share_wizard(self.env, self.document, self.recipient_ivy)
                wizard.write({"res_model": res_model, "res_id": res_id})
                with self.mock_mail_gateway(), self.assertRaises(UserError):
                    wizard.action_send_mail()
                self.assertFalse(self._new_mails)

    def test_refuse_with_access_warning(self):
        """A document that warns about its access is not sent, and nothing is posted."""
        document_model = self.registry["portal.demo.document"]

        def _compute_access_warning(records):
            for record in records:
                record.access_warning = "Only invited people can see this document."

        messages_before = self.document.message_ids
        wizard = create_share_wizard(self.env, self.document, self.recipient_ivy)
        with (
            patch.object(document_model, "_compute_access_warning", _compute_access_warning),
            self.mock_mail_gateway(),
            self.assertRaises(UserError) as caught,
        ):
            self.document.invalidate_recordset(["access_warning"])
            wizard.invalidate_recordset(["access_warning"])
            self.assertEqual(wizard.access_warning, "Only invited people can see this document.")
            wizard.action_send_mail()
        self.assertIn("Only invited people", str(caught.exception))
        self.assertFalse(self._new_mails)
        self.assertEqual(self.document.message_ids, messages_before)
        self.assertNotIn(self.recipient_ivy, self.document.message_partner_ids)

    # === VIEWS === #

    def test_share_action(self):
        """The action opens the form in a medium dialog."""
        action = self.env.ref("portal.portal_share_action")
        self.assertEqual(action.res_model, "portal.share")
        self.assertEqual(action.target, "new")
        self.assertIn("medium", action.context)
        arch = self.env["portal.share"].get_view(self.env.ref("portal.portal_share_wizard").id)
        self.assertIn('name="action_send_mail"', arch["arch"])


@tagged("post_install", "-at_install", "portal_share")
class TestPortalShareQueries(TransactionCase, MockEmail):
    # Each recipient costs one message post (its own link) and one queued e-mail: about 12
    # queries a recipient.
    QUERIES_FIXED = 15
    QUERIES_PER_RECIPIENT = 12

    def test_share_queries_per_recipient(self):
        """Sharing with a list costs a bounded number of queries per recipient."""
        partners = create_contacts(self.env, "Reader", 31)
        document = create_demo_documents(self.env, "Share Customer", ["DOC/0100"])
        with self.mock_mail_gateway():
            create_share_wizard(self.env, document, partners[:1]).action_send_mail()  # warm-up
            counts = []
            for batch in (partners[1:11], partners[11:31]):
                wizard = create_share_wizard(self.env, document, batch)
                self.env.flush_all()
                count_before = self.cr.sql_log_count
                budget = self.QUERIES_FIXED + self.QUERIES_PER_RECIPIENT * len(batch)
                with self.assertQueryCount(budget):
                    wizard.action_send_mail()
                counts.append((self.cr.sql_log_count - count_before) / len(batch))
        self.assertEqual(len(self._new_mails), 31, "one e-mail per recipient")
        self.assertEqual(self._new_mails.recipient_ids, partners)
        # The e-mails wait in the mail queue, which is woken up to send them.
        self.assertEqual(set(self._new_mails.mapped("state")), {"outgoing"})
        mail_queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", mail_queue.id)]))
        with self.mock_mail_gateway():
            self.env["mail.mail"].process_email_queue()
        self.assertEqual(len(self._mails), 31)
        self.assertLessEqual(counts[1], counts[0])
