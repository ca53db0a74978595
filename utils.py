# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Checks of the credentials that let a visitor act on one document's chatter.

A visitor proves access to a thread either with the document's access token, or with a
partner id (``pid``) and the signature of that id (``hash``) sent to the partner by e-mail.
Every comparison runs in constant time.
"""

from odoo.tools import consteq


def _as_partner_id(pid):
    """Return ``pid`` as an int, or None when it does not name a partner id."""
    if isinstance(pid, bool):
        return None
    try:
        partner_id = int(pid)
    except (TypeError, ValueError):
        return None
    return partner_id if partner_id > 0 else None


def validate_thread_with_hash_pid(thread, _hash, pid):
    """Tell whether ``_hash`` is the signature of partner ``pid`` for ``thread``.

    The signature of the thread itself is accepted, and so is the one of the parent record
    the thread is shared through (see ``_portal_get_parent_hash_token``).
    """
    if not _hash or not pid or not isinstance(_hash, str):
        return False
    partner_id = _as_partner_id(pid)
    if partner_id is None:
        return False
    if consteq(_hash, thread._sign_token(partner_id)):
        return True
    parent_hash = thread._portal_get_parent_hash_token(partner_id)
    return bool(parent_hash) and consteq(_hash, parent_hash)


def validate_thread_with_token(thread, token):
    """Tell whether ``token`` is the access token stored on ``thread``."""
    if not token or not isinstance(token, str):
        return False
    stored_token = thread[thread._mail_post_token_field]
    return bool(stored_token) and consteq(token, stored_token)


def get_portal_partner(thread, _hash, pid, token):
    """Return the partner a chatter visitor acts as, or an empty ``res.partner``.

    A valid signature names its partner (returned with sudo); otherwise a valid token stands
    for the document's first customer. The signature wins when both are valid.
    """
    if validate_thread_with_hash_pid(thread, _hash, pid):
        return thread.env["res.partner"].sudo().browse(_as_partner_id(pid)).exists()
    if validate_thread_with_token(thread, token):
        customers = thread._mail_get_partners()[thread.id]
        if customers:
            return customers[0]
    return thread.env["res.partner"]
