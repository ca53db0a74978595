# Part of the clean-room Customer Portal addon. License LGPL-3.
from unittest.mock import Mock, patch
from urllib.parse import urlsplit

from lxml import html as lxml_html

from odoo.http import _request_stack, request
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon


@tagged("post_install", "-at_install", "portal_account")
class TestAccountPage(PortalDemoHttpCommon):
    """``/my/account``: show, validate and save the customer's contact details."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.state_brussels = cls.env["res.country.state"].create(
            {"name": "Test Brussels Region", "code": "TBR", "country_id": cls.country_be.id}
        )
        cls.state_paris = cls.env["res.country.state"].create(
            {"name": "Test Ile de France", "code": "TIF", "country_id": cls.country_fr.id}
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _ivan_values(self, **overrides):
        """Ivan's whole account form, with ``overrides``; a field set to None is left out."""
        values = self._ivan_account_form(
            **{
                "street2": "Bat. B",
                "zipcode": "75001",
                "state_id": str(self.state_paris.id),
                "vat": "",
                "company_name": "",
                **overrides,
            }
        )
        return {key: value for key, value in values.items() if value is not None}

    def _error_box(self, response):
        tree = lxml_html.fromstring(response.content)
        return " ".join(box.text_content() for box in tree.xpath("//div[hasclass('alert-danger')]"))

    def _post_account(self, data, csrf_token, url="/my/account"):
        return self.url_open(url, data=dict(data, csrf_token=csrf_token), allow_redirects=False)

    # ------------------------------------------------------------------
    # Display
    # ------------------------------------------------------------------

    def test_anonymous_visitor_goes_to_login(self):
        response = self.url_open("/my/account", allow_redirects=False)
        self.assertRedirectsTo(response, "/web/login")
        response = self.url_open("/my/account", data={"name": "Forged"}, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303, 400))

    def test_form_for_portal_and_internal_users(self):
        for login, partner in (
            ("ivan.portal", self.partner_ivan),
            ("clerk.internal", self.user_clerk.partner_id),
        ):
            with self.subTest(login=login):
                response, _token = self._open_form(login, "/my/account")
                self._assert_framed_by_same_origin_only(response)
                tree = lxml_html.fromstring(response.content)
                self.assertEqual(
                    tree.xpath("//form[@action='/my/account']//input[@name='name']/@value"),
                    [partner.name],
                )

    # ------------------------------------------------------------------
    # Saving
    # ------------------------------------------------------------------

    def test_save_valid_details(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        seen = {}

        def on_account_update(self_, values, partner):
            seen["values"] = dict(values)
            seen["old_street"] = partner.street

        with patch.object(CustomerPortal, "on_account_update", on_account_update):
            response = self._post_account(
                self._ivan_values(street="Avenue Foch 9", zipcode="75016"), token
            )
        self.assertRedirectsTo(response, "/my/home")
        self.assertEqual(seen["old_street"], "Rue de Rivoli 2", "called before the write")
        self.assertEqual(seen["values"]["zip"], "75016")
        self.assertNotIn("zipcode", seen["values"])
        self.assertEqual(seen["values"]["country_id"], self.country_fr.id)
        self.assertEqual(seen["values"]["state_id"], self.state_paris.id)
        partner = self.partner_ivan
        self.assertEqual(partner.street, "Avenue Foch 9")
        self.assertEqual(partner.zip, "75016")
        self.assertEqual(partner.street2, "Bat. B")
        self.assertEqual(partner.state_id, self.state_paris)

    def test_save_without_optional_fields(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        data = self._ivan_values(street2=None, zipcode=None, state_id=None, vat=None)
        data.pop("company_name")
        self.partner_ivan.zip = "99999"
        response = self._post_account(data, token)
        self.assertRedirectsTo(response, "/my/home")
        self.assertFalse(self.partner_ivan.zip, "zip is always written")

    def test_redirect_parameter_stays_on_the_same_host(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        base = urlsplit(self.base_url())
        for target, path in (
            ("/my/demo_documents", "/my/demo_documents"),
            ("https://evil.example.com/steal", "/steal"),
            ("//evil.example.com/steal", "/steal"),
        ):
            with self.subTest(target=target):
                response = self._post_account(
                    self._ivan_values(), token, url=f"/my/account?redirect={target}"
                )
                self.assertIn(response.status_code, (302, 303))
                location = urlsplit(response.headers["Location"])
                self.assertIn(location.netloc, ("", base.netloc))
                self.assertEqual(location.path, path)

    def test_redirect_is_kept_in_the_form(self):
        response, _token = self._open_form("ivan.portal", "/my/account?redirect=/my/security")
        tree = lxml_html.fromstring(response.content)
        self.assertEqual(tree.xpath("//input[@name='redirect']/@value"), ["/my/security"])

    def test_each_missing_mandatory_field_has_its_error(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        before = self._account_snapshot(self.partner_ivan)
        for field_name in ("name", "phone", "email", "street", "city", "country_id"):
            for empty in ("", "   ", None):
                with self.subTest(field=field_name, value=empty):
                    # Another field changes too, to show that nothing at all is saved.
                    other = "city" if field_name != "city" else "street"
                    data = self._ivan_values(**{other: "Changed 1", field_name: empty})
                    response = self._post_account(data, token)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(self._invalid_inputs(response), {field_name})
                    self.assertIn("required fields are empty", self._error_box(response))
                    self.assertEqual(self._account_snapshot(self.partner_ivan), before)

    def test_invalid_values_have_their_error(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        before = self._account_snapshot(self.partner_ivan)
        cases = [
            ({"email": "not-an-email"}, "email", "Invalid email"),
            ({"email": "a@b"}, "email", "Invalid email"),
            ({"country_id": "abc"}, "country_id", "valid country"),
            ({"country_id": "999999"}, "country_id", "valid country"),
            ({"country_id": "-4"}, "country_id", "valid country"),
            ({"state_id": "abc"}, "state_id", "state"),
            ({"state_id": str(self.state_brussels.id)}, "state_id", "state"),
        ]
        for overrides, field_name, message in cases:
            with self.subTest(**overrides):
                response = self._post_account(self._ivan_values(street="X", **overrides), token)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._invalid_inputs(response), {field_name})
                self.assertIn(message, self._error_box(response))
                self.assertEqual(self._account_snapshot(self.partner_ivan), before)

    def test_unknown_field_is_refused(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        before = self._account_snapshot(self.partner_ivan)
        response = self._post_account(
            self._ivan_values(street="X", is_company="1", user_id="2"), token
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Unknown field", self._error_box(response))
        self.assertIn("is_company", self._error_box(response))
        self.assertEqual(self._account_snapshot(self.partner_ivan), before)
        self.assertFalse(self.partner_ivan.is_company)

    def test_posted_values_that_collide_with_page_values_do_not_break_it(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        response = self._post_account(
            self._ivan_values(partner="1", sales_user="x", countries="y", error="z"), token
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Unknown field", self._error_box(response))

    def test_form_redisplays_what_was_typed(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        response = self._post_account(self._ivan_values(street="Typed Street", email="bad"), token)
        tree = lxml_html.fromstring(response.content)
        self.assertEqual(tree.xpath("//input[@name='street']/@value"), ["Typed Street"])
        self.assertEqual(tree.xpath("//input[@name='email']/@value"), ["bad"])

    def test_missing_csrf_token_is_rejected(self):
        self._open_form("ivan.portal", "/my/account")
        before = self._account_snapshot(self.partner_ivan)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/my/account", data=self._ivan_values(street="No Token"), allow_redirects=False
            )
            self.assertEqual(response.status_code, 400)
            response = self._post_account(self._ivan_values(street="Bad Token"), "forged")
            self.assertEqual(response.status_code, 400)
        self.assertEqual(self._account_snapshot(self.partner_ivan), before)

    def test_country_id_put_in_context_before_field_lists(self):
        _response, token = self._open_form("ivan.portal", "/my/account")
        seen = []
        original = CustomerPortal._get_mandatory_fields

        def mandatory_fields(self_):
            seen.append(request.env.context.get("portal_form_country_id"))
            return original(self_)

        with patch.object(CustomerPortal, "_get_mandatory_fields", mandatory_fields):
            self._post_account(self._ivan_values(), token)
            data = self._ivan_values()
            data.pop("country_id")
            self._post_account(data, token)
        self.assertEqual(seen[0], str(self.country_fr.id))
        self.assertIn("", seen[1:], "an absent country is put as an empty string")

    # ------------------------------------------------------------------
    # Customers without a country
    # ------------------------------------------------------------------

    def test_customer_without_country(self):
        self.partner_ivan.write({"country_id": False, "state_id": False})
        response, token = self._open_form("ivan.portal", "/my/account")
        tree = lxml_html.fromstring(response.content)
        self.assertFalse(tree.xpath("//select[@name='country_id']/option[@selected]/@value"))

        # Saving without choosing a country: a field error, not a crash.
        data = self._ivan_values(country_id="", state_id="")
        response = self._post_account(data, token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._invalid_inputs(response), {"country_id"})
        data.pop("country_id")
        response = self._post_account(data, token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._invalid_inputs(response), {"country_id"})
        response = self._post_account(self._ivan_values(country_id="abc", state_id=""), token)
        self.assertEqual(self._invalid_inputs(response), {"country_id"})
        self.assertFalse(self.partner_ivan.country_id)

        # Choosing one saves it.
        response = self._post_account(self._ivan_values(state_id=""), token)
        self.assertRedirectsTo(response, "/my/home")
        self.assertEqual(self.partner_ivan.country_id, self.country_fr)

    def test_contact_without_country_whose_country_is_locked(self):
        # A company contact may not change the country (it follows the VAT rules); without
        # a country it can still save the rest of its details.
        self.partner_nora.write({"country_id": False})
        self.customer_company.write({"country_id": False})
        _response, token = self._open_form("nora.portal", "/my/account")
        data = {
            "name": "Nora North",
            "email": "nora@northwind.example.com",
            "phone": "+32 2 555 09 09",
            "street": "Rue Haute 1",
            "city": "Brussels",
        }
        response = self._post_account(data, token)
        self.assertRedirectsTo(response, "/my/home")
        self.assertEqual(self.partner_nora.phone, "+32 2 555 09 09")
        self.assertFalse(self.partner_nora.country_id)

    # ------------------------------------------------------------------
    # Fiscal locks
    # ------------------------------------------------------------------

    def _nora_values(self, **overrides):
        values = {
            "name": "Nora North",
            "email": "nora@northwind.example.com",
            "phone": "+32 2 555 01 01",
            "street": "Rue Haute 1",
            "city": "Brussels",
        }
        values.update(overrides)
        return values

    def test_locked_fields_cannot_be_forged(self):
        self.customer_company.vat = "BE0477472701"
        self.partner_nora.invalidate_recordset()
        self.doc_nora_2.action_post()  # a document of the company freezes its contacts too
        self.assertFalse(self.partner_nora._can_edit_name())
        response, token = self._open_form("nora.portal", "/my/account")
        tree = lxml_html.fromstring(response.content)
        self.assertTrue(tree.xpath("//input[@name='vat'][@disabled]"))
        self.assertTrue(tree.xpath("//select[@name='country_id'][@disabled]"))
        before = self._account_snapshot(self.partner_nora)
        company_before = self._account_snapshot(self.customer_company)
        cases = [
            ({"vat": "BE0999999999"}, {"vat"}),
            ({"vat": ""}, {"vat"}),
            ({"name": "Someone Else"}, {"name"}),
            ({"company_name": "Evil Corp"}, {"company_name"}),
            ({"country_id": str(self.country_fr.id)}, {"country_id"}),
            ({"country_id": "abc"}, {"country_id"}),
            (
                {"vat": "X1", "name": "Y", "company_name": "Z", "country_id": "1"},
                {"vat", "name", "company_name", "country_id"},
            ),
        ]
        for overrides, fields in cases:
            with self.subTest(**overrides):
                response = self._post_account(
                    self._nora_values(street="Moved 5", **overrides), token
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._invalid_inputs(response), fields)
                self.assertEqual(self._account_snapshot(self.partner_nora), before)
                self.assertEqual(self._account_snapshot(self.customer_company), company_before)

        # Unchanged locked values, or none at all (disabled inputs), save the rest.
        response = self._post_account(
            self._nora_values(
                street="Moved 5",
                vat="BE0477472701",
                company_name="Northwind Traders",
                country_id=str(self.country_be.id),
            ),
            token,
        )
        self.assertRedirectsTo(response, "/my/home")
        self.assertEqual(self.partner_nora.street, "Moved 5")
        self.assertEqual(self.partner_nora.country_id, self.country_be)
        self.assertEqual(self.partner_nora.vat, "BE0477472701")

    def test_lock_of_an_individual_customer(self):
        self.doc_ivan.action_post()
        _response, token = self._open_form("ivan.portal", "/my/account")
        before = self._account_snapshot(self.partner_ivan)
        response = self._post_account(
            self._ivan_values(vat="FR23334175221", name="Ivan Renamed"), token
        )
        self.assertEqual(self._invalid_inputs(response), {"vat", "name"})
        self.assertEqual(self._account_snapshot(self.partner_ivan), before)
        # Without documents the same customer may change both.
        self.doc_ivan.action_cancel()
        response = self._post_account(
            self._ivan_values(vat="FR23334175221", name="Ivan Renamed"), token
        )
        self.assertRedirectsTo(response, "/my/home")
        self.assertEqual(self.partner_ivan.vat, "FR23334175221")
        self.assertEqual(self.partner_ivan.name, "Ivan Renamed")

    def test_get_with_form_values_changes_nothing(self):
        """Details change only through a POST: the same values in a GET query write nothing."""
        self.authenticate("ivan.portal", "ivan.portal")
        before = self._account_snapshot(self.partner_ivan)
        query = "&".join(f"{key}={value}" for key, value in self._ivan_values().items())
        response = self.url_open(f"/my/account?{query}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._account_snapshot(self.partner_ivan), before)


@tagged("post_install", "-at_install", "portal_account")
class TestDetailsFormValidate(PortalDemoHttpCommon):
    """``details_form_validate`` called directly, as ``point_of_sale`` does for a new partner."""

    def _validate(self, user, data, partner_creation=False):
        fake_request = Mock(env=self.env(user=user), update_context=Mock())
        _request_stack.push(fake_request)
        try:
            return CustomerPortal().details_form_validate(data, partner_creation=partner_creation)
        finally:
            _request_stack.pop()

    def test_country_not_required_from_whom_may_not_change_it(self):
        """Nora, a company's contact, may not edit the VAT: the country input she sees is
        disabled, so the country is not required, even for a partner being created."""
        self.assertFalse(self.partner_nora.can_edit_vat())
        data = {
            "name": "New Buyer",
            "email": "buyer@example.com",
            "phone": "1",
            "street": "s",
            "city": "c",
            "country_id": "",
        }
        for partner_creation in (False, True):
            with self.subTest(partner_creation=partner_creation):
                error, _messages = self._validate(self.user_nora, dict(data), partner_creation)
                self.assertNotIn("country_id", error)
        error, _messages = self._validate(self.user_ivan, dict(data), partner_creation=True)
        self.assertEqual(error.get("country_id"), "missing")

    def test_submitted_country_put_in_context(self):
        fake_request = Mock(env=self.env(user=self.user_ivan), update_context=Mock())
        _request_stack.push(fake_request)
        try:
            CustomerPortal().details_form_validate({"country_id": "21"})
            CustomerPortal().details_form_validate({})
        finally:
            _request_stack.pop()
        self.assertEqual(
            [call.kwargs for call in fake_request.update_context.call_args_list],
            [{"portal_form_country_id": "21"}, {"portal_form_country_id": ""}],
        )
