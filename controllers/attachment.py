# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers import attachment

from .mail import _to_record_id
from .thread import check_portal_signature


class PortalAttachmentController(attachment.AttachmentController):
    """Check the document links of portal uploads; let their partner remove their files."""

    @http.route()
    def mail_attachment_upload(self, ufile, thread_id, thread_model, is_pending=False, **kwargs):
        """Refuse an anonymous upload whose partner signature does not match the document.

        ``mail`` opens the document with the token alone and ignores the signature sent with
        it; posting and reacting refuse a forged one, so uploading does too.
        """
        if request.env.user._is_public() and (kwargs.get("hash") or kwargs.get("pid")):
            thread_sudo = self._portal_upload_thread(thread_model, thread_id)
            if thread_sudo:
                check_portal_signature(thread_sudo, kwargs)
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )

    def _is_allowed_to_delete(self, message, **kwargs):
        """Allow the deletion when the visitor's credentials name the message's author."""
        return message._is_editable_in_portal(**kwargs) or super()._is_allowed_to_delete(
            message, **kwargs
        )

    def _portal_upload_thread(self, thread_model, thread_id):
        """Return the existing document an upload is sent to (sudo), or None.

        Unknown models and malformed ids are left to ``mail``, which refuses them.
        """
        if not isinstance(thread_model, str) or thread_model not in request.env:
            return None
        if not isinstance(request.env[thread_model], request.env.registry["mail.thread"]):
            return None
        record_id = _to_record_id(thread_id)
        if not record_id:
            return None
        # sudo: only to read the document's token, which the signature is checked against
        return request.env[thread_model].sudo().browse(record_id).exists() or None
