# Part of the clean-room Customer Portal addon. License LGPL-3.
from unittest.mock import patch
from uuid import UUID

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import UUID4_RE, PortalModelsCommon


@tagged("post_install", "-at_install", "portal_mixin")
class TestPortalMixinFields(PortalModelsCommon):
    def test_field_definitions(self):
        """The mixin's fields carry the contract's types, labels and storage."""
        fields_def = self.env["portal.mixin"]._fields
        self.assertEqual(fields_def["access_url"].type, "char")
        self.assertEqual(fields_def["access_url"].string, "Portal Access URL")
        self.assertEqual(fields_def["access_url"].help, "Customer Portal URL")
        self.assertFalse(fields_def["access_url"].store)
        self.assertEqual(fields_def["access_token"].type, "char")
        self.assertEqual(fields_def["access_token"].string, "Security Token")
        self.assertTrue(fields_def["access_token"].store)
        self.assertFalse(fields_def["access_token"].copy)
        self.assertEqual(fields_def["access_warning"].type, "text")
        self.assertEqual(fields_def["access_warning"].string, "Access warning")
        self.assertFalse(fields_def["access_warning"].store)
        self.assertEqual(self.env["portal.mixin"]._description, "Portal Mixin")
        self.assertTrue(self.env["portal.mixin"]._abstract)

    def test_base_computes(self):
        """Without an override, the mixin gives '#' as URL and an empty warning."""
        mixin_class = self.env.registry["portal.mixin"]
        document = self.document.with_env(self.env)
        mixin_class._compute_access_url(document)
        self.assertEqual(document.access_url, "#")
        mixin_class._compute_access_warning(document)
        self.assertEqual(document.access_warning, "")

    def test_document_url_and_warning(self):
        """A document model sets its own path on top of the mixin."""
        self.assertEqual(self.document.access_url, f"/my/demo_documents/{self.document.id}")
        self.assertEqual(self.document.access_warning, "")

    def _read_portal_fields(self, documents):
        """Read the computed portal fields of fresh records and return the query count."""
        documents.invalidate_recordset()
        documents = documents.browse(documents.ids)
        before = self.env.cr.sql_log_count
        for document in documents:
            self.assertTrue(document.access_url.startswith("/my/demo_documents/"))
            self.assertEqual(document.access_warning, "")
        return self.env.cr.sql_log_count - before

    def test_query_budget_does_not_grow(self):
        """Reading the URL and warning of 1,000 documents costs what 10 documents cost."""
        documents = (
            self.env["portal.demo.document"]
            .with_context(mail_create_nolog=True, mail_notrack=True)
            .create(
                [
                    {"name": f"BULK/{index:04d}", "partner_id": self.customer.id}
                    for index in range(1000)
                ]
            )
        )
        documents = documents.with_user(self.portal_user)
        queries_for_ten = self._read_portal_fields(documents[:10])
        documents.invalidate_recordset()
        big_batch = documents.browse(documents.ids)
        with self.assertQueryCount(queries_for_ten):
            for document in big_batch:
                self.assertTrue(document.access_url)
                self.assertEqual(document.access_warning, "")
        self.assertEqual(self._read_portal_fields(documents), queries_for_ten)


@tagged("post_install", "-at_install", "portal_mixin")
class TestPortalMixinToken(PortalModelsCommon):
    def test_token_created_on_demand(self):
        """A new document has no token; asking for one stores a version-4 UUID once."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/T1", "partner_id": self.customer.id}
        )
        self.assertFalse(document.access_token)
        token = document._portal_ensure_token()
        self.assertEqual(len(token), 36)
        self.assertRegex(token, UUID4_RE)
        self.assertEqual(UUID(token).version, 4)
        self.assertEqual(document.access_token, token)
        document.invalidate_recordset()
        self.env.cr.execute(
            "SELECT access_token FROM portal_demo_document WHERE id = %s", [document.id]
        )
        self.assertEqual(self.env.cr.fetchone()[0], token)
        self.assertEqual(document._portal_ensure_token(), token, "a token is never regenerated")

    def test_existing_token_kept(self):
        """A token set by other means is returned as is."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/T2", "partner_id": self.customer.id, "access_token": "kept-token"}
        )
        with patch("odoo.addons.portal.models.portal_mixin.uuid.uuid4") as uuid4:
            self.assertEqual(document._portal_ensure_token(), "kept-token")
        uuid4.assert_not_called()

    def test_token_comes_from_uuid4(self):
        """Tokens come from the random UUID generator and differ between documents."""
        documents = self.env["portal.demo.document"].create(
            [{"name": f"DEMO/U{index}", "partner_id": self.customer.id} for index in range(20)]
        )
        tokens = [document._portal_ensure_token() for document in documents]
        self.assertEqual(len(set(tokens)), 20)
        fixed = UUID("12345678-1234-4abc-8def-123456789abc")
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/U-fixed", "partner_id": self.customer.id}
        )
        with patch("odoo.addons.portal.models.portal_mixin.uuid.uuid4", return_value=fixed):
            self.assertEqual(document._portal_ensure_token(), str(fixed))

    def test_token_not_copied(self):
        """Duplicating a document does not duplicate its token."""
        token = self.document._portal_ensure_token()
        duplicate = self.document.copy()
        self.assertFalse(duplicate.access_token)
        self.assertNotEqual(duplicate._portal_ensure_token(), token)

    def test_token_created_by_read_only_user(self):
        """A portal customer who may only read the document still gets it a token."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/T3", "partner_id": self.customer.id}
        )
        document_portal = document.with_user(self.portal_user)
        with self.assertRaises(AccessError):
            document_portal.write({"name": "renamed"})
        token = document_portal._portal_ensure_token()
        self.assertRegex(token, UUID4_RE)
        self.assertEqual(document.access_token, token)

    def test_token_needs_one_record(self):
        """Asking a token for several documents at once is a programming error."""
        with self.assertRaises(ValueError):
            (self.document | self.other_document)._portal_ensure_token()


@tagged("post_install", "-at_install", "portal_mixin")
class TestPortalMixinUrls(PortalModelsCommon):
    def test_report_base_filename_default(self):
        """Without a name of its own, a document's report files are named after it."""
        default_name = self.registry["portal.mixin"]._get_report_base_filename
        self.assertEqual(default_name(self.document), "DEMO/0001")
        self.assertEqual(self.document._get_report_base_filename(), "Demo Document DEMO/0001")

    def test_share_url_default(self):
        """The share URL is the portal page with the token."""
        token = self.document._portal_ensure_token()
        self.assertEqual(
            self.document._get_share_url(),
            f"/my/demo_documents/{self.document.id}?access_token={token}",
        )

    def test_share_url_without_token(self):
        """Without the token, the URL keeps its trailing question mark and creates nothing."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/S1", "partner_id": self.customer.id}
        )
        self.assertEqual(
            document._get_share_url(share_token=False), f"/my/demo_documents/{document.id}?"
        )
        self.assertFalse(document.access_token)

    def test_share_url_redirect_with_partner(self):
        """Redirect URLs go through /mail/view; parameters keep their insertion order."""
        document = self.document
        token = document._portal_ensure_token()
        self.assertEqual(
            document._get_share_url(redirect=True),
            f"/mail/view?model=portal.demo.document&res_id={document.id}&access_token={token}",
        )
        pid = self.other_customer.id
        signature = self._expected_signature(document, pid)
        self.assertEqual(
            document._get_share_url(redirect=True, pid=pid),
            f"/mail/view?model=portal.demo.document&res_id={document.id}"
            f"&access_token={token}&pid={pid}&hash={signature}",
        )
        self.assertEqual(
            document._get_share_url(pid=pid, share_token=False),
            f"/my/demo_documents/{document.id}?pid={pid}&hash={signature}",
        )
        self.assertEqual(
            document._get_share_url(pid=None),
            f"/my/demo_documents/{document.id}?access_token={token}",
            "a pid of None adds nothing",
        )

    def test_share_url_signup_parameters(self):
        """The document's partner gets its login, or a sign-up token when sign-up is open."""
        token = self.document._portal_ensure_token()
        self.assertEqual(
            self.document._get_share_url(signup_partner=True),
            f"/my/demo_documents/{self.document.id}?access_token={token}&auth_login=maren_portal",
        )
        # Invitation-only sign-up: a partner without user gets nothing more.
        prospect_token = self.prospect_document._portal_ensure_token()
        self.assertEqual(
            self.prospect_document._get_share_url(signup_partner=True),
            f"/my/demo_documents/{self.prospect_document.id}?access_token={prospect_token}",
        )
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        url = self.prospect_document._get_share_url(signup_partner=True)
        prefix = (
            f"/my/demo_documents/{self.prospect_document.id}?access_token={prospect_token}"
            "&auth_signup_token="
        )
        self.assertTrue(url.startswith(prefix), url)
        signup_token = url[len(prefix) :]
        self.assertEqual(
            self.env["res.partner"]._signup_retrieve_partner(signup_token, check_validity=True),
            self.prospect,
        )

    def test_share_url_encoding(self):
        """Values are form-encoded: spaces become '+', reserved characters are escaped."""
        self.portal_user.login = "maren holt&co"
        token = self.document._portal_ensure_token()
        self.assertEqual(
            self.document._get_share_url(signup_partner=True),
            f"/my/demo_documents/{self.document.id}?access_token={token}"
            "&auth_login=maren+holt%26co",
        )

    def test_portal_url_variants(self):
        """get_portal_url glues its pieces in a fixed order, without encoding."""
        document = self.document
        token = document._portal_ensure_token()
        base = f"/my/demo_documents/{document.id}"
        self.assertEqual(document.get_portal_url(), f"{base}?access_token={token}")
        self.assertEqual(
            document.get_portal_url(suffix="/transaction"),
            f"{base}/transaction?access_token={token}",
        )
        self.assertEqual(
            document.get_portal_url(report_type="pdf"),
            f"{base}?access_token={token}&report_type=pdf",
        )
        self.assertEqual(
            document.get_portal_url(report_type="pdf", download=True),
            f"{base}?access_token={token}&report_type=pdf&download=true",
        )
        self.assertEqual(
            document.get_portal_url(query_string="&tab=lines"),
            f"{base}?access_token={token}&tab=lines",
        )
        self.assertEqual(
            document.get_portal_url(query_string="project_sharing=1"),
            f"{base}?access_token={token}project_sharing=1",
            "the query string is appended verbatim",
        )
        self.assertEqual(
            document.get_portal_url(anchor="discussion"),
            f"{base}?access_token={token}#discussion",
        )
        self.assertEqual(
            document.get_portal_url(
                suffix="/print",
                report_type="html",
                download=True,
                query_string="&a=b c",
                anchor="top",
            ),
            f"{base}/print?access_token={token}&report_type=html&download=true&a=b c#top",
        )

    def test_portal_url_creates_token(self):
        """The portal URL of a document without a token creates it, once."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/P1", "partner_id": self.customer.id}
        )
        url = document.get_portal_url()
        self.assertTrue(document.access_token)
        self.assertEqual(
            url, f"/my/demo_documents/{document.id}?access_token={document.access_token}"
        )
        self.assertEqual(document.get_portal_url(), url)


@tagged("post_install", "-at_install", "portal_mixin")
class TestPortalMixinAccessAction(PortalModelsCommon):
    def _assert_url_action(self, action, document, url):
        self.assertEqual(
            action,
            {"type": "ir.actions.act_url", "url": url, "target": "self", "res_id": document.id},
        )

    def test_internal_user_gets_backend_form(self):
        """Employees open the document in the back end."""
        action = self.document.with_user(self.employee)._get_access_action()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "portal.demo.document")
        self.assertEqual(action["res_id"], self.document.id)

    def test_portal_user_gets_share_url(self):
        """A portal customer who may read the document lands on its page with the token."""
        action = self.document.with_user(self.portal_user)._get_access_action()
        token = self.document.access_token
        self.assertTrue(token)
        self._assert_url_action(
            action, self.document, f"/my/demo_documents/{self.document.id}?access_token={token}"
        )

    def test_access_uid(self):
        """The action can be computed for another user than the current one."""
        action = self.document.with_user(self.employee)._get_access_action(
            access_uid=self.portal_user.id
        )
        self._assert_url_action(
            action,
            self.document,
            f"/my/demo_documents/{self.document.id}?access_token={self.document.access_token}",
        )
        # That other user may not read the document: back-end action.
        action = self.document.with_user(self.employee)._get_access_action(
            access_uid=self.other_portal_user.id
        )
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_id"], self.document.id)

    def test_force_website(self):
        """force_website sends even employees to the portal; without access, without token."""
        document = self.document.with_user(self.employee)
        action = document._get_access_action(force_website=True)
        self._assert_url_action(
            action,
            self.document,
            f"/my/demo_documents/{self.document.id}?access_token={self.document.access_token}",
        )
        other = self.env["portal.demo.document"].create(
            {"name": "DEMO/F1", "partner_id": self.other_customer.id}
        )
        action = other.with_user(self.employee)._get_access_action(
            access_uid=self.portal_user.id, force_website=True
        )
        self._assert_url_action(action, other, f"/my/demo_documents/{other.id}")
        self.assertFalse(other.access_token, "no token is created for a refused user")

    def test_current_user_without_access(self):
        """When the current user cannot read the document, access_uid is not honoured."""
        action = self.other_document.with_user(self.portal_user)._get_access_action(
            access_uid=self.other_portal_user.id
        )
        self.assertEqual(action["type"], "ir.actions.act_window")


@tagged("post_install", "-at_install", "portal_mixin")
class TestPortalMixinShareAction(PortalModelsCommon):
    def test_action_share(self):
        """action_share opens the share wizard on the active document."""
        action = (
            self.env["portal.demo.document"]
            .with_context(active_id=self.document.id, active_model="portal.demo.document")
            .action_share()
        )
        reference = self.env.ref("portal.portal_share_action")
        self.assertEqual(action["id"], reference.id)
        self.assertEqual(action["res_model"], "portal.share")
        self.assertEqual(action["context"]["active_id"], self.document.id)
        self.assertEqual(action["context"]["active_model"], "portal.demo.document")
        self.assertEqual(action["context"]["dialog_size"], "medium")

    def test_action_share_needs_active_document(self):
        """Without an active document in the context, action_share fails loudly."""
        with self.assertRaises(KeyError):
            self.env["portal.demo.document"].with_context(active_id=self.document.id).action_share()
