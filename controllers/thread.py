# Part of the clean-room Customer Portal addon. License LGPL-3.
import logging

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers import thread
from odoo.addons.mail.tools.discuss import Store

from ..utils import get_portal_partner, validate_thread_with_hash_pid

_logger = logging.getLogger(__name__)


def check_portal_signature(thread_record, kwargs):
    """Refuse an anonymous request whose partner signature does not match the document.

    A document link names its recipient with ``pid`` and ``hash``. When a visitor alters
    them (another partner, or a signature made for another document), acting on the
    document's token alone would silently attribute the action to someone else, so the
    request is refused instead.

    :param thread_record: the document the request acts on.
    :param dict kwargs: the request's keyword arguments.
    :raise NotFound: when a signature is given and does not validate.
    """
    if not request.env.user._is_public():
        return
    if not (kwargs.get("hash") or kwargs.get("pid")):
        return
    if thread_record._mail_post_token_field not in thread_record._fields:
        # models without a token cannot be signed: the signature is simply ignored there
        return
    if not validate_thread_with_hash_pid(thread_record, kwargs.get("hash"), kwargs.get("pid")):
        _logger.warning(
            "Refused request on %s %s: the partner signature does not match.",
            thread_record._name,
            thread_record.id,
        )
        raise NotFound()


class ThreadController(thread.ThreadController):
    """Let the visitors of a shared document post and edit as the partner the link names."""

    @http.route()
    def mail_thread_data(self, thread_model, thread_id, request_list, **kwargs):
        """Tell a visitor who holds only a document's link what it may do there, no more.

        ``mail`` answers with what the chatter asks for (attachments, followers, scheduled
        messages, activities, suggested recipients) read from the record that
        ``_get_thread_with_access`` returns, which is a superuser record when the access comes
        from a token or a signature: the files of internal notes and the followers' addresses
        would reach anyone holding the link. A link opens the published discussion only,
        which the portal chatter loads through ``/mail/chatter_fetch``.
        """
        model = request.env.get(thread_model) if isinstance(thread_model, str) else None
        if (
            kwargs
            and model is not None
            and isinstance(model, request.env.registry["mail.thread"])
            and not model._get_thread_with_access(thread_id)
        ):
            thread_sudo = model._get_thread_with_access(thread_id, **kwargs)
            if thread_sudo:
                values = {
                    "hasReadAccess": True,
                    "hasWriteAccess": False,
                    "canPostOnReadonly": thread_sudo._mail_post_access == "read",
                }
                return Store(thread_sudo, values, as_thread=True).get_result()
        return super().mail_thread_data(thread_model, thread_id, request_list, **kwargs)

    def _prepare_post_data(self, post_data, thread, **kwargs):
        """Author anonymous posts by the partner the visitor's credentials stand for.

        A valid signature (``hash`` + ``pid``) names the partner; a token alone stands for
        the document's customer. Logged-in users always post as themselves.
        """
        post_data = super()._prepare_post_data(post_data, thread, **kwargs)
        if request.env.user._is_public() and thread._mail_post_token_field in thread._fields:
            check_portal_signature(thread, kwargs)
            partner = get_portal_partner(
                thread, kwargs.get("hash"), kwargs.get("pid"), kwargs.get("token")
            )
            if partner:
                post_data["author_id"] = partner.id
        return post_data

    def _is_message_editable(self, message, **kwargs):
        """Let the partner named by the visitor's credentials edit their own messages."""
        return message._is_editable_in_portal(**kwargs) or super()._is_message_editable(
            message, **kwargs
        )
