# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo.addons.mail.controllers import attachment


class PortalAttachmentController(attachment.AttachmentController):
    """Let the partner named by a document link remove the attachments of their messages."""

    def _is_allowed_to_delete(self, message, **kwargs):
        """Allow the deletion when the visitor's credentials name the message's author."""
        return message._is_editable_in_portal(**kwargs) or super()._is_allowed_to_delete(
            message, **kwargs
        )
