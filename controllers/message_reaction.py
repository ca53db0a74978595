# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo.http import request

from odoo.addons.mail.controllers import message_reaction

from ..utils import get_portal_partner
from .thread import check_portal_signature


class PortalMessageReactionController(message_reaction.MessageReactionController):
    """Let the visitors of a shared document react as the partner the link names."""

    def _get_reaction_author(self, message, **kwargs):
        """Return the ``(partner, guest)`` pair reacting, favouring the link's partner.

        Logged-in users react as themselves; an anonymous visitor or a guest reacts as the
        partner named by a valid signature, else as the document's customer when a token is
        given, else (guests only) as the guest.
        """
        partner, guest = super()._get_reaction_author(message, **kwargs)
        if partner or not (message.model and message.res_id) or message.model not in request.env:
            return partner, guest
        thread_model = request.env[message.model]
        if thread_model._mail_post_token_field not in thread_model._fields:
            return partner, guest
        # sudo: the message was already checked readable with the same credentials
        thread_sudo = thread_model.sudo().browse(message.res_id)
        check_portal_signature(thread_sudo, kwargs)
        portal_partner = get_portal_partner(
            thread_sudo, kwargs.get("hash"), kwargs.get("pid"), kwargs.get("token")
        )
        if portal_partner:
            return portal_partner, request.env["mail.guest"]
        return partner, guest
