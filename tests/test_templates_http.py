# Part of the clean-room Customer Portal addon. License LGPL-3.
"""The portal pages as a browser receives them, rendered through the real routes."""

from lxml import html

from odoo.tests import HttpCase, tagged

from .common import new_portal_customer


@tagged("post_install", "-at_install", "portal_templates")
class TestPortalPagesHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.portal_user = new_portal_customer(
            cls.env,
            "tpl.portal",
            password="tpl.portal.pass-1",
            name="Tess <b>Portal</b>",
            email="tess@example.com",
            partner_values={
                "street": "1 Quay Road",
                "city": "Cork",
                "country_id": cls.env.ref("base.ie").id,
            },
        )

    def _get_page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response, html.document_fromstring(response.text)

    def test_home_page(self):
        self.authenticate("tpl.portal", "tpl.portal.pass-1")
        response, page = self._get_page("/my/home")
        # user text is escaped everywhere it appears
        self.assertNotIn("<b>Portal</b>", response.text)
        self.assertIn("Tess &lt;b&gt;Portal&lt;/b&gt;", response.text)
        wrapwrap = page.xpath("//div[@id='wrapwrap'][hasclass('o_portal')]")
        self.assertEqual(len(wrapwrap), 1)
        self.assertIn("o_skip_to_content", wrapwrap[0][0].get("class"))
        self.assertEqual(len(page.xpath("//div[@id='wrap']")), 1)
        self.assertEqual(page.xpath("//h3")[0].text.strip(), "My account")
        self.assertTrue(page.xpath("//div[hasclass('o_portal_my_home')]//a[@href='/my/security']"))
        toggle = page.xpath("//ul[@id='top_menu']//a[@data-bs-toggle='dropdown']")[0]
        self.assertEqual(toggle.text_content().strip(), "Tess <b>Portal</b>")
        self.assertTrue(page.xpath("//div[hasclass('js_usermenu')]/a[@id='o_logout']"))
        self.assertFalse(page.xpath("//a[@id='o_backend_user_dropdown_link']"))
        # two active languages: the footer offers to switch
        selector = page.xpath("//footer//div[hasclass('js_language_selector')]")
        self.assertEqual(len(selector), 1)
        self.assertIn("dropup", selector[0].get("class"))
        codes = {
            a.get("data-url_code") for a in selector[0].xpath(".//a[hasclass('js_change_lang')]")
        }
        self.assertEqual(codes, {"en", "fr"})

    def test_details_and_security_pages(self):
        self.authenticate("tpl.portal", "tpl.portal.pass-1")
        _response, page = self._get_page("/my/account")
        form = page.xpath("//form[@action='/my/account']")[0]
        self.assertEqual(form.xpath(".//input[@name='city']")[0].get("value"), "Cork")
        selected = form.xpath(".//select[@name='country_id']/option[@selected]")
        self.assertEqual(selected[0].get("value"), str(self.env.ref("base.ie").id))
        crumbs = page.xpath("//ol[hasclass('o_portal_submenu')]/li")
        self.assertEqual(len(crumbs), 2)

        _response, page = self._get_page("/my/security")
        self.assertTrue(page.xpath("//div[hasclass('o_portal_security_body')]"))
        self.assertFalse(page.xpath("//ol[hasclass('o_portal_submenu')]"))
        self.assertTrue(
            page.xpath("//form[hasclass('oe_reset_password_form')]//input[@name='new1']")
        )
        self.assertTrue(page.xpath("//div[@id='portal_deactivate_account_modal']"))
