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
    # Ids are PostgreSQL integers: anything outside that range names no partner.
    return partner_id if 0 < partner_id < 2**31 else None


def _same_secret(received, expected):
    """Compare two strings in constant time, whatever characters the visitor sent."""
    # ``consteq`` refuses ``str`` holding non-ASCII characters: compare the UTF-8 bytes.
    return consteq(received.encode("utf-8"), expected.encode("utf-8"))


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
    # A document without token signs every pid the same way as all other documents without
    # token: such a signature proves nothing about this document.
    token_field = thread._mail_post_token_field
    if (
        token_field in thread._fields
        and thread[token_field]
        and _same_secret(_hash, thread._sign_token(partner_id))
    ):
        return True
    parent_hash = thread._portal_get_parent_hash_token(partner_id)
    return bool(parent_hash) and _same_secret(_hash, parent_hash)


def validate_thread_with_token(thread, token):
    """Tell whether ``token`` is the access token stored on ``thread``."""
    if not token or not isinstance(token, str):
        return False
    if thread._mail_post_token_field not in thread._fields:
        return False
    stored_token = thread[thread._mail_post_token_field]
    return bool(stored_token) and _same_secret(token, stored_token)


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
