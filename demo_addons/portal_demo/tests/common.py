# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Shared set-up of the tests that drive the portal pages with demo documents."""

from urllib.parse import parse_qs, urlsplit

from odoo.tests import new_test_user

from odoo.addons.portal.tests.common import PortalHttpCase, new_portal_customer


class PortalDemoHttpCommon(PortalHttpCase):
    """Two customers (a company with two contacts, and a private person), an internal user,
    and a few demo documents for each customer."""

    def setUp(self):
        super().setUp()
        # Failed password checks are counted per address on the registry, shared by every
        # test; start each test with a clean count so that no test inherits a cooldown.
        self._clear_login_failures()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.country_be = env.ref("base.be")
        cls.country_fr = env.ref("base.fr")
        cls.customer_company = Partner.create(
            {
                "name": "Northwind Traders",
                "is_company": True,
                "country_id": cls.country_be.id,
                "street": "Rue Haute 1",
                "city": "Brussels",
                "email": "info@northwind.example.com",
            }
        )
        cls.user_nora = new_portal_customer(
            env,
            "nora.portal",
            name="Nora North",
            email="nora@northwind.example.com",
            partner_values={
                "parent_id": cls.customer_company.id,
                "phone": "+32 2 555 01 01",
                "street": "Rue Haute 1",
                "city": "Brussels",
                "country_id": cls.country_be.id,
            },
        )
        cls.partner_nora = cls.user_nora.partner_id
        cls.user_ivan = new_portal_customer(
            env,
            "ivan.portal",
            name="Ivan Other",
            email="ivan@other.example.com",
            partner_values={
                "phone": "+33 1 555 02 02",
                "street": "Rue de Rivoli 2",
                "city": "Paris",
                "country_id": cls.country_fr.id,
            },
        )
        cls.partner_ivan = cls.user_ivan.partner_id
        cls.user_clerk = new_test_user(
            env,
            login="clerk.internal",
            password="clerk.internal",
            groups="base.group_user",
            name="Clara Clerk",
        )
        Document = env["portal.demo.document"]
        cls.doc_nora_1, cls.doc_nora_2, cls.doc_nora_3 = Document.create(
            [
                {
                    "name": f"NORA/{index}",
                    "partner_id": cls.customer_company.id if index == 2 else cls.partner_nora.id,
                    "amount": 100.0 * index,
                    "date": f"2026-0{index}-15",
                    "state": "draft",
                }
                for index in (1, 2, 3)
            ]
        )
        cls.doc_ivan = Document.create(
            {
                "name": "IVAN/1",
                "partner_id": cls.partner_ivan.id,
                "amount": 999.0,
                "date": "2026-02-01",
            }
        )

    def _clear_login_failures(self):
        """Forget the failed password checks the registry counts per address."""
        failures = getattr(self.registry, "_login_failures", None)
        if failures is not None:
            failures.clear()

    def _get(self, url, **kwargs):
        """GET ``url`` without following redirects."""
        return self.url_open(url, allow_redirects=False, **kwargs)

    def _post(self, url, data, **kwargs):
        """POST ``data`` to ``url`` without following redirects."""
        return self.url_open(url, data=data, allow_redirects=False, **kwargs)

    def _ivan_account_form(self, **changes):
        """Return the account form as Ivan sends it with his details unchanged, plus
        ``changes``."""
        return {
            "name": "Ivan Other",
            "email": "ivan@other.example.com",
            "phone": "+33 1 555 02 02",
            "street": "Rue de Rivoli 2",
            "city": "Paris",
            "country_id": str(self.country_fr.id),
            **changes,
        }

    def assertRedirectsTo(self, response, path, query=None):
        """Check that ``response`` is a redirection to ``path`` (and ``query`` if given)."""
        self.assertIn(response.status_code, (301, 302, 303), response.text[:300])
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, path)
        if query is not None:
            self.assertEqual(parse_qs(location.query), query)
