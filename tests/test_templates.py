# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Frontend QWeb templates: structure, hooks kept for downstream addons, and rendering."""

import contextlib
import json
from datetime import timedelta
from unittest.mock import Mock, patch

from lxml import etree, html
from werkzeug.datastructures import MultiDict

import odoo.http
from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import DotDict
from odoo.tools.template_inheritance import locate_node

# Downstream locators of the inheritance registry, per portal view. Each entry is either an
# xpath expression or a spec node written as XML (tag + attributes). Every one of them must
# match exactly one node of the combined arch.
DOWNSTREAM_LOCATORS = {
    "portal.portal_breadcrumbs": ["//ol[hasclass('o_portal_submenu')]"],
    "portal.portal_my_home": [
        "//div[hasclass('o_portal_docs')]",
        '<div id="portal_alert_category"/>',
        '<div id="portal_client_category"/>',
        '<div id="portal_service_category"/>',
        '<div id="portal_vendor_category"/>',
    ],
    "portal.portal_sidebar": [
        "//div[hasclass('o_portal_sidebar')]",
        "//t[@t-call='portal.portal_layout']",
    ],
    "portal.portal_layout": ["//t[@t-call='portal.frontend_layout']"],
    "portal.frontend_layout": [
        "//t[@t-if='not_uses_default_logo'][1]",
        "//t[@t-if='not_uses_default_logo'][2]",
        "//header/t[@t-cache]",
        "//html",
        "//head",
        "//head/*[1]",
        "//footer",
        "//footer[@id='bottom']",
        "//div[hasclass('o_footer_copyright')]",
        "//t[@t-call='web.brand_promotion']/..",
        "//div[@id='wrapwrap']",
        "//*[hasclass('o_footer_copyright_name')]",
        "//t[@id='language_selector_call']",
    ],
    "portal.portal_docs_entry": ["//a", "//div[hasclass('o_portal_icon')]"],
    "portal.portal_my_details_fields": [
        "//select[@name='country_id']/..",
        "//input[@name='vat']/..",
        '<label for="vat"/>',
    ],
    "portal.portal_my_security": [
        "//div[input[@name='new1']]",
        "//input[@name='new1']",
        "//section[@name='portal_change_password']",
    ],
    "portal.side_content": ['<div name="portal_contact"/>'],
    "portal.message_thread": ["//div[@id='discussion']", "//*[@id='discussion']"],
    "portal.user_dropdown": ["//t[@t-set='is_connected']", "//*[@id='o_logout_divider']"],
    "portal.language_selector": [
        "//t[@t-nocache]",
        "//t[@t-set='active_lang']",
        "//button[contains(@t-attf-class, 'dropdown-toggle')]/span",
        "//*[contains(@t-attf-class, 'js_language_selector')]",
        "//*[contains(@t-attf-class, 'dropdown-toggle')]",
        "//*[@role='menu']",
        "//t[@t-foreach='frontend_languages.values()']",
        "//*[contains(@t-attf-class, 'js_change_lang')]/span",
        "//*[contains(@t-attf-class,'dropdown-item')]",
    ],
    "portal.portal_back_in_edit_mode": ["//*[hasclass('text-center')]"],
}

TINY_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwAD"
    "hgGAWjR9awAAAABJRU5ErkJggg=="
)

# Locators that target nodes of web.frontend_layout several of which exist (the first one is
# used by the view inheritance engine): they must find their intended node first.
FIRST_MATCH_LOCATORS = [
    ("//head/meta[last()]", "meta"),
    ("//head/script", "script"),
    ("//header", "header"),
    ("//header//nav", "nav"),
]


@contextlib.contextmanager
def fake_frontend_request(env, path="/my/home", args=None, session=None):
    """Push a minimal frontend HTTP request so that templates reading ``request`` render."""
    http_session = DotDict(odoo.http.get_default_session())
    http_session.context = {"lang": env.lang or "en_US"}
    http_session.update(session or {})
    request = Mock(
        env=env,
        cr=env.cr,
        uid=env.uid,
        context=env.context,
        registry=env.registry,
        db=env.cr.dbname,
        session=http_session,
        is_frontend=True,
        is_frontend_multilang=True,
        httprequest=Mock(path=path, args=MultiDict(args or {}), environ={}, cookies={}),
        lang=env["res.lang"]._get_data(code=env.lang or "en_US"),
    )
    request.csrf_token = lambda *args, **kwargs: "fake-csrf-token"
    odoo.http._request_stack.push(request)
    try:
        yield request
    finally:
        odoo.http._request_stack.pop()


class PortalTemplateCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.country_be = cls.env.ref("base.be")
        cls.country_us = cls.env.ref("base.us")
        cls.portal_partner = cls.env["res.partner"].create(
            {
                "name": "Mireille Dupont",
                "email": "mireille.dupont@example.com",
                "street": "Rue des Tanneurs 12",
                "city": "Namur",
                "zip": "5000",
                "country_id": cls.country_be.id,
                "phone": "+32 81 00 00 00",
            }
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": "Mireille Dupont",
                "login": "mireille.templates",
                "partner_id": cls.portal_partner.id,
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )
        cls.internal_user = cls.env["res.users"].create(
            {
                "name": "Sales Rep",
                "login": "salesrep.templates",
                "email": "rep@example.com",
                "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])],
            }
        )

    def render(
        self, template, values=None, user=None, path="/my/home", args=None, session=None, lang=None
    ):
        """Render ``template`` as ``user`` (portal user by default) and parse the result."""
        env = self.env(user=user or self.portal_user)
        if lang:
            env = env(context=dict(env.context, lang=lang))
        with fake_frontend_request(env, path=path, args=args, session=session):
            output = env["ir.qweb"]._render(template, dict(values or {}))
        if output.lstrip().startswith("<!DOCTYPE"):
            return output, html.document_fromstring(output)
        return output, html.fromstring(f"<div id='test_root'>{output}</div>")

    def _details_values(self, **extra):
        values = {
            "partner": self.portal_partner,
            "countries": self.country_be | self.country_us,
            "states": self.env["res.country.state"].search(
                [("country_id", "=", self.country_us.id)]
            ),
            "partner_can_edit_vat": True,
            "error": {},
            "error_message": [],
            "page_name": "my_details",
            "sales_user": self.env["res.users"],
        }
        values.update(extra)
        return values

    def _security_values(self, **extra):
        def get_error(errors, path=""):
            value = errors
            for key in path.split(".") if path else []:
                if not isinstance(value, dict):
                    return None
                value = value.get(key)
            return value if isinstance(value, str) else None

        values = {
            "page_name": "security",
            "sales_user": self.env["res.users"],
            "get_error": get_error,
            "errors": {},
            "success": {},
            "allow_api_keys": False,
            "open_deactivate_modal": False,
        }
        values.update(extra)
        return values

    def _patch_url_localized(self):
        """Replace the URL translation helper; return the list of its recorded calls."""
        calls = []

        def fake_url_localized(url=None, **kwargs):
            # The real helper re-matches the current route, which needs a live HTTP server.
            calls.append(kwargs)
            return "/%s/localized" % kwargs["lang_code"].split("_")[0]

        patcher = patch.object(type(self.env["ir.http"]), "_url_localized", fake_url_localized)
        patcher.start()
        self.addCleanup(patcher.stop)
        return calls


@tagged("post_install", "-at_install", "portal_templates")
class TestPortalTemplateHooks(PortalTemplateCase):
    """The nodes other addons locate in the portal views stay unique and in place."""

    def _combined_arch(self, xmlid):
        return etree.fromstring(self.env.ref(xmlid).get_combined_arch())

    def _extend(self, xmlid, name, arch):
        """Extend the portal view ``xmlid`` as a downstream addon would."""
        return self.env["ir.ui.view"].create(
            {"name": name, "type": "qweb", "inherit_id": self.env.ref(xmlid).id, "arch": arch}
        )

    def test_every_template_of_the_contract_exists(self):
        primary = [
            "frontend_layout",
            "language_selector",
            "user_dropdown",
            "placeholder_user_sign_in",
            "user_sign_in_redirect",
            "portal_breadcrumbs",
            "portal_back_in_edit_mode",
            "portal_layout",
            "side_content",
            "portal_contact",
            "portal_my_contact",
            "portal_my_home",
            "portal_docs_entry",
            "portal_table",
            "portal_searchbar",
            "portal_record_sidebar",
            "record_pager",
            "pager",
            "portal_my_details_fields",
            "portal_my_details",
            "portal_my_security",
            "message_thread",
            "signature_form",
            "portal_sidebar",
        ]
        for name in primary:
            view = self.env.ref(f"portal.{name}")
            self.assertEqual(view.type, "qweb", name)
        extensions = {
            "frontend_layout": "web.frontend_layout",
            "footer_language_selector": "portal.frontend_layout",
            "my_account_link": "portal.user_dropdown",
            "user_sign_in": "portal.placeholder_user_sign_in",
            "portal_docs_entry_layout": "portal.portal_docs_entry",
            "message_document_unfollowed": "mail.message_document_unfollowed",
        }
        for name, parent in extensions.items():
            view = self.env.ref(f"portal.{name}")
            self.assertEqual(view.inherit_id, self.env.ref(parent), name)
            self.assertEqual(view.mode, "extension", name)
            self.assertTrue(view.active, name)
        names = {
            "frontend_layout": "Main Frontend Layout",
            "footer_language_selector": "Footer Language Selector",
            "user_dropdown": "Portal User Dropdown",
            "my_account_link": "Link to frontend portal",
            "user_sign_in_redirect": "User Sign In redirect",
            "portal_docs_entry_layout": "Use Pictograms",
            "portal_record_sidebar": "My Portal Record Sidebar",
            "signature_form": "Ask Signature",
            "portal_sidebar": "Sidebar",
        }
        for xmlid, name in names.items():
            self.assertEqual(self.env.ref(f"portal.{xmlid}").name, name)
        redirect = self.env.ref("portal.user_sign_in_redirect")
        self.assertEqual(redirect.mode, "primary")
        self.assertEqual(redirect.inherit_id, self.env.ref("portal.user_sign_in"))
        self.assertTrue(self.env.ref("portal.portal_docs_entry_layout").customize_show)

    def test_downstream_locators_match_exactly_one_node(self):
        for xmlid, locators in DOWNSTREAM_LOCATORS.items():
            arch = self._combined_arch(xmlid)
            for locator in locators:
                with self.subTest(view=xmlid, locator=locator):
                    if locator.startswith("<"):
                        spec = etree.fromstring(locator)
                        matches = [
                            node
                            for node in arch.iter(spec.tag)
                            if all(node.get(key) == value for key, value in spec.items())
                        ]
                    else:
                        matches = arch.xpath(locator)
                    self.assertEqual(len(matches), 1, f"{locator} in {xmlid}")

    def test_frontend_layout_first_matches(self):
        arch = self._combined_arch("portal.frontend_layout")
        for locator, tag in FIRST_MATCH_LOCATORS:
            with self.subTest(locator=locator):
                node = locate_node(arch, etree.fromstring(f'<xpath expr="{locator}"/>'))
                self.assertIsNotNone(node)
                self.assertEqual(node.tag, tag)
        # The portal navbar is the first nav of the header, wrapped in the cached t.
        nav = arch.xpath("//header//nav")[0]
        self.assertEqual(nav.getparent().tag, "t")
        self.assertIsNotNone(nav.getparent().get("t-cache"))
        self.assertEqual(nav.getparent().getparent().tag, "header")
        # The skip link is the first child of #wrapwrap.
        wrapwrap = arch.xpath("//div[@id='wrapwrap']")[0]
        self.assertIn("o_skip_to_content", wrapwrap[0].get("class"))
        self.assertEqual(wrapwrap[0].get("href"), "#wrap")
        # Both logo conditions are siblings, OpenGraph first.
        first, second = arch.xpath("//t[@t-if='not_uses_default_logo']")
        self.assertIs(first.getparent(), second.getparent())
        self.assertEqual(first[0].get("property"), "og:image")
        self.assertEqual(second[0].get("property"), "twitter:image")

    def test_literal_locators_of_portal_extensions(self):
        """Website's module-update test rewrites these arches textually."""
        footer = etree.fromstring(self.env.ref("portal.footer_language_selector").arch)
        self.assertEqual(footer[0].get("expr"), "//*[hasclass('o_footer_copyright_name')]")
        account_link = etree.fromstring(self.env.ref("portal.my_account_link").arch)
        self.assertEqual(account_link[0].get("expr"), "//*[@id='o_logout_divider']")

    def test_extensions_survive_website_rewrites(self):
        """Website's module-update test re-parents two extensions with a textual rewrite."""
        footer = self.env.ref("portal.footer_language_selector")
        footer.write(
            {
                "inherit_id": self.env.ref("portal.portal_back_in_edit_mode").id,
                "arch": footer.arch_db.replace("o_footer_copyright_name", "text-center"),
            }
        )
        arch = etree.fromstring(self.env.ref("portal.portal_back_in_edit_mode").get_combined_arch())
        self.assertEqual(
            arch.xpath("//*[hasclass('text-center')]")[0].getnext().get("id"),
            "language_selector_call",
        )
        account_link = self.env.ref("portal.my_account_link")
        account_link.write(
            {
                "inherit_id": self.env.ref("portal.message_thread").id,
                "arch_db": account_link.arch_db.replace("o_logout_divider", "discussion"),
            }
        )
        arch = etree.fromstring(self.env.ref("portal.message_thread").get_combined_arch())
        self.assertEqual(arch.xpath("//a[@href='/my/home']")[0].getnext().get("id"), "discussion")

    def test_downstream_style_extensions_apply_and_render(self):
        """Views written like the downstream ones inherit the portal views without errors."""
        self._extend(
            "portal.portal_breadcrumbs",
            "test breadcrumbs item",
            """
                <xpath expr="//ol[hasclass('o_portal_submenu')]" position="inside">
                    <li t-if="page_name == 'widget'" class="test_crumb">Widgets</li>
                </xpath>""",
        )
        self._extend(
            "portal.portal_my_home",
            "test home card",
            """
                <data>
                    <xpath expr="//div[hasclass('o_portal_docs')]" position="before">
                        <t t-set="portal_client_category_enable" t-value="True"/>
                    </xpath>
                    <div id="portal_client_category" position="inside">
                        <t t-call="portal.portal_docs_entry">
                            <t t-set="title">Widgets</t>
                            <t t-set="url" t-value="'/my/widgets'"/>
                            <t t-set="placeholder_count" t-value="'widget_count'"/>
                        </t>
                    </div>
                </data>""",
        )
        self._extend(
            "portal.portal_my_details_fields",
            "test vat replace",
            """
                <data>
                    <xpath expr="//input[@name='vat']/.." position="before">
                        <div class="test_before_vat"/>
                    </xpath>
                    <label for="vat" position="replace">
                        <span class="test_label_wrapper">$0</span>
                    </label>
                    <xpath expr="//select[@name='country_id']/.." position="after">
                        <div class="test_after_country"/>
                    </xpath>
                </data>""",
        )
        self._extend(
            "portal.portal_my_security",
            "test password policy",
            """
                <data>
                    <xpath expr="//div[input[@name='new1']]" position="attributes">
                        <attribute name="id">new-password-group</attribute>
                    </xpath>
                    <xpath expr="//input[@name='new1']" position="after">
                        <span class="test_meter"/>
                    </xpath>
                    <xpath expr="//section[@name='portal_change_password']" position="after">
                        <section class="test_totp"/>
                    </xpath>
                </data>""",
        )

        _out, page = self.render("portal.portal_breadcrumbs", {"page_name": "widget"})
        crumbs = page.xpath("//ol[hasclass('o_portal_submenu')]/li[hasclass('test_crumb')]")
        self.assertEqual(len(crumbs), 1)

        _out, page = self.render(
            "portal.portal_my_home", {"sales_user": self.env["res.users"], "page_name": "home"}
        )
        card = page.xpath("//div[@id='portal_client_category']//a[@href='/my/widgets']")
        self.assertEqual(len(card), 1)
        self.assertIn("o_portal_index_card", card[0].getparent().get("class"))

        _out, page = self.render("portal.portal_my_details_fields", self._details_values())
        vat_wrapper = page.xpath("//input[@name='vat']")[0].getparent()
        self.assertIn("test_before_vat", vat_wrapper.getprevious().get("class"))
        label = page.xpath("//span[hasclass('test_label_wrapper')]/label")
        self.assertEqual(label[0].get("for"), "vat")
        country_wrapper = page.xpath("//select[@name='country_id']")[0].getparent()
        self.assertIn("test_after_country", country_wrapper.getnext().get("class"))

        _out, page = self.render("portal.portal_my_security", self._security_values())
        new1 = page.xpath("//input[@name='new1']")[0]
        self.assertEqual(new1.getparent().get("id"), "new-password-group")
        self.assertEqual(new1.getnext().get("class"), "test_meter")
        section = page.xpath("//section[@name='portal_change_password']")[0]
        self.assertEqual(section.getnext().get("class"), "test_totp")


def _classes(node):
    return set((node.get("class") or "").split())


@tagged("post_install", "-at_install", "portal_templates")
class TestPortalTemplateRendering(PortalTemplateCase):
    """What the templates output for the values controllers and downstream pages pass."""

    # ------------------------------------------------------------------------------------
    # Pager
    # ------------------------------------------------------------------------------------

    def _pager(self, total, page=1):
        from odoo.addons.portal.controllers.portal import pager

        return pager(url="/my/widgets", total=total, page=page, step=30)

    def test_pager_hidden_without_several_pages(self):
        for total in (0, 1, 30):
            with self.subTest(total=total):
                output, page = self.render("portal.pager", {"pager": self._pager(total)})
                self.assertFalse(output.strip())
                self.assertFalse(page.xpath("//ul"))

    def test_pager_two_pages(self):
        _output, page = self.render(
            "portal.pager",
            {"pager": self._pager(31), "classname": "float-end", "extraLinkClass": "x_link"},
        )
        ul = page.xpath("//ul")[0]
        self.assertEqual(_classes(ul), {"float-end", "pagination", "m-0"})
        self.assertIsNone(ul.get("style"))
        items = ul.xpath("./li")
        # previous, 1, 2, next
        self.assertEqual(len(items), 4)
        self.assertIn("disabled", _classes(items[0]))
        self.assertIsNone(items[0].xpath("./a")[0].get("href"))
        self.assertIn("active", _classes(items[1]))
        self.assertEqual(items[1].xpath("./a")[0].text_content().strip(), "1")
        self.assertEqual(items[2].xpath("./a")[0].get("href"), "/my/widgets/page/2")
        self.assertNotIn("disabled", _classes(items[3]))
        self.assertEqual(items[3].xpath("./a")[0].get("href"), "/my/widgets/page/2")
        for link in ul.xpath(".//a"):
            self.assertIn("x_link", _classes(link))
            self.assertIn("page-link", _classes(link))

    def test_pager_many_pages(self):
        _output, page = self.render(
            "portal.pager", {"pager": self._pager(1000, page=34), "style": "gap: 1px"}
        )
        ul = page.xpath("//ul")[0]
        self.assertEqual(ul.get("style"), "gap: 1px")
        numbers = [a.text_content().strip() for a in ul.xpath("./li/a")[1:-1]]
        self.assertEqual(numbers, ["30", "31", "32", "33", "34"])
        items = ul.xpath("./li")
        self.assertIn("active", _classes(items[-2]))
        self.assertIn("disabled", _classes(items[-1]))
        self.assertIsNone(items[-1].xpath("./a")[0].get("href"))
        self.assertEqual(items[0].xpath("./a")[0].get("href"), "/my/widgets/page/33")

    def test_portal_table_with_pager(self):
        _output, page = self.render(
            "portal.portal_table",
            {"pager": self._pager(100, page=2), "classes": "x_table", 0: ""},
        )
        wrapper = page.xpath("//div[hasclass('table-responsive')]")[0]
        self.assertIn("x_table", _classes(wrapper))
        self.assertTrue(wrapper.xpath("./table[hasclass('o_portal_my_doc_table')]"))
        self.assertEqual(len(page.xpath("//div[hasclass('o_portal_pager')]/ul/li")), 6)

    # ------------------------------------------------------------------------------------
    # Home page cards
    # ------------------------------------------------------------------------------------

    def _render_card(self, session=None, **values):
        defaults = {"url": "/my/widgets", "title": "Widgets", "text": "All your widgets"}
        defaults.update(values)
        _output, page = self.render("portal.portal_docs_entry", defaults, session=session)
        cards = page.xpath("//div[hasclass('o_portal_index_card')]")
        self.assertEqual(len(cards), 1)
        return cards[0]

    def test_docs_entry_hidden_until_counted(self):
        card = self._render_card(placeholder_count="widget_count")
        self.assertIn("d-none", _classes(card))
        self.assertEqual(
            _classes(card) - {"d-none"}, {"o_portal_index_card", "col-md-6", "order-2"}
        )
        counter = card.xpath(".//span[@data-placeholder_count='widget_count']")
        self.assertEqual(len(counter), 1)
        self.assertIn("d-none", _classes(counter[0]))
        self.assertEqual(len(card.xpath(".//a")), 1)
        self.assertIn("bg-100", _classes(card.xpath(".//a")[0]))

    def test_docs_entry_shown_from_session_counters(self):
        card = self._render_card(
            placeholder_count="widget_count", session={"portal_counters": {"widget_count": True}}
        )
        self.assertNotIn("d-none", _classes(card))
        self.assertFalse(card.xpath(".//span[@data-placeholder_count]"))
        # A zero counter keeps the card hidden.
        card = self._render_card(
            placeholder_count="widget_count", session={"portal_counters": {"widget_count": False}}
        )
        self.assertIn("d-none", _classes(card))

    def test_docs_entry_alert_card(self):
        card = self._render_card(
            placeholder_count="late_count",
            show_count=True,
            bg_color="alert alert-primary align-items-center",
            session={"portal_counters": {"late_count": True}},
        )
        # Alert cards always wait for the counter, which they show in bold.
        self.assertTrue({"col-12", "order-0", "d-none"} <= _classes(card))
        counter = card.xpath(".//span[@data-placeholder_count='late_count']")[0]
        self.assertIn("fw-bold", _classes(counter))
        link = card.xpath(".//a")[0]
        self.assertTrue({"alert", "alert-primary"} <= _classes(link))
        self.assertNotIn("bg-100", _classes(link))
        self.assertTrue(link.xpath("./div[hasclass('alert-link')]"))

    def test_docs_entry_config_card_and_pictogram(self):
        card = self._render_card(
            config_card=True, icon="/portal/static/src/img/portal-addresses.svg"
        )
        self.assertNotIn("d-none", _classes(card))
        icon = card.xpath(".//div[hasclass('o_portal_icon')]")[0]
        self.assertTrue({"d-block", "align-self-start"} <= _classes(icon))
        self.assertNotIn("d-none", _classes(icon))
        self.assertEqual(
            icon.xpath("./img")[0].get("src"), "/portal/static/src/img/portal-addresses.svg"
        )
        self.assertEqual(card.xpath(".//a")[0].get("title"), "Widgets")
        self.assertEqual(card.xpath(".//div[hasclass('opacity-75')]")[0].text, "All your widgets")
        # Switched off from the website customize menu, pictograms are hidden again.
        self.env.ref("portal.portal_docs_entry_layout").active = False
        card = self._render_card(
            config_card=True, icon="/portal/static/src/img/portal-addresses.svg"
        )
        self.assertIn("d-none", _classes(card.xpath(".//div[hasclass('o_portal_icon')]")[0]))

    def test_my_home_page(self):
        _output, page = self.render(
            "portal.portal_my_home", {"sales_user": self.internal_user, "page_name": "home"}
        )
        wrapwrap = page.xpath("//div[@id='wrapwrap']")[0]
        self.assertIn("o_portal", _classes(wrapwrap))
        self.assertEqual(wrapwrap[0].get("href"), "#wrap")
        self.assertEqual(page.xpath("//h3")[0].text.strip(), "My account")
        # my_details hides the breadcrumb bar and shows the side panel twice (desktop, offcanvas)
        self.assertFalse(page.xpath("//ol[hasclass('o_portal_submenu')]"))
        self.assertEqual(len(page.xpath("//a[@href='/my/account']")), 2)
        self.assertIn("Edit", page.xpath("//a[@href='/my/account']")[0].text_content())
        self.assertEqual(len(page.xpath("//div[@name='portal_contact']")), 2)
        self.assertTrue(
            page.xpath("//div[@id='accountOffCanvas']//div[hasclass('offcanvas-body')]")
        )
        self.assertIn(
            "rep@example.com", page.xpath("//div[@name='portal_contact']")[0].text_content()
        )
        docs = page.xpath("//div[hasclass('o_portal_docs')]")[0]
        categories = [div.get("id") for div in docs.xpath("./div[@id]")]
        # Categories other addons fill are only there when one of them enables them.
        self.assertEqual(categories[-1], "portal_common_category")
        self.assertNotIn("portal_alert_category", categories)
        security = docs.xpath(".//a[@href='/my/security']")
        self.assertEqual(len(security), 1)
        self.assertIn("Security", security[0].text_content())
        self.assertTrue(docs.xpath("./div[hasclass('o_portal_doc_spinner')]"))
        self.assertTrue(page.xpath("//div[@id='oe_structure_portal_my_home_2']"))
        # the content sits in the page shell targeted by the skip link
        self.assertTrue(page.xpath("//div[@id='wrap']//div[hasclass('o_portal_my_home')]"))

    # ------------------------------------------------------------------------------------
    # Navigation
    # ------------------------------------------------------------------------------------

    def test_breadcrumbs_per_page(self):
        output, _page = self.render("portal.portal_breadcrumbs", {"page_name": "home"})
        self.assertFalse(output.strip())
        _output, page = self.render("portal.portal_breadcrumbs", {"page_name": "my_details"})
        items = page.xpath("//ol[hasclass('o_portal_submenu')]/li")
        self.assertEqual(len(items), 2)
        self.assertEqual(items[0].xpath("./a")[0].get("href"), "/my/home")
        self.assertEqual(items[1].text.strip(), "Details")
        _output, page = self.render("portal.portal_breadcrumbs", {"page_name": "invoice"})
        self.assertEqual(len(page.xpath("//ol[hasclass('o_portal_submenu')]/li")), 1)

    def test_layout_marks_right_to_left_languages(self):
        _output, page = self.render("portal.portal_layout", {"page_name": "widget"})
        self.assertNotIn("o_rtl", _classes(page.xpath("//div[@id='wrapwrap']")[0]))
        self.env["res.lang"]._activate_lang("ar_001")
        self._patch_url_localized()
        _output, page = self.render("portal.portal_layout", {"page_name": "widget"}, lang="ar_001")
        self.assertTrue({"o_rtl", "o_portal"} <= _classes(page.xpath("//div[@id='wrapwrap']")[0]))
        # a page calling the frontend layout directly gets the chrome without the portal mark
        self.env["ir.ui.view"].create(
            {
                "name": "test plain page",
                "key": "portal.test_plain_page",
                "type": "qweb",
                "arch": """<t t-name="portal.test_plain_page">
                    <t t-call="portal.frontend_layout"><p class="test_plain">Hi</p></t>
                </t>""",
            }
        )
        _output, page = self.render("portal.test_plain_page")
        wrapwrap = page.xpath("//div[@id='wrapwrap']")[0]
        self.assertNotIn("o_portal", _classes(wrapwrap))
        self.assertTrue(wrapwrap.xpath("./header//nav[hasclass('navbar')]"))
        self.assertTrue(wrapwrap.xpath("./main/p[hasclass('test_plain')]"))

    def test_layout_breadcrumb_bar_and_record_pager(self):
        _output, page = self.render(
            "portal.portal_layout",
            {"page_name": "invoice", "prev_record": "/my/invoices/1", "next_record": False},
        )
        bar = page.xpath("//div[hasclass('o_portal')][hasclass('container')]")
        self.assertEqual(len(bar), 1)
        links = bar[0].xpath(".//div[hasclass('record_pager')]/a")
        self.assertEqual(links[0].get("href"), "/my/invoices/1")
        self.assertNotIn("disabled", _classes(links[0]))
        self.assertEqual(links[1].get("href"), "#")
        self.assertIn("disabled", _classes(links[1]))
        for flag in ("no_breadcrumbs", "breadcrumbs_searchbar", "my_details"):
            with self.subTest(flag=flag):
                _output, page = self.render(
                    "portal.portal_layout", {"page_name": "invoice", flag: True}
                )
                self.assertFalse(page.xpath("//ol[hasclass('o_portal_submenu')]"))

    def test_fullwidth_alert_from_sidebar_copy(self):
        """Values set inside the sidebar body reach the outer frontend layout."""
        self.env["ir.ui.view"].create(
            {
                "name": "test record page",
                "key": "portal.test_record_page",
                "type": "qweb",
                "mode": "primary",
                "inherit_id": self.env.ref("portal.portal_sidebar").id,
                "arch": """
                    <xpath expr="//div[hasclass('o_portal_sidebar')]" position="inside">
                        <t t-set="o_portal_fullwidth_alert">
                            <t t-call="portal.portal_back_in_edit_mode">
                                <t t-set="backend_url" t-value="'/odoo/widgets/7'"/>
                            </t>
                        </t>
                        <div class="test_record_body"/>
                    </xpath>""",
            }
        )
        _output, page = self.render("portal.test_record_page", {"page_name": "widget"})
        alert = page.xpath("//div[hasclass('alert-dismissible')]")
        self.assertEqual(len(alert), 1)
        self.assertEqual(
            alert[0].xpath(".//a[hasclass('alert-link')]")[0].get("href"), "/odoo/widgets/7"
        )
        self.assertTrue(alert[0].xpath(".//div[hasclass('text-center')]"))
        self.assertTrue(
            page.xpath("//div[hasclass('o_portal_sidebar')]/div[hasclass('test_record_body')]")
        )

    def test_searchbar(self):
        sortings = {
            "date": {"label": "Newest", "order": "create_date desc"},
            "name": {"label": "Name", "order": "name"},
        }
        filters = {
            "all": {"label": "Everything", "domain": []},
            "open": {"label": "Open", "domain": []},
        }
        inputs = {"name": {"input": "name", "label": "Search in Name", "sequence": 1}}
        _output, page = self.render(
            "portal.portal_searchbar",
            {
                "title": "Widgets",
                "searchbar_sortings": sortings,
                "sortby": "name",
                "searchbar_filters": filters,
                "filterby": "unknown",
                "searchbar_inputs": inputs,
                "search_in": "name",
                "search": "bolt",
                "default_url": "/my/widgets",
            },
            path="/my/widgets",
            args={"search": "bolt"},
        )
        nav = page.xpath("//nav[hasclass('o_portal_navbar')]")[0]
        self.assertEqual(
            nav.xpath(".//span[hasclass('navbar-brand')]")[0].text_content().strip(), "Widgets"
        )
        sortby = nav.xpath(".//button[@id='portal_searchbar_sortby']")[0]
        self.assertEqual(sortby.text_content().strip(), "Name")
        sort_links = sortby.getparent().xpath(".//a[hasclass('dropdown-item')]")
        self.assertEqual([a.text_content() for a in sort_links], ["Newest", "Name"])
        self.assertIn("active", _classes(sort_links[1]))
        self.assertTrue(sort_links[0].get("href").startswith("/my/widgets?"))
        self.assertIn("sortby=date", sort_links[0].get("href"))
        self.assertIn("search=bolt", sort_links[0].get("href"))
        filters_button = nav.xpath(".//button[@id='portal_searchbar_filters']")[0]
        self.assertEqual(filters_button.text_content().strip(), "Everything")
        self.assertFalse(nav.xpath(".//button[@id='portal_searchbar_groupby']"))
        form = nav.xpath(".//form[hasclass('o_portal_search_panel')]")[0]
        self.assertEqual(form.xpath(".//input[@name='search']")[0].get("value"), "bolt")
        item = form.xpath(".//a[hasclass('dropdown-item')]")[0]
        self.assertEqual(item.get("href"), "#name")
        self.assertIn("active", _classes(item))

    def test_searchbar_with_breadcrumbs(self):
        _output, page = self.render(
            "portal.portal_searchbar", {"breadcrumbs_searchbar": True, "page_name": "widget"}
        )
        self.assertTrue(page.xpath("//nav/ol[hasclass('o_portal_submenu')]"))
        self.assertFalse(page.xpath("//span[hasclass('navbar-brand')]"))
        self.assertFalse(page.xpath("//form"))

    # ------------------------------------------------------------------------------------
    # User menu and languages
    # ------------------------------------------------------------------------------------

    def _render_dropdown(self, user):
        return self.render(
            "portal.user_dropdown",
            {"_user_name": True, "_item_class": "nav-item", "_link_class": "nav-link"},
            user=user,
        )

    def test_user_dropdown_truncates_long_names(self):
        self.portal_user.name = "Bartholomew Fitzgerald-Montgomery"
        _output, page = self._render_dropdown(self.portal_user)
        toggle = page.xpath("//li/a[@data-bs-toggle='dropdown']")[0]
        self.assertEqual(toggle.text_content().strip(), "Bartholomew Fitzgerald-...")
        self.portal_user.name = "Exactly Twenty-Five Chars"
        _output, page = self._render_dropdown(self.portal_user)
        toggle = page.xpath("//li/a[@data-bs-toggle='dropdown']")[0]
        self.assertEqual(toggle.text_content().strip(), "Exactly Twenty-Five Chars")

    def test_user_dropdown_items(self):
        _output, page = self._render_dropdown(self.portal_user)
        menu = page.xpath("//div[hasclass('js_usermenu')]")[0]
        self.assertFalse(menu.xpath(".//a[@id='o_backend_user_dropdown_link']"))
        account = menu.xpath("./a[@href='/my/home']")[0]
        self.assertIn("My Account", account.text_content())
        self.assertEqual(account.getnext().get("id"), "o_logout_divider")
        logout = menu.xpath("./a[@id='o_logout']")[0]
        self.assertIn("Logout", logout.text_content())
        self.assertEqual(logout.get("href"), "/web/session/logout?redirect=/")
        _output, page = self._render_dropdown(self.internal_user)
        self.assertTrue(page.xpath("//a[@id='o_backend_user_dropdown_link'][@href='/odoo']"))

    def test_user_dropdown_and_sign_in_for_visitors(self):
        public = self.env.ref("base.public_user")
        output, _page = self._render_dropdown(public)
        self.assertFalse(output.strip())
        _output, page = self.render(
            "portal.placeholder_user_sign_in",
            {"_item_class": "nav-item", "_link_class": "nav-link"},
            user=public,
        )
        link = page.xpath("//li[hasclass('nav-item')]/a[hasclass('nav-link')]")[0]
        self.assertEqual(link.get("href"), "/web/login")
        self.assertEqual(link.text.strip(), "Sign in")
        output, _page = self.render("portal.placeholder_user_sign_in", user=self.portal_user)
        self.assertFalse(output.strip())
        _output, page = self.render("portal.user_sign_in_redirect", user=public, path="/my/sheet")
        self.assertEqual(page.xpath("//a")[0].get("href"), "/web/login?redirect=/my/sheet")

    def test_language_selector(self):
        output, _page = self.render("portal.language_selector", {"_div_classes": "x_div"})
        self.assertFalse(output.strip(), "a single language needs no selector")
        self.env["res.lang"]._activate_lang("fr_FR")
        localized_calls = self._patch_url_localized()
        _output, page = self.render("portal.language_selector", {"_div_classes": "x_div"})
        wrapper = page.xpath("//div[hasclass('js_language_selector')]")[0]
        self.assertIn("x_div", _classes(wrapper))
        self.assertEqual(wrapper.xpath("./button/span")[0].text, "English (US)")
        links = wrapper.xpath(".//a[hasclass('js_change_lang')]")
        self.assertEqual(len(links), 2)
        by_code = {link.get("data-url_code"): link for link in links}
        self.assertIn("active", _classes(by_code["en"]))
        self.assertNotIn("active", _classes(by_code["fr"]))
        self.assertEqual(by_code["fr"].get("href"), "/fr/localized")
        self.assertEqual(by_code["fr"].get("title"), "Français")
        self.assertEqual(
            localized_calls[-1],
            {"lang_code": "fr_FR", "prefetch_langs": True, "force_default_lang": True},
        )
        _output, page = self.render("portal.language_selector", {"no_text": True, "codes": True})
        self.assertEqual(page.xpath("//button/span")[0].text, "EN")

    # ------------------------------------------------------------------------------------
    # Account details and security
    # ------------------------------------------------------------------------------------

    def test_details_fields_values_and_errors(self):
        state = self.env["res.country.state"].search(
            [("country_id", "=", self.country_us.id)], limit=1
        )
        _output, page = self.render(
            "portal.portal_my_details_fields",
            self._details_values(
                error={"email": "error", "zip": "missing", "name": "missing"},
                error_message=["Invalid Email!", "Some required fields are empty."],
                name="",
                email="not-an-email",
                state_id=str(state.id),
                country_id=str(self.country_us.id),
            ),
        )
        alert = page.xpath("//div[hasclass('alert-danger')]")[0]
        self.assertIn("Invalid Email!", alert.text_content())
        self.assertIn("Some required fields are empty.", alert.text_content())
        self.assertEqual(
            page.xpath("//input[@name='csrf_token']")[0].get("value"), "fake-csrf-token"
        )
        name = page.xpath("//input[@name='name']")[0]
        # an emptied field falls back on the stored name
        self.assertEqual(name.get("value"), "Mireille Dupont")
        self.assertIn("is-invalid", _classes(name))
        self.assertIn("o_has_error", _classes(name.getparent()))
        email = page.xpath("//input[@name='email']")[0]
        self.assertEqual(email.get("value"), "not-an-email")
        self.assertIn("is-invalid", _classes(email))
        zipcode = page.xpath("//input[@name='zipcode']")[0]
        self.assertIn("is-invalid", _classes(zipcode))
        self.assertEqual(
            page.xpath("//label[@for='zipcode']")[0].get("class"), "col-form-label label-optional"
        )
        self.assertNotIn("is-invalid", _classes(page.xpath("//input[@name='city']")[0]))
        self.assertEqual(page.xpath("//input[@name='city']")[0].get("value"), "Namur")
        selected = page.xpath("//select[@name='country_id']/option[@selected]")
        self.assertEqual([o.get("value") for o in selected], [str(self.country_us.id)])
        selected = page.xpath("//select[@name='state_id']/option[@selected]")
        self.assertEqual([o.get("value") for o in selected], [str(state.id)])
        for option in page.xpath("//select[@name='state_id']/option[@value!='']"):
            self.assertIn("d-none", _classes(option))
            self.assertEqual(option.get("data-country_id"), str(self.country_us.id))
        self.assertEqual(page.xpath("//select[@name='state_id']/option")[0].get("value"), "")
        self.assertFalse(page.xpath("//*[@disabled]"))

    def test_details_fields_locked_company(self):
        _output, page = self.render(
            "portal.portal_my_details_fields", self._details_values(partner_can_edit_vat=False)
        )
        for name in ("company_name", "vat"):
            self.assertEqual(page.xpath(f"//input[@name='{name}']")[0].get("disabled"), "disabled")
        self.assertEqual(page.xpath("//select[@name='country_id']")[0].get("disabled"), "disabled")
        self.assertFalse(page.xpath("//div[hasclass('alert-danger')]"))
        self.assertTrue(page.xpath("//div[hasclass('d-xl-block')][hasclass('d-none')]"))
        selected = page.xpath("//select[@name='country_id']/option[@selected]")
        self.assertEqual([o.get("value") for o in selected], [str(self.country_be.id)])

    def test_details_page(self):
        _output, page = self.render(
            "portal.portal_my_details", self._details_values(redirect="/my/orders")
        )
        form = page.xpath("//form[@action='/my/account']")[0]
        self.assertEqual(form.get("method"), "post")
        self.assertTrue(form.xpath("./div[hasclass('row')][hasclass('o_portal_details')]"))
        self.assertEqual(form.xpath(".//input[@name='redirect']")[0].get("value"), "/my/orders")
        self.assertEqual(len(form.xpath(".//button[@type='submit']")), 1)
        # the breadcrumb shows "details" on this page
        self.assertEqual(len(page.xpath("//ol[hasclass('o_portal_submenu')]/li")), 2)
        self.assertEqual(page.xpath("//title")[0].text.strip().count("Contact Details"), 1)

    def test_security_page(self):
        _output, page = self.render(
            "portal.portal_my_security",
            self._security_values(
                errors={"password": {"new2": "The new passwords do not match."}},
            ),
        )
        self.assertTrue(page.xpath("//div[hasclass('o_portal_security_body')]"))
        self.assertFalse(page.xpath("//ol[hasclass('o_portal_submenu')]"))
        form = page.xpath("//form[hasclass('oe_reset_password_form')]")[0]
        self.assertEqual(form.get("action"), "/my/security")
        new2 = form.xpath(".//input[@name='new2']")[0]
        self.assertIn("is-invalid", _classes(new2))
        self.assertEqual(new2.getnext().text, "The new passwords do not match.")
        self.assertNotIn("is-invalid", _classes(form.xpath(".//input[@name='old']")[0]))
        self.assertEqual(form.xpath(".//input[@name='op']")[0].get("value"), "password")
        self.assertTrue(page.xpath("//button[@id='portal_revoke_all_sessions_popup']"))
        # API keys only in debug mode and when allowed
        self.assertFalse(page.xpath("//button[hasclass('o_portal_new_api_key')]"))
        modal = page.xpath("//div[@id='portal_deactivate_account_modal']")[0]
        self.assertNotIn("show", _classes(modal))
        self.assertEqual(len(modal.xpath(".//div[hasclass('alert-danger')]")), 1)
        checkbox = modal.xpath(".//input[@id='request_blacklist']")[0]
        self.assertEqual(checkbox.get("checked"), "checked")
        self.assertIn("mireille.templates", modal.text_content())

    def test_security_page_errors_and_api_keys(self):
        self.env["res.users.apikeys"].with_user(self.portal_user)._generate(
            None, "CLI key", fields.Datetime.now() + timedelta(days=1)
        )
        key = self.env["res.users.apikeys"].search([("user_id", "=", self.portal_user.id)])
        _output, page = self.render(
            "portal.portal_my_security",
            self._security_values(
                errors={"deactivate": "password"},
                open_deactivate_modal=True,
                allow_api_keys=True,
                debug="1",
                success={"password": True},
            ),
        )
        self.assertTrue(
            page.xpath("//section[@name='portal_change_password']/div[hasclass('alert-success')]")
        )
        modal = page.xpath("//div[@id='portal_deactivate_account_modal']")[0]
        self.assertTrue({"show", "d-block"} <= _classes(modal))
        password = modal.xpath(".//input[@name='password']")[0]
        self.assertIn("is-invalid", _classes(password))
        self.assertNotIn("is-invalid", _classes(modal.xpath(".//input[@name='validation']")[0]))
        remove = page.xpath("//i[hasclass('o_portal_remove_api_key')]")
        self.assertEqual([node.get("id") for node in remove], [str(key.id)])
        self.assertTrue(page.xpath("//button[hasclass('o_portal_new_api_key')][@type='submit']"))
        # a plain-string error is shown on top of the page
        _output, page = self.render(
            "portal.portal_my_security", self._security_values(errors="Something went wrong")
        )
        body = page.xpath("//div[hasclass('o_portal_security_body')]")[0]
        self.assertEqual(
            body.xpath("./div[hasclass('alert-danger')]")[0].text, "Something went wrong"
        )

    # ------------------------------------------------------------------------------------
    # Record pages
    # ------------------------------------------------------------------------------------

    def test_message_thread_attributes(self):
        _output, page = self.render("portal.message_thread", {"object": self.portal_partner})
        thread = page.xpath("//div[@id='discussion']")[0]
        self.assertTrue(
            {"d-print-none", "o_portal_chatter", "o_not_editable", "p-0"} <= _classes(thread)
        )
        self.assertEqual(thread.get("data-res_model"), "res.partner")
        self.assertEqual(thread.get("data-res_id"), str(self.portal_partner.id))
        self.assertEqual(thread.get("data-pager_step"), "10")
        self.assertEqual(thread.get("data-allow_composer"), "1")
        self.assertEqual(thread.get("data-two_columns"), "false")
        self.assertEqual(thread.get("data-anchor"), "true")
        for missing in ("data-token", "data-pid", "data-hash"):
            self.assertIsNone(thread.get(missing), missing)
        _output, page = self.render(
            "portal.message_thread",
            {
                "object": self.portal_partner,
                "token": "tok-123",
                "pid": 42,
                "hash": "abc",
                "message_per_page": 5,
                "disable_composer": True,
                "two_columns": True,
            },
        )
        thread = page.xpath("//div[@id='discussion']")[0]
        self.assertEqual(thread.get("data-token"), "tok-123")
        self.assertEqual(thread.get("data-pid"), "42")
        self.assertEqual(thread.get("data-hash"), "abc")
        self.assertEqual(thread.get("data-pager_step"), "5")
        self.assertEqual(thread.get("data-allow_composer"), "0")
        self.assertEqual(thread.get("data-two_columns"), "true")

    def test_signature_form_props(self):
        _output, page = self.render(
            "portal.signature_form",
            {"call_url": "/my/orders/3/accept?access_token=x", "default_name": "Mia"},
        )
        component = page.xpath("//owl-component[@name='portal.signature_form']")[0]
        props = json.loads(component.get("props"))
        self.assertEqual(props["callUrl"], "/my/orders/3/accept?access_token=x")
        self.assertEqual(props["defaultName"], "Mia")
        for key in ("mode", "sendLabel", "signatureRatio", "signatureType", "fontColor"):
            self.assertIsNone(props[key], key)

    def test_record_sidebar_and_contact(self):
        _output, page = self.render(
            "portal.portal_record_sidebar",
            {"classes": "col-lg-4", "title": "Order S0001", "entries": "Entries here"},
        )
        content = page.xpath("//div[@id='sidebar_content']")[0]
        self.assertIn("o_portal_sidebar_content", _classes(content))
        self.assertIn("Order S0001", content.text_content())
        self.assertIn("Entries here", content.text_content())
        self.assertIn("col-lg-4", _classes(content.getparent()))
        _output, page = self.render(
            "portal.portal_my_contact",
            {"_contactAvatar": "/web/image/x", "_contactName": "Paul", "_contactLink": True, 0: ""},
        )
        self.assertEqual(
            page.xpath("//img[hasclass('o_portal_contact_img')]")[0].get("src"), "/web/image/x"
        )
        self.assertTrue(page.xpath("//a[@href='#discussion']"))

    def test_sidebar_page_shell(self):
        _output, page = self.render("portal.portal_sidebar", {"page_name": "widget"})
        self.assertTrue(
            page.xpath(
                "//div[@id='wrap'][hasclass('o_portal_wrap')]//div[hasclass('o_portal_sidebar')]"
            )
        )
        self.assertTrue(page.xpath("//div[@id='oe_structure_portal_sidebar_1']"))

    def test_user_text_is_escaped(self):
        self.portal_partner.name = "<script>alert('x')</script> Mireille"
        output, page = self.render(
            "portal.portal_my_home", {"sales_user": self.internal_user, "page_name": "home"}
        )
        self.assertNotIn("<script>alert", output)
        self.assertIn("&lt;script&gt;alert", output)
        self.assertFalse(page.xpath("//script[contains(., 'alert(')]"))
        output, _page = self.render(
            "portal.portal_my_details_fields", self._details_values(city='"><b>x</b>')
        )
        self.assertNotIn("<b>x</b>", output)

    def _preview_metas(self, values):
        _output, page = self.render("portal.portal_layout", values)
        return {
            meta.get("property") or meta.get("name"): meta.get("content")
            for meta in page.xpath("//head/meta[@property or @name]")
        }

    def test_link_preview_meta(self):
        """Record pages that set ``preview_object`` describe it for link previews."""
        company = self.env.company
        # A 1x1 PNG: any uploaded logo replaces the default one.
        company.logo = TINY_PNG
        self.assertFalse(company.uses_default_logo)
        metas = self._preview_metas({"preview_object": self.portal_partner})
        self.assertEqual(metas["og:title"], "Mireille Dupont")
        self.assertEqual(metas["twitter:title"], "Mireille Dupont")
        self.assertEqual(metas["og:site_name"], company.name)
        self.assertEqual(metas["og:description"], "")
        self.assertEqual(metas["twitter:card"], "summary_large_image")
        self.assertEqual((metas["og:image:width"], metas["og:image:height"]), ("300", "200"))
        logo_url = f"/web/binary/company_logo?company={company.id}"
        self.assertEqual(metas["og:image"], logo_url)
        self.assertEqual(metas["twitter:image"], logo_url)
        # Without a preview object, no OpenGraph tags at all.
        metas = self._preview_metas({})
        self.assertNotIn("og:title", metas)
        self.assertIn("viewport", metas)

    def test_link_preview_strips_html_description(self):
        self.env["ir.ui.view"].create(
            {
                "name": "test preview description",
                "key": "portal.test_preview_description",
                "type": "qweb",
                "arch": """
                    <t t-name="portal.test_preview_description">
                        <t t-call="portal.portal_layout">
                            <t t-set="preview_object" t-value="record"/>
                            <p>Body</p>
                        </t>
                    </t>""",
            }
        )
        # A plain-text description is announced as is (and escaped).
        template = self.env["mail.template"].create(
            {"name": "Preview", "description": "Fresh <b>news</b> & more"}
        )
        output, page = self.render("portal.test_preview_description", {"record": template})
        description = page.xpath("//meta[@property='og:description']")[0]
        self.assertEqual(description.get("content"), "Fresh <b>news</b> & more")
        self.assertNotIn("<b>news", output)
        self.assertEqual(
            page.xpath("//meta[@property='og:site_name']")[0].get("content"), self.env.company.name
        )

    def test_unfollowed_page_uses_portal_shell(self):
        _output, page = self.render(
            "mail.message_document_unfollowed",
            {"name": "Offer <42>", "model_name": "Quotation", "access_url": "/my/orders/42"},
        )
        wrap = page.xpath("//div[@id='wrap'][hasclass('o_portal_wrap')]")
        self.assertEqual(len(wrap), 1)
        link = wrap[0].xpath(".//a[hasclass('o_access_record_link')]")[0]
        self.assertEqual(link.get("href"), "/my/orders/42")
        self.assertEqual(link.text, "Offer <42>")
        self.assertIn("o_portal", page.xpath("//div[@id='wrapwrap']")[0].get("class"))
