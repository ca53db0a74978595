# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Bad, forged and hostile input sent to the portal's routes and wizards.

Every case checks the same things: no server error (HTTP 500, or a JSON-RPC error that is not
one of the expected refusals), no traceback in an HTML answer, nothing written when the call
is refused, and redirections that stay on the same host.
"""

import json
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import odoo
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon

from .common import post_comment

# Exceptions a JSON route may answer with when it refuses bad input; anything else (TypeError,
# KeyError, database errors...) is a server error.
EXPECTED_RPC_ERRORS = {
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.http.SessionExpiredException",
    "werkzeug.exceptions.BadRequest",
    "werkzeug.exceptions.Forbidden",
    "werkzeug.exceptions.NotFound",
    "werkzeug.exceptions.UnprocessableEntity",
}

# ``mail``'s own routes convert some parameters with a bare ``int()`` (message and attachment
# ids) and compare tokens without checking their type: a malformed value comes back as a
# Python error there. That code belongs to ``mail``, not to this addon; the cases below still
# check that nothing is written.
MAIL_INPUT_ERRORS = {"builtins.TypeError", "builtins.ValueError"}

HUGE_ID = 2**31 + 7
LONG_TEXT = "x" * 100_000
SCRIPT = '<script>alert("pwned")</script>'
EVIL_REDIRECTS = [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example/path",
    "javascript:alert(1)",
    "https:evil.example",
]
BAD_IDS = [None, [], [1], {"id": 1}, "abc", "", -1, 0, HUGE_ID, 2**70, 1.5, True]
MUTE = (
    "odoo.http",
    "odoo.addons.portal.controllers.mail",
    "odoo.addons.portal.controllers.thread",
    "odoo.addons.base.models.ir_attachment",
    "odoo.addons.mail.controllers.attachment",
    "odoo.sql_db",
)


class HostileInputCommon(PortalDemoHttpCommon):
    """Demo documents with tokens and messages, and the checks shared by the cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.token_nora = cls.doc_nora_1._portal_ensure_token()
        cls.token_ivan = cls.doc_ivan._portal_ensure_token()
        cls.message_ivan = post_comment(
            cls.doc_ivan, cls.partner_ivan, "Private discussion with Ivan"
        )
        cls.message_nora = post_comment(cls.doc_nora_1, cls.partner_nora, "Question from Nora")
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    # === HELPERS === #

    def _snapshot(self):
        """Row counts and customer data that a refused call must leave unchanged."""
        self.env.invalidate_all()
        partners = self.partner_nora | self.partner_ivan
        return (
            self.env["mail.message"].search_count([]),
            self.env["ir.attachment"].search_count([]),
            self.env["res.users"].with_context(active_test=False).search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["mail.message.reaction"].search_count([]),
            partners.read(["name", "email", "phone", "street", "city", "country_id", "zip"]),
            self.message_ivan.read(["body", "is_internal"]),
        )

    def _check_http(self, response, case):
        """No server error and no traceback in an HTTP answer; redirections stay here."""
        self.assertNotEqual(response.status_code, 500, f"{case}: server error")
        self.assertNotIn("Traceback", response.text, f"{case}: traceback in the page")
        if response.status_code in (301, 302, 303, 307, 308):
            self._check_same_host(response.headers["Location"], case)

    def _check_same_host(self, location, case):
        """A redirection must not leave the server, whatever its spelling."""
        base = urlsplit(self.base_url())
        target = urlsplit(location.replace("\\", "/"))
        self.assertIn(target.scheme, ("", base.scheme), f"{case}: redirected to {location}")
        self.assertIn(target.netloc, ("", base.netloc), f"{case}: redirected to {location}")

    def _rpc(self, route, params, case="", allowed=()):
        """Call a JSON route; check the answer is a result or an expected refusal.

        :param allowed: names of further exceptions accepted as a refusal
        """
        response = self._jsonrpc(route, params)
        self.assertNotEqual(response.status_code, 500, f"{case}: server error")
        if response.status_code != 200:
            return None
        answer = response.json()
        if "error" in answer:
            self.assertIn(
                answer["error"]["data"]["name"],
                EXPECTED_RPC_ERRORS | set(allowed),
                f"{case}: unexpected error {answer['error']['data']['message'][:300]}",
            )
        return answer

    def _assert_refused(self, answer, case=""):
        """The JSON call was refused (error answer or HTTP-level refusal)."""
        self.assertTrue(answer is None or "error" in answer, f"{case}: should be refused")

    def _assert_rpc_refused_unchanged(self, route, params, case="", allowed=()):
        """Call a JSON route as ``_rpc`` does; check it is refused and writes nothing."""
        before = self._snapshot()
        self._assert_refused(self._rpc(route, params, case, allowed), case)
        self.assertEqual(self._snapshot(), before, f"{case}: a refused call writes nothing")

    def _csrf(self):
        return odoo.http.Request.csrf_token(self)


@tagged("post_install", "-at_install", "portal_hostile_input")
class TestHostileHttpRoutes(HostileInputCommon):
    """Plain HTTP pages: document pages, account, security, mail links, home redirects."""

    @mute_logger(*MUTE)
    def test_demo_document_page_bad_ids_and_tokens(self):
        """Foreign, unknown and out-of-range ids and wrong tokens never show the document."""
        cases = [
            f"/my/demo_documents/{self.doc_ivan.id}",
            f"/my/demo_documents/{self.doc_ivan.id}?access_token={self.token_nora}",
            f"/my/demo_documents/{self.doc_ivan.id}?access_token=",
            f"/my/demo_documents/{self.doc_ivan.id}?access_token={'é' * 40}",
            f"/my/demo_documents/{self.doc_ivan.id}?access_token={LONG_TEXT[:8000]}",
            f"/my/demo_documents/{self.doc_ivan.id}?access_token=a&access_token=b",
            "/my/demo_documents/999999999",
            f"/my/demo_documents/{HUGE_ID}",
            f"/my/demo_documents/{2**70}",
            "/my/demo_documents/-1",
            "/my/demo_documents/abc",
            "/my/demo_documents/0",
        ]
        for user in (None, self.user_nora, self.user_clerk):
            self._login(user)
            for url in cases:
                with self.subTest(user=user and user.login, url=url[:120]):
                    response = self._get(url)
                    self._check_http(response, url[:120])
                    if user == self.user_clerk and f"/{self.doc_ivan.id}" in url:
                        continue  # employees read every document
                    self.assertNotIn("IVAN/1", response.text)
                    self.assertIn(response.status_code, (303, 404, 400, 414, 431))

    @mute_logger(*MUTE)
    def test_demo_document_page_report_types(self):
        """Unknown report types are a clean 400; the token still guards the report."""
        self._login()
        base = f"/my/demo_documents/{self.doc_ivan.id}?access_token={self.token_ivan}"
        for report_type in ("evil", SCRIPT, LONG_TEXT[:5000], "PDF", "html;pdf"):
            with self.subTest(report_type=report_type[:40]):
                response = self._get(f"{base}&report_type={report_type}&download=1")
                self._check_http(response, report_type[:40])
                self.assertIn(response.status_code, (400, 414))
                self.assertNotIn("<script>", response.text)
        response = self._get(
            f"/my/demo_documents/{self.doc_ivan.id}?access_token=wrong&report_type=html"
        )
        self._check_http(response, "report with wrong token")
        self.assertEqual(response.status_code, 303)
        response = self._get(f"{base}&report_type=html&download=<script>")
        self._check_http(response, "html report")
        self.assertEqual(response.status_code, 200)
        self.assertIn("IVAN/1", response.text)

    @mute_logger(*MUTE)
    def test_demo_document_page_echoed_parameters_escaped(self):
        """Parameters the document page echoes (chatter credentials, payment feedback)."""
        self._login()
        url = f"/my/demo_documents/{self.doc_ivan.id}?access_token={self.token_ivan}"
        for key in ("pid", "hash", "error", "warning", "success", "report_type_extra"):
            with self.subTest(key=key):
                response = self._get(f"{url}&{key}=%22%3E{SCRIPT}")
                self._check_http(response, key)
                self.assertEqual(response.status_code, 200)
                self.assertIn("IVAN/1", response.text)
                self.assertNotIn(SCRIPT, response.text)

    @mute_logger(*MUTE)
    def test_demo_document_list_bad_parameters(self):
        """Sort, filter, search and page parameters of any shape render the list."""
        self._login(self.user_nora)
        queries = [
            "?sortby=<script>&filterby=<script>&search_in=<script>",
            f"?search={SCRIPT}",
            "?search=%25%27%22%5C",
            f"?search={LONG_TEXT[:20000]}",
            "?page=abc",
            "?page=-5",
            f"?page={HUGE_ID}",
            "?sortby=id desc; drop table res_partner",
            "?sortby=date&sortby=name",
        ]
        for query in queries:
            with self.subTest(query=query[:60]):
                response = self._get(f"/my/demo_documents{query}")
                self._check_http(response, query[:60])
                self.assertIn(response.status_code, (200, 414))
                if response.status_code == 200:
                    self.assertNotIn(SCRIPT, response.text)
                    self.assertNotIn("IVAN/1", response.text)
        for page in ("0", str(HUGE_ID), str(2**70)):
            with self.subTest(page=page):
                self._check_http(self._get(f"/my/demo_documents/page/{page}"), page)

    @mute_logger(*MUTE)
    def test_account_post_hostile_values(self):
        """Invalid values are refused without writing; accepted HTML is shown escaped."""
        self._login(self.user_ivan)
        page = self._get("/my/account")
        self.assertEqual(page.status_code, 200)
        valid = self._ivan_account_form(csrf_token=self._csrf_token(page.text))
        refused = [
            {"email": "not an email"},
            {"email": f"{SCRIPT}@example.com"},
            {"email": "a@b@c.example"},
            {"name": ""},
            {"name": "   "},
            {"country_id": "abc"},
            {"country_id": "-1"},
            {"country_id": str(HUGE_ID)},
            {"country_id": str(2**70)},
            {"country_id": "1.5"},
            # Digits that are not decimal ones, and more digits than Python converts.
            {"country_id": "\u00b2"},
            {"country_id": "1" * 5000},
            {"state_id": "\u00b2"},
            {"state_id": "1" * 5000},
            {"state_id": "abc"},
            {"state_id": str(HUGE_ID)},
            {"state_id": str(self.env.ref("base.state_us_1").id)},
            {"partner_id": str(self.partner_nora.id)},
            {"user_id": "1"},
            {"is_company": "1"},
            {"email": LONG_TEXT},
        ]
        for changes in refused:
            with self.subTest(changes=str(changes)[:80]):
                before = self._snapshot()
                response = self._post("/my/account", {**valid, **changes})
                self._check_http(response, str(changes)[:80])
                self.assertEqual(response.status_code, 200, "the form must be shown again")
                self.assertNotIn(SCRIPT, response.text)
                self.assertEqual(self._snapshot(), before, "a refused form writes nothing")

        # Accepted text holding HTML comes back escaped on the page.
        response = self._post("/my/account", {**valid, "name": f"Ivan {SCRIPT}", "city": LONG_TEXT})
        self._check_http(response, "html name")
        self.assertEqual(response.status_code, 303)
        self.partner_ivan.invalidate_recordset()
        self.assertEqual(self.partner_ivan.name, f"Ivan {SCRIPT}")
        page = self._get("/my/account")
        self._check_http(page, "account page")
        self.assertNotIn(SCRIPT, page.text)
        self.assertIn("&lt;script&gt;", page.text)
        home = self._get("/my/home")
        self._check_http(home, "home page")
        self.assertNotIn(SCRIPT, home.text)

    @mute_logger(*MUTE)
    def test_account_redirect_stays_on_host(self):
        """The ``redirect`` parameter never sends the customer to another site."""
        self._login(self.user_ivan)
        page = self._get("/my/account")
        data = self._ivan_account_form(csrf_token=self._csrf_token(page.text))
        for redirect in EVIL_REDIRECTS:
            with self.subTest(redirect=redirect):
                response = self._post("/my/account", {**data, "redirect": redirect})
                self._check_http(response, redirect)
                self.assertEqual(response.status_code, 303)
                page = self._get(f"/my/account?redirect={redirect}")
                self._check_http(page, redirect)
                self.assertNotIn(f'href="{redirect}"', page.text)
        page = self._get(f"/my/account?redirect=%22%3E{SCRIPT}")
        self._check_http(page, "redirect with script")
        self.assertNotIn(SCRIPT, page.text)

    @mute_logger(*MUTE)
    def test_account_without_csrf_and_double_submission(self):
        """A form without CSRF token is refused; posting twice writes the same values."""
        self._login(self.user_ivan)
        data = self._ivan_account_form(name="Ivan Changed")
        before = self._snapshot()
        for csrf in (None, "", "forged", LONG_TEXT[:3000]):
            with self.subTest(csrf=str(csrf)[:20]):
                payload = dict(data) if csrf is None else {**data, "csrf_token": csrf}
                response = self._post("/my/account", payload)
                self._check_http(response, "no csrf")
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self._snapshot(), before)

        page = self._get("/my/account")
        data["csrf_token"] = self._csrf_token(page.text)
        for _attempt in range(2):
            response = self._post("/my/account", data)
            self._check_http(response, "double submission")
            self.assertEqual(response.status_code, 303)
        self.partner_ivan.invalidate_recordset()
        self.assertEqual(self.partner_ivan.name, "Ivan Changed")
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "Ivan Changed")]), 1)

    @mute_logger(*MUTE)
    def test_auth_user_pages_as_anonymous(self):
        """Anonymous visitors of the ``/my`` pages end on the login page, even on POST."""
        self._login()
        for url in ("/my", "/my/home", "/my/account", "/my/security", "/my/demo_documents"):
            with self.subTest(url=url):
                response = self._get(url)
                self._check_http(response, url)
                self.assertEqual(response.status_code, 303)
                self.assertEqual(urlsplit(response.headers["Location"]).path, "/web/login")
        before = self._snapshot()
        response = self._post(
            "/my/deactivate_account",
            {"csrf_token": self._csrf(), "validation": "x", "password": "x"},
        )
        self._check_http(response, "deactivate as anonymous")
        self.assertEqual(self._snapshot(), before)

    @mute_logger(*MUTE)
    def test_security_and_deactivation_hostile_values(self):
        """Password forms refuse missing, huge and wrong values without changing anything."""
        self._login(self.user_ivan)
        page = self._get("/my/security")
        self.assertEqual(page.status_code, 200)
        csrf = self._csrf_token(page.text)
        posts = [
            {},
            {"old": "ivan.portal"},
            {"old": "ivan.portal", "new1": LONG_TEXT, "new2": LONG_TEXT + "y"},
            {"old": LONG_TEXT, "new1": "abcdefgh", "new2": "abcdefgh"},
            {"old": SCRIPT, "new1": SCRIPT, "new2": SCRIPT},
            {"op": "password", "old": "", "new1": "a", "new2": "a"},
        ]
        for post in posts:
            with self.subTest(post=str(post)[:60]):
                response = self._post("/my/security", {"csrf_token": csrf, **post})
                self._check_http(response, str(post)[:60])
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(SCRIPT, response.text)
        response = self._post(
            "/my/security", {"old": "ivan.portal", "new1": "changed-pw", "new2": "changed-pw"}
        )
        self._check_http(response, "security without CSRF token")
        self.assertEqual(response.status_code, 400)
        # the password is unchanged: the user can still log in with it
        self.authenticate("ivan.portal", "ivan.portal")

        page = self._get("/my/security")
        csrf = self._csrf_token(page.text)
        self.assertEqual(self._get("/my/deactivate_account").status_code, 405)
        deactivations = [
            {},
            {"validation": "ivan.portal"},
            {"validation": "ivan.portal", "password": "wrong"},
            {"validation": "ivan.portal", "password": LONG_TEXT},
            {"validation": SCRIPT, "password": "ivan.portal"},
            {"validation": LONG_TEXT, "password": "ivan.portal"},
        ]
        for post in deactivations:
            with self.subTest(post=str(post)[:60]):
                before = self._snapshot()
                response = self._post("/my/deactivate_account", {"csrf_token": csrf, **post})
                self._check_http(response, str(post)[:60])
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(SCRIPT, response.text)
                self.assertEqual(self._snapshot(), before)
        response = self._post(
            "/my/deactivate_account", {"validation": "ivan.portal", "password": "ivan.portal"}
        )
        self.assertEqual(response.status_code, 400, "no CSRF token, no deletion")
        self.user_ivan.invalidate_recordset()
        self.assertTrue(self.user_ivan.active)

    @mute_logger(*MUTE)
    def test_internal_user_cannot_deactivate(self):
        """An employee confirming the deletion gets an error page, the account stays."""
        self._login(self.user_clerk)
        page = self._get("/my/security")
        csrf = self._csrf_token(page.text)
        before = self._snapshot()
        response = self._post(
            "/my/deactivate_account",
            {"csrf_token": csrf, "validation": "clerk.internal", "password": "clerk.internal"},
        )
        self._check_http(response, "internal deactivation")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._snapshot(), before)
        self.user_clerk.invalidate_recordset()
        self.assertTrue(self.user_clerk.active)

    @mute_logger(*MUTE)
    def test_mail_view_forged_parameters(self):
        """``/mail/view`` links with forged parts never open the document nor crash."""
        doc = self.doc_ivan
        model = doc._name
        queries = [
            f"model={model}&res_id={doc.id}&access_token={self.token_nora}",
            f"model={model}&res_id={doc.id}&access_token={LONG_TEXT[:5000]}",
            f"model={model}&res_id={doc.id}&access_token={'é' * 30}",
            f"model={model}&res_id={HUGE_ID}&access_token={self.token_ivan}",
            f"model={model}&res_id={2**70}&access_token={self.token_ivan}",
            f"model={model}&res_id=-1&access_token={self.token_ivan}",
            f"model={model}&res_id=abc&access_token={self.token_ivan}",
            f"model={model}&res_id=&access_token={self.token_ivan}",
            f"model=res.users&res_id=1&access_token={self.token_ivan}",
            f"model=no.such.model&res_id={doc.id}",
            f"model={SCRIPT}&res_id=1",
            f"model={model}&res_id={doc.id}&access_token={self.token_ivan}&pid=abc&hash=x",
            f"model={model}&res_id={doc.id}&access_token={self.token_ivan}"
            f"&pid={HUGE_ID}&hash={SCRIPT}",
            f"model={model}&res_id={doc.id}&access_token={self.token_ivan}"
            "&redirect=https://evil.example",
            "message_id=abc",
            f"message_id={HUGE_ID}",
        ]
        for user in (None, self.user_nora, self.user_clerk):
            self._login(user)
            for query in queries:
                with self.subTest(user=user and user.login, query=query[:100]):
                    response = self._get(f"/mail/view?{query}")
                    self._check_http(response, query[:100])
                    self.assertNotIn(SCRIPT, response.text)
                    if response.status_code == 303 and self.token_nora in query:
                        self.assertNotIn(
                            f"/my/demo_documents/{doc.id}", response.headers["Location"]
                        )

    @mute_logger(*MUTE)
    def test_unfollow_forged_parameters(self):
        """The unfollow link refuses forged tokens without touching the followers."""
        doc = self.doc_ivan
        doc.message_subscribe(partner_ids=self.partner_ivan.ids)
        followers = doc.message_partner_ids
        queries = [
            f"model={doc._name}&res_id={doc.id}&pid={self.partner_ivan.id}&token=forged",
            f"model={doc._name}&res_id={doc.id}&pid=abc&token=x",
            f"model={doc._name}&res_id=abc&pid={self.partner_ivan.id}&token=x",
            f"model={doc._name}&res_id={HUGE_ID}&pid={HUGE_ID}&token=x",
            "model=no.model&res_id=1&pid=1&token=x",
            f"model={doc._name}&res_id={doc.id}",
        ]
        self._login()
        for query in queries:
            with self.subTest(query=query):
                response = self._get(f"/mail/unfollow?{query}")
                self._check_http(response, query)
        doc.invalidate_recordset()
        self.assertEqual(doc.message_partner_ids, followers)

    @mute_logger(*MUTE)
    def test_avatar_forged_parameters(self):
        """The message avatar route serves an image, or the placeholder, for any input."""
        message = self.message_ivan
        urls = [
            f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50",
            f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50?access_token=x",
            f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50"
            f"?access_token={self.token_nora}",
            f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50?_hash=abc&pid={HUGE_ID}",
            f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50?_hash=abc&pid=abc",
            f"/mail/avatar/mail.message/{HUGE_ID}/author_avatar/50x50?access_token=x",
            f"/mail/avatar/mail.message/{2**70}/author_avatar/50x50?access_token=x",
            f"/mail/avatar/mail.message/{message.id}/author_avatar/{HUGE_ID}x{HUGE_ID}",
            f"/mail/avatar/mail.message/{message.id}/author_avatar/0x0",
            "/mail/avatar/mail.message/-1/author_avatar/50x50",
        ]
        self._login()
        for url in urls:
            with self.subTest(url=url):
                self._check_http(self._get(url), url)

    @mute_logger(*MUTE)
    def test_home_redirects_stay_on_host(self):
        """``/``, ``/web`` and ``/odoo`` send portal users to ``/my`` on this host only."""
        self._login(self.user_nora)
        for path in ("/", "/web", "/odoo", "/odoo/action-foo", "/odoo/res.partner/1"):
            for redirect in EVIL_REDIRECTS:
                with self.subTest(path=path, redirect=redirect):
                    response = self._get(f"{path}?redirect={redirect}&debug=1")
                    self._check_http(response, f"{path} {redirect}")
                    self.assertEqual(response.status_code, 303)
                    self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")
        for redirect in EVIL_REDIRECTS:
            with self.subTest(login_redirect=redirect):
                self._login()
                response = self._post(
                    "/web/login",
                    {
                        "csrf_token": self._csrf(),
                        "login": "nora.portal",
                        "password": "nora.portal",
                        "redirect": redirect,
                    },
                )
                self._check_http(response, redirect)
                self.assertEqual(response.status_code, 303)


@tagged("post_install", "-at_install", "portal_hostile_input")
class TestHostileJsonRoutes(HostileInputCommon):
    """JSON routes: wrong types, forged credentials, other customers' records."""

    def _chatter_params(self, doc=None, **params):
        doc = doc or self.doc_ivan
        return {"thread_model": doc._name, "thread_id": doc.id, **params}

    @mute_logger(*MUTE)
    def test_chatter_init_and_fetch_wrong_types(self):
        """Any shape of model, id, token, pid or hash is answered, never a server error."""
        bad_values = [None, [], [1], {"a": 1}, "abc", -1, 0, HUGE_ID, 2**70, 1.5, True, SCRIPT]
        for user in (None, self.user_nora, self.user_clerk):
            self._login(user)
            for route in ("/portal/chatter_init", "/mail/chatter_fetch"):
                for key in ("thread_model", "thread_id", "token", "hash", "pid"):
                    for value in bad_values:
                        case = f"{user and user.login} {route} {key}={str(value)[:20]}"
                        with self.subTest(case=case):
                            params = self._chatter_params(**{key: value})
                            if key in ("hash", "pid"):
                                params.setdefault("token", self.token_nora)
                            answer = self._rpc(route, params, case)
                            if answer and "result" in answer and user != self.user_clerk:
                                self.assertNotIn("Private discussion", json.dumps(answer))
                for key in ("limit", "after", "before"):
                    for value in bad_values:
                        case = f"{route} {key}={str(value)[:20]}"
                        with self.subTest(case=case):
                            params = self._chatter_params(self.doc_nora_1, **{key: value})
                            self._rpc(route, params, case)

    @mute_logger(*MUTE)
    def test_chatter_fetch_forged_credentials_forbidden(self):
        """Wrong or other documents' tokens and signatures: 403 (``Forbidden``)."""
        doc = self.doc_ivan
        forged = [
            {"token": self.token_nora},
            {"token": "x" * 5000},
            {"token": "é" * 20},
            {"hash": doc._sign_token(self.partner_nora.id), "pid": self.partner_ivan.id},
            {
                "hash": self.doc_nora_1._sign_token(self.partner_ivan.id),
                "pid": self.partner_ivan.id,
            },
            {"hash": "0" * 64, "pid": self.partner_ivan.id},
            {"hash": "0" * 64, "pid": HUGE_ID},
        ]
        for user in (None, self.user_nora):
            self._login(user)
            for credentials in forged:
                case = str(credentials)[:80]
                with self.subTest(user=user and user.login, case=case):
                    answer = self._rpc("/mail/chatter_fetch", self._chatter_params(**credentials))
                    self._assert_refused(answer, case)
                    self.assertEqual(
                        answer["error"]["data"]["name"], "werkzeug.exceptions.Forbidden"
                    )

    @mute_logger(*MUTE)
    def test_update_is_internal_wrong_types_and_rights(self):
        """Only employees may switch the flag; wrong ids are refused cleanly."""
        for user in (None, self.user_ivan):
            self._login(user)
            for value in (True, False):
                with self.subTest(user=user and user.login, value=value):
                    self._assert_rpc_refused_unchanged(
                        "/mail/update_is_internal",
                        {"message_id": self.message_ivan.id, "is_internal": value},
                    )
        self._login(self.user_clerk)
        internal_count = self.env["mail.message"].search_count([("is_internal", "=", True)])
        for message_id in BAD_IDS:
            with self.subTest(message_id=message_id):
                self._assert_rpc_refused_unchanged(
                    "/mail/update_is_internal",
                    {"message_id": message_id, "is_internal": True},
                    str(message_id),
                )
        self.assertEqual(
            self.env["mail.message"].search_count([("is_internal", "=", True)]), internal_count
        )

    @mute_logger(*MUTE)
    def test_attachment_remove_wrong_types_and_tokens(self):
        """Wrong ids and tokens never remove an attachment."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "pending.txt",
                "raw": b"pending",
                "res_model": "mail.compose.message",
                "res_id": 0,
            }
        )
        attachment.generate_access_token()
        for user in (None, self.user_ivan):
            self._login(user)
            for attachment_id in [*BAD_IDS, attachment.id]:
                for token in (None, "wrong", {"t": 1}, ["x"], 12, "é" * 10):
                    case = f"{attachment_id!s:.20} {token!s:.20}"
                    with self.subTest(user=user and user.login, case=case):
                        self._assert_rpc_refused_unchanged(
                            "/portal/attachment/remove",
                            {"attachment_id": attachment_id, "access_token": token},
                            case,
                        )
        self.assertTrue(attachment.exists())

    @mute_logger(*MUTE)
    def test_counters_wrong_types(self):
        """The counters route accepts only lists, and never crashes."""
        self._login(self.user_nora)
        for counters in (None, "demo_document_count", {"a": 1}, 12, [None, 1, {"a": 1}]):
            with self.subTest(counters=counters):
                self._rpc("/my/counters", {"counters": counters}, str(counters))
        answer = self._rpc("/my/counters", {"counters": ["demo_document_count"]})
        self.assertEqual(answer["result"], {"demo_document_count": 3})

    @mute_logger(*MUTE)
    def test_message_post_forged_credentials(self):
        """Posting on another customer's document with forged credentials writes nothing."""
        doc = self.doc_ivan
        forged = [
            {},
            {"token": self.token_nora},
            {"token": ["x"]},
            {"token": {"x": 1}},
            {"hash": doc._sign_token(self.partner_nora.id), "pid": self.partner_ivan.id},
            {"hash": "0" * 64, "pid": self.partner_ivan.id, "token": self.token_nora},
            {"hash": ["x"], "pid": [self.partner_ivan.id]},
            {"hash": {"x": 1}, "pid": {"id": 1}},
            {"hash": "x", "pid": HUGE_ID},
            {"hash": "x", "pid": 2**70},
        ]
        for user in (None, self.user_nora):
            self._login(user)
            for credentials in forged:
                case = f"{user and user.login} {credentials!s:.80}"
                with self.subTest(case=case):
                    self._assert_rpc_refused_unchanged(
                        "/mail/message/post",
                        {
                            "thread_model": doc._name,
                            "thread_id": doc.id,
                            "post_data": {
                                "body": SCRIPT,
                                "message_type": "comment",
                                "subtype_xmlid": "mail.mt_comment",
                            },
                            **credentials,
                        },
                        case,
                    )
        # The right token with an id that is not the document's: still nothing written.
        for thread_id in BAD_IDS:
            with self.subTest(thread_id=thread_id):
                before = self._snapshot()
                self._rpc(
                    "/mail/message/post",
                    {
                        "thread_model": doc._name,
                        "thread_id": thread_id,
                        "post_data": {"body": "x", "message_type": "comment"},
                        "token": self.token_ivan,
                    },
                    str(thread_id),
                )
                self.assertEqual(self._snapshot(), before, f"{thread_id!r}: nothing written")

    @mute_logger(*MUTE)
    def test_message_post_with_token_escapes_html(self):
        """A valid token posts; the HTML in the body is sanitised before it is stored."""
        self._login()
        answer = self._rpc(
            "/mail/message/post",
            {
                "thread_model": self.doc_ivan._name,
                "thread_id": self.doc_ivan.id,
                "post_data": {
                    "body": f"Hello {SCRIPT}<img src=x onerror=alert(1)>",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": self.token_ivan,
            },
        )
        self.assertIn("result", answer)
        message = self.env["mail.message"].search(
            [("model", "=", self.doc_ivan._name), ("res_id", "=", self.doc_ivan.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("Hello", message.body)
        self.assertNotIn("<script", message.body)
        self.assertNotIn("onerror", message.body)
        self.assertEqual(message.author_id, self.partner_ivan)
        fetched = self._rpc("/mail/chatter_fetch", self._chatter_params(token=self.token_ivan))[
            "result"
        ]
        self.assertNotIn("<script", json.dumps(fetched))

    @mute_logger(*MUTE)
    def test_attachment_upload_and_delete_forged(self):
        """Uploads need valid credentials; file names cannot carry a path."""
        doc = self.doc_ivan
        self._login()
        for credentials in (
            {},
            {"token": self.token_nora},
            {"hash": doc._sign_token(self.partner_nora.id), "pid": str(self.partner_ivan.id)},
            {"hash": "x", "pid": "abc"},
            {"hash": "x", "pid": str(HUGE_ID)},
            {"thread_id": str(HUGE_ID), "token": self.token_ivan},
        ):
            with self.subTest(credentials=str(credentials)[:80]):
                before = self._snapshot()
                response = self.url_open(
                    "/mail/attachment/upload",
                    data={
                        "csrf_token": self._csrf(),
                        "is_pending": True,
                        "thread_id": doc.id,
                        "thread_model": doc._name,
                        **credentials,
                    },
                    files={"ufile": ("evil.txt", b"data", "text/plain")},
                )
                self._check_http(response, str(credentials)[:80])
                self.assertNotEqual(response.status_code, 200)
                self.assertEqual(self._snapshot(), before)

        for filename in ("../../etc/passwd", "..\\..\\boot.ini", "/abs/path.txt", SCRIPT):
            with self.subTest(filename=filename):
                response = self.url_open(
                    "/mail/attachment/upload",
                    data={
                        "csrf_token": self._csrf(),
                        "is_pending": True,
                        "thread_id": doc.id,
                        "thread_model": doc._name,
                        "token": self.token_ivan,
                    },
                    files={"ufile": (filename, b"data", "text/plain")},
                )
                self._check_http(response, filename)
                self.assertEqual(response.status_code, 200)
                values = response.json()["data"]["ir.attachment"][0]
                attachment = self.env["ir.attachment"].browse(values["id"])
                # the name is only a label: the file lands in the filestore under its
                # checksum, never under a path made from its name
                self.assertEqual(
                    attachment.store_fname, f"{attachment.checksum[:2]}/{attachment.checksum}"
                )
                self.assertEqual(attachment.res_model, "mail.compose.message")

        pending = self.env["ir.attachment"].create(
            {"name": "p.txt", "raw": b"p", "res_model": "mail.compose.message", "res_id": 0}
        )
        pending.generate_access_token()
        for params in (
            {"attachment_id": pending.id},
            {"attachment_id": pending.id, "access_token": "wrong"},
            {"attachment_id": pending.id, "access_token": {"x": 1}},
            {"attachment_id": "abc"},
            {"attachment_id": [pending.id]},
            {"attachment_id": None},
        ):
            with self.subTest(params=str(params)[:60]):
                self._assert_rpc_refused_unchanged(
                    "/mail/attachment/delete", params, str(params)[:60], MAIL_INPUT_ERRORS
                )
        self.assertTrue(pending.exists())

    @mute_logger(*MUTE)
    def test_reaction_and_update_content_forged(self):
        """Reactions and edits with forged credentials or wrong ids change nothing."""
        doc = self.doc_ivan
        message = self.message_ivan
        forged = [
            {"token": self.token_nora},
            {"hash": doc._sign_token(self.partner_ivan.id), "pid": self.partner_nora.id},
            {"hash": "x", "pid": HUGE_ID, "token": self.token_nora},
            {"hash": ["x"], "pid": {"a": 1}},
        ]
        for user in (None, self.user_nora):
            self._login(user)
            for credentials in forged:
                case = f"{user and user.login} {credentials!s:.60}"
                with self.subTest(case=case):
                    self._assert_rpc_refused_unchanged(
                        "/mail/message/reaction",
                        {
                            "message_id": message.id,
                            "content": "👍",
                            "action": "add",
                            **credentials,
                        },
                        case,
                    )
                    self._assert_rpc_refused_unchanged(
                        "/mail/message/update_content",
                        {
                            "message_id": message.id,
                            "body": SCRIPT,
                            "attachment_ids": [],
                            **credentials,
                        },
                        case,
                    )
        self._login()
        for message_id in BAD_IDS:
            with self.subTest(message_id=message_id):
                before = self._snapshot()
                self._rpc(
                    "/mail/message/reaction",
                    {
                        "message_id": message_id,
                        "content": "x",
                        "action": "add",
                        "token": self.token_ivan,
                    },
                    str(message_id),
                    MAIL_INPUT_ERRORS,
                )
                self.assertEqual(self._snapshot(), before)


@tagged("post_install", "-at_install", "portal_hostile_input")
class TestHostileWizards(HostileInputCommon):
    """The grant-access and share wizards called over RPC, with and without rights."""

    def _call_kw(self, model, method, args, kwargs=None, case=""):
        return self._rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            case,
        )

    @mute_logger(*MUTE)
    def test_wizards_refused_without_rights(self):
        """Portal users and employees without contact rights may not use the wizards."""
        wizard = self.env["portal.wizard"].create({"partner_ids": [(6, 0, self.partner_ivan.ids)]})
        for user in (self.user_nora, self.user_clerk):
            self._login(user)
            calls = [
                ("portal.wizard", "create", [{"partner_ids": [[6, 0, self.partner_ivan.ids]]}]),
                ("portal.wizard", "read", [wizard.ids]),
                ("portal.wizard.user", "action_grant_access", [wizard.user_ids.ids]),
                ("portal.wizard.user", "action_revoke_access", [wizard.user_ids.ids]),
                ("portal.wizard.user", "action_invite_again", [wizard.user_ids.ids]),
                (
                    "portal.share",
                    "create",
                    [{"res_model": self.doc_ivan._name, "res_id": self.doc_ivan.id}],
                ),
            ]
            for model, method, args in calls:
                case = f"{user.login} {model}.{method}"
                with self.subTest(case=case):
                    before = self._snapshot()
                    answer = self._call_kw(model, method, args, case=case)
                    self._assert_refused(answer, case)
                    self.assertEqual(self._snapshot(), before)
            self.user_ivan.invalidate_recordset()
            self.assertFalse(self.partner_nora.user_ids.filtered("share") - self.user_nora)

    @mute_logger(*MUTE)
    def test_grant_wizard_bad_emails_and_ids(self):
        """An administrator granting access with bad e-mails gets a clear error, no user."""
        partner = self.env["res.partner"].create({"name": "No Mail Yet"})
        self.authenticate("admin", "admin")
        for email in ("not-an-email", SCRIPT, "", LONG_TEXT[:3000], "a@b@c", False):
            with self.subTest(email=str(email)[:30]):
                answer = self._call_kw(
                    "portal.wizard",
                    "create",
                    [{"partner_ids": [[6, 0, partner.ids]]}],
                    case=str(email)[:30],
                )
                wizard = self.env["portal.wizard"].browse(answer["result"])
                wizard_user = wizard.user_ids
                self.assertTrue(wizard_user)
                write = self._call_kw(
                    "portal.wizard.user", "write", [wizard_user.ids, {"email": email}]
                )
                self.assertIn("result", write)
                before = self._snapshot()
                answer = self._call_kw(
                    "portal.wizard.user", "action_grant_access", [wizard_user.ids], case=email
                )
                self._assert_refused(answer, str(email)[:30])
                self.assertEqual(self._snapshot(), before)
                self.assertFalse(partner.with_context(active_test=False).user_ids)

        # granting twice (a double click) creates one user and refuses the second time
        partner_twice = self.env["res.partner"].create(
            {"name": "Twice", "email": "twice@example.com"}
        )
        answer = self._call_kw(
            "portal.wizard", "create", [{"partner_ids": [[6, 0, partner_twice.ids]]}]
        )
        line_ids = self.env["portal.wizard"].browse(answer["result"]).user_ids.ids
        self.assertIn(
            "result", self._call_kw("portal.wizard.user", "action_grant_access", [line_ids])
        )
        before = self._snapshot()
        answer = self._call_kw("portal.wizard.user", "action_grant_access", [line_ids])
        self._assert_refused(answer, "second grant")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertEqual(self._snapshot()[:4], before[:4])
        self.assertEqual(len(partner_twice.with_context(active_test=False).user_ids), 1)

        for ids in ([-1], [999999999]):
            with self.subTest(ids=ids):
                self._call_kw("portal.wizard.user", "action_grant_access", [ids], case=str(ids))
                self._call_kw(
                    "portal.wizard",
                    "create",
                    [{"partner_ids": [[6, 0, ids if isinstance(ids, list) else []]]}],
                    case=str(ids),
                )

    @mute_logger(*MUTE)
    def test_share_wizard_bad_values(self):
        """The share wizard refuses unknown models, ids and bad recipients cleanly."""
        self.authenticate("admin", "admin")
        for values in (
            {"res_model": "no.such.model", "res_id": 1},
            {"res_model": SCRIPT, "res_id": 1},
            {"res_model": self.doc_ivan._name, "res_id": 999999999},
            {"res_model": self.doc_ivan._name, "res_id": -3},
            {"res_model": "res.users", "res_id": 2},
        ):
            case = str(values)[:60]
            with self.subTest(case=case):
                before = self._snapshot()
                answer = self._call_kw("portal.share", "create", [values], case=case)
                if answer and "result" in answer:
                    send = self._call_kw(
                        "portal.share", "action_send_mail", [[answer["result"]]], case=case
                    )
                    self._assert_refused(send, case)
                self.assertEqual(self._snapshot()[:3], before[:3])

        outsider = self.env["res.partner"].create({"name": f"No email {SCRIPT}"})
        answer = self._call_kw(
            "portal.share",
            "create",
            [
                {
                    "res_model": self.doc_ivan._name,
                    "res_id": self.doc_ivan.id,
                    "partner_ids": [[6, 0, outsider.ids]],
                    "note": SCRIPT,
                }
            ],
        )
        before = self._snapshot()
        send = self._call_kw("portal.share", "action_send_mail", [[answer["result"]]])
        if "result" in send:
            message = self.env["mail.message"].search([], order="id desc", limit=1)
            self.assertNotIn("<script", message.body or "")
        else:
            self.assertEqual(self._snapshot()[:3], before[:3])


@tagged("post_install", "-at_install", "portal_hostile_input")
class TestHostileProperties(HostileInputCommon):
    """Generated inputs for the account form and the chatter fetch route."""

    @mute_logger(*MUTE)
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        fields=st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "email",
                    "phone",
                    "street",
                    "city",
                    "country_id",
                    "state_id",
                    "zipcode",
                    "vat",
                    "company_name",
                    "street2",
                    "redirect",
                    "other",
                ]
            ),
            st.text(max_size=300),
            max_size=8,
        )
    )
    def test_account_post_never_crashes(self, fields):
        """Whatever is posted, the account page answers without error or foreign redirect."""
        if not hasattr(self, "_account_csrf"):
            self._login(self.user_ivan)
            self._account_csrf = self._csrf_token(self._get("/my/account").text)
        fields = {key: value.replace("\x00", "") for key, value in fields.items()}
        response = self._post("/my/account", {"csrf_token": self._account_csrf, **fields})
        self._check_http(response, str(fields)[:200])
        self.assertIn(response.status_code, (200, 303))

    @mute_logger(*MUTE)
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        params=st.fixed_dictionaries(
            {},
            optional={
                "thread_model": st.one_of(
                    st.just("portal.demo.document"), st.text(max_size=30), st.none()
                ),
                "thread_id": st.one_of(st.integers(), st.text(max_size=10), st.none()),
                "limit": st.one_of(st.integers(), st.text(max_size=5), st.none()),
                "after": st.one_of(st.integers(), st.none()),
                "before": st.one_of(st.integers(), st.none()),
                "token": st.one_of(st.text(max_size=50), st.integers(), st.none()),
                "hash": st.one_of(st.text(max_size=70), st.none()),
                "pid": st.one_of(st.integers(), st.text(max_size=10), st.none()),
            },
        )
    )
    def test_chatter_fetch_never_crashes(self, params):
        """Whatever the JSON parameters, the fetch answers with data or a clean refusal."""
        if not hasattr(self, "_fetch_logged"):
            self._login()
            self._fetch_logged = True
        params.setdefault("thread_model", "portal.demo.document")
        params.setdefault("thread_id", self.doc_ivan.id)
        answer = self._rpc("/mail/chatter_fetch", params, str(params)[:200])
        if answer and "result" in answer:
            self.assertNotIn("Private discussion", json.dumps(answer))
