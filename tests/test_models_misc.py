# Part of the clean-room Customer Portal addon. License LGPL-3.
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import is_html_empty, lazy
from odoo.tools.convert import xml_import


@tagged("post_install", "-at_install", "portal_models")
class TestPartnerEdition(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company = Partner.create({"name": "Fjord Supplies", "is_company": True})
        cls.contact = Partner.create({"name": "Lena Fjord", "parent_id": cls.company.id})
        cls.individual = Partner.create({"name": "Sami Ek"})

    def test_can_edit_vat(self):
        """Only commercial entities may change their tax id."""
        self.assertIs(self.company.can_edit_vat(), True)
        self.assertIs(self.individual.can_edit_vat(), True)
        self.assertIs(self.contact.can_edit_vat(), False)
        self.contact.parent_id = False
        self.assertIs(self.contact.can_edit_vat(), True)

    def test_can_edit_name(self):
        """Every contact may change its name by default."""
        self.assertIs(self.contact._can_edit_name(), True)
        self.assertIs(self.company._can_edit_name(), True)

    def test_one_partner_at_a_time(self):
        """Both checks answer for one partner."""
        partners = self.company | self.contact
        with self.assertRaises(ValueError):
            partners.can_edit_vat()
        with self.assertRaises(ValueError):
            partners._can_edit_name()


@tagged("post_install", "-at_install", "portal_models")
class TestFrontendHooks(TransactionCase):
    def test_customize_show_field(self):
        """Views can be flagged as optional extensions; they are not by default."""
        field = self.env["ir.ui.view"]._fields["customize_show"]
        self.assertEqual(field.type, "boolean")
        self.assertEqual(field.string, "Show As Optional Inherit")
        base_view = self.env["ir.ui.view"].create(
            {"name": "portal test base", "type": "qweb", "arch": "<t t-name='x'><div/></t>"}
        )
        self.assertFalse(base_view.customize_show)
        option = self.env["ir.ui.view"].create(
            {
                "name": "portal test option",
                "type": "qweb",
                "inherit_id": base_view.id,
                "arch": "<xpath expr='//div' position='inside'><span/></xpath>",
                "customize_show": True,
            }
        )
        self.assertTrue(option.customize_show)
        self.assertEqual(
            self.env["ir.ui.view"].search([("customize_show", "=", True), ("id", "=", option.id)]),
            option,
        )

    def test_customize_show_from_xml(self):
        """The template loader fills the field from the customize_show attribute."""
        data = etree.fromstring(
            """<odoo>
                <template id="portal_test_base" name="Portal test base">
                    <div class="o_portal_test"/>
                </template>
                <template id="portal_test_option" name="Portal test option"
                          inherit_id="portal.portal_test_base" customize_show="True">
                    <xpath expr="//div" position="inside"><span/></xpath>
                </template>
            </odoo>"""
        )
        xml_import(self.env, "portal", {}, mode="init").parse(data)
        self.assertFalse(self.env.ref("portal.portal_test_base").customize_show)
        self.assertTrue(self.env.ref("portal.portal_test_option").customize_show)

    def test_translation_modules(self):
        """The portal's translations are served to front-end pages."""
        names = self.env["ir.http"]._get_translation_frontend_modules_name()
        self.assertEqual(names.count("portal"), 1)
        self.assertEqual(names[-1], "portal")
        self.assertIn("web", names)

    def test_frontend_environment(self):
        """Front-end rendering values get the portal helpers and the context values."""
        irqweb = self.env["ir.qweb"].with_context(portal_test_key="from context", lang="en_US")
        values = {"lang": "kept"}
        result = irqweb._prepare_frontend_environment(values)
        self.assertEqual(result._name, "ir.qweb")
        self.assertEqual(result.env.context.get("portal_test_key"), "from context")
        self.assertIs(values["is_html_empty"], is_html_empty)
        self.assertIsInstance(values["frontend_languages"], lazy)
        self.assertEqual(
            dict(values["frontend_languages"]._value),
            dict(self.env["res.lang"]._get_frontend()),
        )
        self.assertEqual(values["portal_test_key"], "from context")
        self.assertEqual(values["lang"], "kept", "existing values are not overwritten")
        self.assertIn("url_for", values, "http_routing's helpers are still added")


@tagged("post_install", "-at_install", "portal_models")
class TestPortalApiKeys(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, login="kai_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="eva_employee", groups="base.group_user")
        cls.public_user = cls.env.ref("base.public_user")
        cls.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", False)

    def _settings(self):
        return self.env["res.config.settings"].create({})

    def test_setting_round_trip(self):
        """The checkbox stores, reads and removes the system parameter."""
        Param = self.env["ir.config_parameter"].sudo()
        field = self.env["res.config.settings"]._fields["portal_allow_api_keys"]
        self.assertEqual(field.string, "Customer API Keys")
        self.assertFalse(self._settings().portal_allow_api_keys)
        self.assertIs(self.env["res.config.settings"].get_values()["portal_allow_api_keys"], False)

        self._settings().write({"portal_allow_api_keys": True})
        self.assertEqual(Param.get_param("portal.allow_api_keys"), "True")
        self.assertTrue(self._settings().portal_allow_api_keys)
        self.assertIs(self.env["res.config.settings"].get_values()["portal_allow_api_keys"], True)

        settings = self._settings()
        settings.portal_allow_api_keys = False
        settings.execute()
        self.assertFalse(Param.search([("key", "=", "portal.allow_api_keys")]))
        self.assertIs(self.env["res.config.settings"].get_values()["portal_allow_api_keys"], False)

    def _check(self, user):
        return self.env["res.users.apikeys.description"].with_user(user).check_access_make_key()

    def test_api_keys_forbidden_by_default(self):
        """Without the setting, only internal users may create API keys."""
        self._check(self.employee)
        with self.assertRaises(AccessError):
            self._check(self.portal_user)
        with self.assertRaises(AccessError):
            self._check(self.public_user)

    def test_api_keys_allowed_for_portal(self):
        """With the setting, portal users may create API keys; public visitors still not."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        self._check(self.employee)
        self._check(self.portal_user)
        with self.assertRaises(AccessError) as refused:
            self._check(self.public_user)
        self.assertIn("portal", str(refused.exception))

    def test_portal_user_creates_key(self):
        """With the setting, a portal user fills the key wizard and gets a key of its own."""
        self.env["ir.config_parameter"].sudo().set_param("portal.allow_api_keys", True)
        wizard = (
            self.env["res.users.apikeys.description"]
            .with_user(self.portal_user)
            .create({"name": "my integration"})
        )
        wizard.check_access_make_key()
        key = wizard.env["res.users.apikeys"]._generate(None, wizard.name, wizard.expiration_date)
        self.assertTrue(key)
        self.assertEqual(
            self.env["res.users.apikeys"]
            .sudo()
            .search_count([("user_id", "=", self.portal_user.id), ("name", "=", "my integration")]),
            1,
        )


@tagged("post_install", "-at_install", "portal_models")
class TestNotificationTypeGroup(TransactionCase):
    """The inbox group follows the notification type, with no write when it already does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inbox_group = cls.env.ref("mail.group_mail_notification_type_inbox")
        cls.employee = new_test_user(cls.env, login="notif.employee", groups="base.group_user")

    def _count_group_writes(self):
        """Patch ``res.users.write`` to record the writes that carry groups."""
        writes = []
        Users = type(self.env["res.users"])
        write = Users.write

        def recording_write(records, values):
            if "groups_id" in values:
                writes.append(records.ids)
            return write(records, values)

        patcher = patch.object(Users, "write", recording_write)
        patcher.start()
        self.addCleanup(patcher.stop)
        return writes

    def test_choice_moves_the_inbox_group(self):
        self.employee.notification_type = "inbox"
        self.assertIn(self.inbox_group, self.employee.groups_id)
        self.employee.notification_type = "email"
        self.assertNotIn(self.inbox_group, self.employee.groups_id)

    def test_group_follows_a_choice_made_at_creation(self):
        user = new_test_user(
            self.env, login="notif.inbox", groups="base.group_user", notification_type="inbox"
        )
        self.assertIn(self.inbox_group, user.groups_id)

    def test_portal_user_from_template_writes_no_group(self):
        """A copy of the portal template, notified by e-mail, needs no group change."""
        partner = self.env["res.partner"].create({"name": "Nia", "email": "nia@example.com"})
        writes = self._count_group_writes()
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            ._create_user_from_template({"login": "nia@example.com", "partner_id": partner.id})
        )
        self.assertEqual(writes, [])
        self.assertEqual(user.notification_type, "email")
        self.assertTrue(user._is_portal())
        self.assertNotIn(self.inbox_group, user.groups_id)

    def test_only_users_out_of_step_are_written(self):
        other = new_test_user(self.env, login="notif.other", groups="base.group_user")
        users = self.employee | other
        self.employee.notification_type = "inbox"
        writes = self._count_group_writes()
        users._inverse_notification_type()
        self.assertEqual(writes, [])
        # a user whose group was taken away behind the ORM's back is put right
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM res_groups_users_rel WHERE uid = %s AND gid = %s",
            [self.employee.id, self.inbox_group.id],
        )
        self.env.invalidate_all()
        users._inverse_notification_type()
        # (mail also writes the groups of an empty recordset, which changes no one)
        self.assertEqual([ids for ids in writes if ids], [self.employee.ids])
        self.assertIn(self.inbox_group, self.employee.groups_id)


@tagged("post_install", "-at_install", "portal_models")
class TestDefaultLanguageLookup(TransactionCase):
    """The default language of front-end pages is read once, and again after any change."""

    def test_follows_the_contacts_default_language(self):
        IrHttp = self.env["ir.http"]
        IrDefault = self.env["ir.default"]
        self.env["res.lang"]._activate_lang("fr_FR")
        IrDefault.set("res.partner", "lang", "en_US")
        self.assertEqual(IrHttp._get_default_partner_lang_code(), "en_US")
        with self.assertQueryCount(0):
            self.assertEqual(IrHttp._get_default_partner_lang_code(), "en_US")
        IrDefault.set("res.partner", "lang", "fr_FR")
        self.assertEqual(IrHttp._get_default_partner_lang_code(), "fr_FR")
        IrDefault.discard_values("res.partner", "lang", ["fr_FR"])
        self.assertIsNone(IrHttp._get_default_partner_lang_code())
