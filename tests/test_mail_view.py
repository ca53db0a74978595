# Part of the clean-room Customer Portal addon. License LGPL-3.
from werkzeug.urls import url_decode, url_encode, url_parse

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PortalHttpCase, new_portal_customer


@tagged("post_install", "-at_install", "portal_mail_view")
class TestMailView(PortalHttpCase):
    """Where the links of document e-mails (``/mail/view``) take their readers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_employee = new_test_user(
            cls.env, login="mail_view_employee", groups="base.group_user", name="Emma Employee"
        )
        cls.user_portal = new_portal_customer(cls.env, "mail_view_portal", name="Pierre Portal")
        cls.user_stranger = new_portal_customer(cls.env, "mail_view_stranger", name="Sam Stranger")
        cls.customer = cls.user_portal.partner_id
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DEMO/VIEW/1", "partner_id": cls.customer.id}
        )
        cls.token = cls.document._portal_ensure_token()
        cls.hash = cls.document._sign_token(cls.customer.id)
        cls.portal_path = f"/my/demo_documents/{cls.document.id}"
        cls.missing_id = (
            cls.env["portal.demo.document"].search([], order="id desc", limit=1).id + 1000
        )

    # === HELPERS === #

    def _mail_view(self, **params):
        """Open a /mail/view link without following the redirection; return the response."""
        response = self.url_open(
            f"/mail/view?{url_encode(params, sort=True)}", allow_redirects=False
        )
        self.assertIn(response.status_code, (302, 303), "a redirection is expected")
        return response

    def _location(self, response):
        """Return the path and the decoded query of a redirection."""
        location = url_parse(response.headers["Location"])
        return location.path, url_decode(location.query).to_dict()

    def _document_params(self, **params):
        return {"model": self.document._name, "res_id": self.document.id, **params}

    # === TESTS === #

    def test_anonymous_with_token_lands_on_portal_page(self):
        """A valid token opens the portal page, keeping token, pid and hash (sorted)."""
        self._login()
        response = self._mail_view(
            **self._document_params(access_token=self.token, pid=self.customer.id, hash=self.hash)
        )
        location = url_parse(response.headers["Location"])
        self.assertEqual(location.path, self.portal_path)
        self.assertEqual(
            location.query,
            url_encode(
                {"access_token": self.token, "hash": self.hash, "pid": self.customer.id},
                sort=True,
            ),
        )

    def test_anonymous_with_token_only(self):
        """Without a signature, the portal page is opened with the token alone."""
        self._login()
        response = self._mail_view(**self._document_params(access_token=self.token))
        self.assertEqual(self._location(response), (self.portal_path, {"access_token": self.token}))

    @mute_logger("werkzeug")
    def test_anonymous_without_valid_token_goes_to_login(self):
        """A wrong or missing token sends an anonymous reader to the login page."""
        self._login()
        for name, params in [
            ("wrong token", self._document_params(access_token=self.token[::-1])),
            ("no token", self._document_params()),
            (
                "missing record",
                {"model": self.document._name, "res_id": self.missing_id},
            ),
            ("unknown model", {"model": "no.such.model", "res_id": 1}),
            ("no model", {"res_id": self.document.id}),
        ]:
            with self.subTest(name=name):
                path, query = self._location(self._mail_view(**params))
                self.assertEqual(path, "/web/login")
                if name != "no model":
                    redirect = url_parse(query["redirect"])
                    self.assertEqual(redirect.path, "/mail/view")
                    self.assertEqual(url_decode(redirect.query).get("model"), params["model"])

    def test_portal_user_without_access(self):
        """A portal user who may not read the document needs its token; else goes to /my."""
        self._login(self.user_stranger)
        response = self._mail_view(
            **self._document_params(access_token=self.token, pid=self.customer.id, hash=self.hash)
        )
        path, query = self._location(response)
        self.assertEqual(path, self.portal_path)
        self.assertEqual(
            query,
            {"access_token": self.token, "hash": self.hash, "pid": str(self.customer.id)},
        )
        for name, params in [
            ("wrong token", self._document_params(access_token="not-the-token")),
            ("no token", self._document_params()),
            ("missing record", {"model": self.document._name, "res_id": self.missing_id}),
            ("unknown model", {"model": "no.such.model", "res_id": 1}),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self._location(self._mail_view(**params)), ("/my", {}))

    def test_portal_owner_without_token(self):
        """The customer reading their own document gets its portal page."""
        self._login(self.user_portal)
        path, query = self._location(self._mail_view(**self._document_params()))
        self.assertEqual(path, self.portal_path)
        self.assertEqual(query, {"access_token": self.token})

    def test_employee_goes_to_backend(self):
        """Employees open the document in the back-end, whatever the token."""
        self._login(self.user_employee)
        for params in (
            self._document_params(access_token=self.token, pid=self.customer.id, hash=self.hash),
            self._document_params(access_token="wrong"),
            self._document_params(),
        ):
            with self.subTest(params=params):
                path, _query = self._location(self._mail_view(**params))
                self.assertEqual(path, f"/odoo/{self.document._name}/{self.document.id}")
        path, _query = self._location(
            self._mail_view(model=self.document._name, res_id=self.missing_id)
        )
        self.assertEqual(path, "/odoo/action-mail.action_discuss")


@tagged("post_install", "-at_install", "portal_mail_view")
class TestMailUnfollow(HttpCase):
    """The unfollow link of notification e-mails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.follower = cls.env["res.partner"].create(
            {"name": "Fiona Follower", "email": "fiona.follower@example.com"}
        )
        cls.document = cls.env["portal.demo.document"].create(
            {"name": "DEMO/UNFOLLOW/1", "partner_id": cls.follower.id}
        )
        cls.document.message_subscribe(partner_ids=cls.follower.ids)

    def _is_follower(self):
        self.env.invalidate_all()
        return self.follower in self.document.message_partner_ids

    def test_unfollow_route_uses_website_layout(self):
        """The unfollow route is redeclared for the website/portal layout."""
        modules = sorted(self.env.registry._init_modules)
        routings = [
            endpoint.routing
            for url, endpoint in http._generate_routing_rules(modules, nodb_only=False)
            if url == "/mail/unfollow"
        ]
        self.assertEqual(len(routings), 1)
        self.assertTrue(routings[0].get("website"))
        self.assertEqual(routings[0]["auth"], "public")
        self.assertFalse(routings[0]["csrf"])

    def test_unfollow_with_valid_link(self):
        """The signed unfollow link removes the follower and shows a confirmation."""
        self.assertTrue(self._is_follower())
        link = self.document._notify_get_action_link(
            "unfollow", model=self.document._name, res_id=self.document.id, pid=self.follower.id
        )
        url = url_parse(link)
        self.authenticate(None, None)
        response = self.url_open(f"{url.path}?{url.query}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.document.display_name, response.text)
        self.assertFalse(self._is_follower())

    @mute_logger("odoo.http", "odoo.addons.mail.controllers.mail")
    def test_unfollow_with_forged_link(self):
        """A forged unfollow link changes nothing."""
        self.authenticate(None, None)
        params = {
            "model": self.document._name,
            "res_id": self.document.id,
            "pid": self.follower.id,
            "token": "0" * 64,
        }
        response = self.url_open(f"/mail/unfollow?{url_encode(params)}")
        self.assertEqual(response.status_code, 403)
        self.assertTrue(self._is_follower())
