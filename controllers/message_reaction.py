# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo.http import request

from odoo.addons.mail.controllers import message_reaction

from ..utils import get_portal_partner
from .thread import check_portal_signature


def _is_hidden_from_portal(message_sudo):
    """Tell whether ``message_sudo`` is kept from the visitors of its document.

    Those are the messages flagged internal, and the notes: comments or e-mails under an
    internal subtype. Channel messages are left to the channel's membership rules.
    Notifications keep ``mail``'s own access rule: ``test_mail_full`` has link holders react
    to them.
    """
    if message_sudo.model == "discuss.channel":
        return False
    if message_sudo.is_internal:
        return True
    return message_sudo.message_type in ("comment", "email") and bool(
        message_sudo.subtype_id.internal
    )


class PortalMessageReactionController(message_reaction.MessageReactionController):
    """Let the visitors of a shared document react as the partner the link names."""

    def _get_reaction_author(self, message, **kwargs):
        """Return the ``(partner, guest)`` pair reacting, favouring the link's partner.

        Logged-in users react as themselves; an anonymous visitor or a guest reacts as the
        partner named by a valid signature, else as the document's customer when a token is
        given, else (guests only) as the guest.

        Visitors who are not internal users get no author for internal messages, so that
        ``mail`` answers as for a message they cannot reach: a document link must not
        confirm that a note exists, nor attach the customer's name to it.
        """
        # sudo: the message was already checked reachable with the same credentials
        if not request.env.user._is_internal() and _is_hidden_from_portal(message.sudo()):
            return request.env["res.partner"], request.env["mail.guest"]
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
