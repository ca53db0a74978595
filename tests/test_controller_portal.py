# Part of the clean-room Customer Portal addon. License LGPL-3.
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from lxml import html as lxml_html

import odoo
from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon


class _Unrelated:
    """Stands for the unrelated ``self`` some addons call the access check with."""


@tagged("post_install", "-at_install", "portal_controller")
class TestCustomerPortalHelpers(PortalDemoHttpCommon):
    """The helpers business addons call or override, run inside a real request."""

    def _in_request(self, login, func):
        """Run ``func(controller)`` inside a request of ``login`` (None: anonymous)."""
        controller = CustomerPortal()
        result = {}

        def run():
            try:
                result["value"] = func(controller)
            except Exception as error:  # handed back to the test
                result["error"] = error
            return {}

        # /my/counters hands its counters to _prepare_home_portal_values: patched, it runs
        # ``func`` inside a genuine request of the visitor.
        def fake_home_values(self_, counters):
            run()
            return {}

        if login:
            self.authenticate(login, login)
        with patch.object(CustomerPortal, "_prepare_home_portal_values", fake_home_values):
            self.make_jsonrpc_request("/my/counters", {"counters": []})
        if "error" in result:
            raise result["error"]
        return result.get("value")

    def test_layout_values_sales_user(self):
        salesman = self.user_clerk
        values = self._in_request("nora.portal", lambda c: c._prepare_portal_layout_values())
        self.assertEqual(values["page_name"], "home")
        self.assertFalse(values["sales_user"])
        self.assertEqual(values["sales_user"]._name, "res.users")

        # The commercial entity's salesperson is used when the contact has none.
        self.customer_company.user_id = salesman
        values = self._in_request("nora.portal", lambda c: c._prepare_portal_layout_values())
        self.assertEqual(values["sales_user"], salesman)

        # The contact's own salesperson comes first.
        other = self.env["res.users"].create(
            {"name": "Other Salesman", "login": "other.sales", "groups_id": [(6, 0, [])]}
        )
        self.partner_nora.user_id = other
        values = self._in_request("nora.portal", lambda c: c._prepare_portal_layout_values())
        self.assertEqual(values["sales_user"], other)

        # The public user is never shown as a salesperson.
        self.partner_nora.user_id = self.env.ref("base.public_user")
        values = self._in_request("nora.portal", lambda c: c._prepare_portal_layout_values())
        self.assertEqual(values["sales_user"], salesman)

    def test_field_lists_are_fresh(self):
        def check(controller):
            first = controller._get_mandatory_fields()
            first.append("mutated")
            optional = controller._get_optional_fields()
            optional += ["mutated"]
            return controller._get_mandatory_fields(), controller._get_optional_fields()

        mandatory, optional = self._in_request("nora.portal", check)
        self.assertEqual(mandatory, ["name", "phone", "email", "street", "city", "country_id"])
        self.assertEqual(optional, ["street2", "zipcode", "state_id", "vat", "company_name"])

    def test_document_check_access(self):
        doc = self.doc_ivan
        token = doc._portal_ensure_token()
        model = "portal.demo.document"

        # By access rights.
        record = self._in_request("ivan.portal", lambda c: c._document_check_access(model, doc.id))
        self.assertEqual(record, doc)
        self.assertEqual(record.env.uid, SUPERUSER_ID)
        self.assertTrue(record.env.su)

        # Without rights: only the right token opens it.
        for bad_token in (None, "", "wrong", token[:-1], token + "x", "épouvantail"):
            with self.subTest(token=bad_token), self.assertRaises(AccessError):
                self._in_request(
                    "nora.portal",
                    lambda c, t=bad_token: c._document_check_access(model, doc.id, t),
                )
        record = self._in_request(
            "nora.portal", lambda c: c._document_check_access(model, doc.id, token)
        )
        self.assertEqual(record, doc)

        # A document whose token was never generated cannot be opened with an empty one.
        fresh = self.env[model].create({"name": "FRESH", "partner_id": self.partner_ivan.id})
        with self.assertRaises(AccessError):
            self._in_request("nora.portal", lambda c: c._document_check_access(model, fresh.id, ""))

        # Missing document.
        with self.assertRaises(MissingError):
            self._in_request("nora.portal", lambda c: c._document_check_access(model, 999999))

        # Unbound call with an unrelated self, as project does.
        record = self._in_request(
            "nora.portal",
            lambda c: CustomerPortal._document_check_access(_Unrelated(), model, doc.id, token),
        )
        self.assertEqual(record, doc)

    def test_document_check_access_model_without_token_field(self):
        partner = self.partner_ivan
        # Readable by rights: the missing access_token field is never read.
        record = self._in_request(
            "clerk.internal", lambda c: c._document_check_access("res.partner", partner.id)
        )
        self.assertEqual(record, partner)
        # Not readable, and a token given: refused, not crashed.
        parameter = self.env["ir.config_parameter"].create({"key": "demo.secret", "value": "1"})
        with self.assertRaises(AccessError):
            self._in_request(
                "nora.portal",
                lambda c: c._document_check_access(
                    "ir.config_parameter", parameter.id, "some-token"
                ),
            )

    def test_get_page_view_values(self):
        doc = self.doc_nora_1

        def run(controller):
            return controller._get_page_view_values(
                doc,
                "tok",
                {"keep": 1},
                "no_such_history",
                True,
                error="e",
                warning="",
                success="s",
                pid=7,
                hash="h",
                other="ignored",
            )

        values = self._in_request("nora.portal", run)
        self.assertEqual(
            values,
            {
                "keep": 1,
                "object": doc,
                "no_breadcrumbs": True,
                "access_token": "tok",
                "token": "tok",
                "error": "e",
                "success": "s",
                "pid": 7,
                "hash": "h",
            },
        )
        values = self._in_request(
            "nora.portal",
            lambda c: c._get_page_view_values(doc, None, {}, "no_such_history", True),
        )
        self.assertEqual(values, {"object": doc})

    def test_show_report_checks(self):
        docs = self.doc_nora_1 | self.doc_ivan
        with self.assertRaises(UserError):
            self._in_request(
                "nora.portal",
                lambda c: c._show_report(
                    self.doc_nora_1, "exe", "portal_demo.action_report_demo_document"
                ),
            )
        other_company = self.env["res.company"].create({"name": "Other Company"})
        self.doc_ivan.company_id = other_company
        with self.assertRaises(UserError):
            self._in_request(
                "nora.portal",
                lambda c: c._show_report(
                    docs.sudo(), "html", "portal_demo.action_report_demo_document"
                ),
            )

    def test_http_headers(self):
        doc = self.doc_nora_1

        def headers(controller):
            return (
                controller._get_http_headers(doc, "pdf", b"%PDF-1.4 xx", False),
                controller._get_http_headers(doc, "pdf", b"%PDF-1.4 xx", True),
                controller._get_http_headers(doc, "html", b"<p>caf\xc3\xa9</p>", False),
                controller._get_http_headers(doc, "text", b"abc", True),
            )

        pdf_inline, pdf_download, html, text = self._in_request("nora.portal", headers)
        self.assertEqual(
            pdf_inline,
            {
                "Content-Type": "application/pdf",
                "Content-Length": 11,
                "Content-Disposition": "inline; filename*=UTF-8''Demo_Document_NORA_1.pdf",
            },
        )
        self.assertEqual(
            pdf_download["Content-Disposition"],
            "attachment; filename*=UTF-8''Demo_Document_NORA_1.pdf",
        )
        self.assertEqual(html, {"Content-Type": "text/html", "Content-Length": 12})
        self.assertEqual(text, {"Content-Type": "text/html", "Content-Length": 3})


@tagged("post_install", "-at_install", "portal_controller")
class TestCustomerPortalRoutes(PortalDemoHttpCommon):
    """Routes of the customer space as an anonymous visitor, a customer and an employee."""

    def test_home_as_public_portal_and_internal(self):
        response = self.url_open("/my", allow_redirects=False)
        self.assertRedirectsTo(response, "/web/login")
        response = self.url_open("/my/home", allow_redirects=False)
        self.assertRedirectsTo(response, "/web/login")

        for login in ("nora.portal", "clerk.internal"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for url in ("/my", "/my/home"):
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 200)
                    tree = lxml_html.fromstring(response.content)
                    self.assertTrue(tree.xpath("//div[hasclass('o_portal_my_home')]"))
                    self.assertTrue(tree.xpath("//a[@href='/my/security']"))

    def test_counters(self):
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/counters",
                data='{"jsonrpc": "2.0", "params": {"counters": []}}',
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("error", response.json(), "anonymous visitors get a session error")

        self.authenticate("nora.portal", "nora.portal")
        self.assertEqual(
            self.make_jsonrpc_request("/my/counters", {"counters": ["demo_document_count"]}),
            {"demo_document_count": 3},
        )
        self.assertEqual(self.make_jsonrpc_request("/my/counters", {"counters": []}), {})
        self.authenticate("clerk.internal", "clerk.internal")
        self.assertEqual(
            self.make_jsonrpc_request("/my/counters", {"counters": ["demo_document_count"]}),
            {"demo_document_count": 0},
        )

    def test_counters_remembered_in_session(self):
        self.authenticate("ivan.portal", "ivan.portal")
        store = odoo.http.root.session_store
        self.make_jsonrpc_request("/my/counters", {"counters": ["demo_document_count"]})
        session = store.get(self.session.sid)
        self.assertEqual(session["portal_counters"], {"demo_document_count": True})
        self.doc_ivan.unlink()
        self.make_jsonrpc_request("/my/counters", {"counters": ["demo_document_count"]})
        session = store.get(self.session.sid)
        self.assertEqual(session["portal_counters"], {"demo_document_count": False})

    def test_document_of_another_customer_redirects(self):
        url = self.doc_ivan.access_url
        # Anonymous: no token, wrong token, and the token of another document.
        other_token = self.doc_nora_1._portal_ensure_token()
        for query in ("", "?access_token=", "?access_token=nope", f"?access_token={other_token}"):
            with self.subTest(query=query):
                self.assertRedirectsTo(self.url_open(url + query, allow_redirects=False), "/my")
        self.authenticate("nora.portal", "nora.portal")
        for query in ("", "?access_token=nope", f"?access_token={other_token}"):
            with self.subTest(query=query, login="nora"):
                self.assertRedirectsTo(self.url_open(url + query, allow_redirects=False), "/my")
        # A document that does not exist.
        self.assertRedirectsTo(
            self.url_open("/my/demo_documents/999999", allow_redirects=False), "/my"
        )
        # The employee reads every document by right.
        self.authenticate("clerk.internal", "clerk.internal")
        self.assertEqual(self.url_open(url).status_code, 200)

    def test_record_pager_keeps_working_and_never_leaks_tokens(self):
        self.authenticate("nora.portal", "nora.portal")
        self.assertEqual(self.url_open("/my/demo_documents").status_code, 200)
        # History (newest first): NORA/3, NORA/2, NORA/1.
        first, middle, last = self.doc_nora_3, self.doc_nora_2, self.doc_nora_1

        def pager_links(url):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            tree = lxml_html.fromstring(response.content)
            return [a.get("href") for a in tree.xpath("//div[hasclass('record_pager')]/a")]

        links = pager_links(middle.access_url)
        self.assertEqual(len(links), 2)
        self.assertTrue(links[0].startswith(first.access_url + "?access_token="))
        self.assertTrue(links[1].startswith(last.access_url + "?access_token="))
        # Following the links keeps working for the same visitor.
        for link in links:
            self.assertEqual(self.url_open(link).status_code, 200)

        # The middle document now belongs to someone else: it disappears from the pager,
        # and its token is not handed out.
        middle.partner_id = self.partner_ivan
        middle_token = middle._portal_ensure_token()
        links = pager_links(first.access_url)
        self.assertEqual(links[0], "#")
        self.assertTrue(links[1].startswith(last.access_url + "?access_token="))
        for url in (first.access_url, last.access_url):
            response = self.url_open(url)
            self.assertNotIn(middle_token, response.text)

        # An anonymous visitor with a token gets no pager at all.
        self.authenticate(None, None)
        token = first._portal_ensure_token()
        response = self.url_open(f"{first.access_url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        tree = lxml_html.fromstring(response.content)
        self.assertFalse(tree.xpath("//div[hasclass('record_pager')]"))

    def test_language_installed_but_not_on_front_end(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_nora.lang = "fr_FR"
        Lang = type(self.env["res.lang"])
        english_only = Lang._get_frontend

        def frontend_langs(self_):
            langs = english_only(self_)
            return type(langs)({code: data for code, data in langs.items() if code != "fr_FR"})

        self.authenticate("nora.portal", "nora.portal")
        with patch.object(Lang, "_get_frontend", frontend_langs):
            response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        # The page is rendered in the nearest language of the front end: English.
        self.assertEqual(response.cookies.get("frontend_lang"), "en_US")
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(tree.xpath("//div[hasclass('o_portal_my_home')]"))


@tagged("post_install", "-at_install", "portal_controller")
class TestHomeRedirects(PortalDemoHttpCommon):
    """Portal users land on /my and are kept out of the back-office."""

    def _sign_in(self, login, **data):
        """Sign in through the login form (password = login); return its answer."""
        page = self.url_open("/web/login")
        return self._post(
            "/web/login",
            {"login": login, "password": login, "csrf_token": self._csrf_token(page.text), **data},
        )

    def test_login_lands_portal_users_on_my(self):
        response = self._sign_in("nora.portal")
        self.assertRedirectsTo(response, "/my")

    def test_login_keeps_an_explicit_redirect(self):
        response = self._sign_in("nora.portal", redirect="/my/demo_documents")
        self.assertRedirectsTo(response, "/my/demo_documents")

    def test_internal_users_keep_the_back_office(self):
        response = self._sign_in("clerk.internal")
        self.assertRedirectsTo(response, "/odoo")
        response = self.url_open("/odoo", allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        response = self.url_open("/", allow_redirects=False)
        self.assertRedirectsTo(response, "/odoo")

    def test_back_office_urls_send_portal_users_to_my(self):
        self.authenticate("nora.portal", "nora.portal")
        self.assertRedirectsTo(self.url_open("/web", allow_redirects=False), "/my", {})
        self.assertRedirectsTo(self.url_open("/odoo", allow_redirects=False), "/my", {})
        self.assertRedirectsTo(
            self.url_open("/web?debug=1#action=12", allow_redirects=False),
            "/my",
            {"debug": ["1"]},
        )
        self.assertRedirectsTo(
            self.url_open("/odoo/portal.demo.document/3?view=form", allow_redirects=False),
            "/my",
            {"subpath": ["portal.demo.document/3"], "view": ["form"]},
        )
        self.assertRedirectsTo(
            self.url_open("/?utm=mail", allow_redirects=False), "/my", {"utm": ["mail"]}
        )

    def test_anonymous_visitors_are_not_redirected_to_my(self):
        response = self.url_open("/odoo", allow_redirects=False)
        self.assertRedirectsTo(response, "/web/login")
        response = self.url_open("/", allow_redirects=False)
        location = urlsplit(response.headers["Location"])
        self.assertNotEqual(location.path, "/my")
        self.assertEqual(parse_qs(location.query), {})
