# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Signing a document from its portal page, through the signature dialog's JSON route.

The demo addon accepts a draft document when its customer signs it, the way a business addon
accepts a quotation: these tests drive its route as the signature dialog does.
"""

import base64
import io

from PIL import Image

from odoo.tests import tagged

from odoo.addons.portal_demo.tests.common import PortalDemoHttpCommon


def _png_base64(width=40, height=20):
    """A small black-on-white PNG, as the signature pad sends it (base64, no data-URI prefix)."""
    image = Image.new("RGB", (width, height), "white")
    image.putpixel((width // 2, height // 2), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install", "portal_demo_signature")
class TestDemoDocumentSignature(PortalDemoHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.signature = _png_base64()

    def _accept(self, document, token=None, **params):
        """Post the signature dialog's call for ``document``; return the route's answer."""
        url = f"/my/demo_documents/{document.id}/accept"
        if token:
            url += f"?access_token={token}"
        return self.make_jsonrpc_request(url, params)

    def _signature_messages(self, document):
        return document.message_ids.filtered(lambda message: "Signed by" in (message.body or ""))

    def assertUnsigned(self, document, state="draft"):
        """Check that ``document`` was left as it was: no signature, no message."""
        document.invalidate_recordset()
        self.assertEqual(document.state, state)
        self.assertFalse(document.signature)
        self.assertFalse(document.signed_by)
        self.assertFalse(document.signed_on)
        self.assertFalse(self._signature_messages(document))

    def test_customer_signs_own_draft(self):
        self.authenticate("nora.portal", "nora.portal")
        result = self._accept(self.doc_nora_1, name="Nora North", signature=self.signature)
        self.assertTrue(result["force_refresh"])
        self.assertEqual(
            result["redirect_url"], self.doc_nora_1.get_portal_url(query_string="&message=sign_ok")
        )
        document = self.doc_nora_1
        document.invalidate_recordset()
        self.assertEqual(document.state, "posted")
        self.assertEqual(document.signed_by, "Nora North")
        self.assertTrue(document.signed_on)
        self.assertTrue(document.signature)
        message = self._signature_messages(document)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.partner_nora)
        self.assertIn("Signed by Nora North", message.body)
        self.assertEqual(message.attachment_ids.mimetype, "image/png")
        self.assertEqual(message.attachment_ids.name, "NORA/1 signature.png")

    def test_link_holder_signs_for_the_customer(self):
        """Someone holding the document's link signs without an account: the message is
        written in the name of the document's customer."""
        token = self.doc_ivan._portal_ensure_token()
        result = self._accept(
            self.doc_ivan, token=token, name="Ivan Other", signature=self.signature
        )
        self.assertIn("redirect_url", result)
        self.doc_ivan.invalidate_recordset()
        self.assertEqual(self.doc_ivan.state, "posted")
        self.assertEqual(self._signature_messages(self.doc_ivan).author_id, self.partner_ivan)

    def test_token_in_the_parameters(self):
        token = self.doc_ivan._portal_ensure_token()
        result = self._accept(
            self.doc_ivan, access_token=token, name="Ivan Other", signature=self.signature
        )
        self.assertIn("redirect_url", result)

    def test_name_is_trimmed(self):
        self.authenticate("nora.portal", "nora.portal")
        self._accept(self.doc_nora_1, name="  Nora North \n", signature=self.signature)
        self.assertEqual(self.doc_nora_1.signed_by, "Nora North")

    def test_refusals_change_nothing(self):
        """Each refusal answers the dialog's error message and writes nothing."""
        self.doc_nora_3.state = "posted"
        wrong_token = "0" * 36
        cases = [
            # (who, document, token, name, signature, expected error)
            ("nora", self.doc_ivan, None, "Nora", self.signature, "not available"),
            (None, self.doc_ivan, wrong_token, "Eve", self.signature, "not available"),
            (None, self.doc_nora_1, None, "Eve", self.signature, "not available"),
            ("nora", self.doc_nora_3, None, "Nora", self.signature, "not waiting"),
            ("nora", self.doc_nora_1, None, "Nora", "", "Signature is missing."),
            ("nora", self.doc_nora_1, None, "Nora", None, "Signature is missing."),
            ("nora", self.doc_nora_1, None, "Nora", ["not", "text"], "Signature is missing."),
            ("nora", self.doc_nora_1, None, "", self.signature, "name of the person"),
            ("nora", self.doc_nora_1, None, "   ", self.signature, "name of the person"),
            ("nora", self.doc_nora_1, None, {"a": 1}, self.signature, "name of the person"),
            ("nora", self.doc_nora_1, None, "Nora", "not base64!", "could not be read"),
            ("nora", self.doc_nora_1, None, "Nora", "ñññ", "could not be read"),
            (
                "nora",
                self.doc_nora_1,
                None,
                "Nora",
                base64.b64encode(b"plain text, not an image").decode(),
                "could not be read",
            ),
        ]
        for who, document, token, name, signature, error in cases:
            with self.subTest(who=who, document=document.name, name=name, signature=signature):
                if who:
                    self.authenticate(f"{who}.portal", f"{who}.portal")
                else:
                    self.logout()
                result = self._accept(document, token=token, name=name, signature=signature)
                self.assertEqual(list(result), ["error"])
                self.assertIn(error, result["error"])
                self.assertUnsigned(document, "posted" if document == self.doc_nora_3 else "draft")

    def test_signing_twice_refused(self):
        self.authenticate("nora.portal", "nora.portal")
        self._accept(self.doc_nora_1, name="Nora North", signature=self.signature)
        signed_on = self.doc_nora_1.signed_on
        result = self._accept(self.doc_nora_1, name="Someone Else", signature=_png_base64(10, 10))
        self.assertIn("not waiting", result["error"])
        self.doc_nora_1.invalidate_recordset()
        self.assertEqual(self.doc_nora_1.signed_by, "Nora North")
        self.assertEqual(self.doc_nora_1.signed_on, signed_on)
        self.assertEqual(len(self._signature_messages(self.doc_nora_1)), 1)

    def test_page_offers_signing_until_signed(self):
        self.authenticate("nora.portal", "nora.portal")
        page = self._get(f"/my/demo_documents/{self.doc_nora_1.id}").text
        self.assertIn('o_portal_demo_sign"', page)
        self.assertIn('name="portal.signature_form"', page)
        self.assertIn(f"/my/demo_documents/{self.doc_nora_1.id}/accept?access_token=", page)
        self.assertNotIn("o_portal_demo_signature", page)

        self._accept(self.doc_nora_1, name="Nora North", signature=self.signature)
        page = self._get(f"/my/demo_documents/{self.doc_nora_1.id}?message=sign_ok").text
        self.assertNotIn('o_portal_demo_sign"', page)
        self.assertNotIn('name="portal.signature_form"', page)
        self.assertIn("o_portal_demo_signature", page)
        self.assertIn("o_portal_demo_signed_alert", page)
        self.assertIn("Nora North", page)

    def test_cancelled_document_offers_no_signing(self):
        self.doc_nora_1.state = "cancel"
        self.authenticate("nora.portal", "nora.portal")
        page = self._get(f"/my/demo_documents/{self.doc_nora_1.id}").text
        self.assertNotIn('name="portal.signature_form"', page)
        self.assertNotIn("o_portal_demo_signed_alert", page)

    def test_signer_name_is_escaped(self):
        self.authenticate("nora.portal", "nora.portal")
        self._accept(self.doc_nora_1, name="<script>alert(1)</script>", signature=self.signature)
        message = self._signature_messages(self.doc_nora_1)
        self.assertNotIn("<script>", message.body)
        self.assertIn("&lt;script&gt;", message.body)
        page = self._get(f"/my/demo_documents/{self.doc_nora_1.id}").text
        self.assertNotIn("<script>alert(1)</script>", page)
