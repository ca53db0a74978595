# Part of the clean-room Customer Portal addon. License LGPL-3.
import logging

from werkzeug.exceptions import BadRequest, Forbidden, NotFound
from werkzeug.urls import url_decode, url_encode, url_parse

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.mail.controllers import mail
from odoo.addons.mail.models.discuss.mail_guest import add_guest_to_context
from odoo.addons.mail.tools.discuss import Store

from ..utils import get_portal_partner
from .portal import _same_token

_logger = logging.getLogger(__name__)

# Keys of the chatter requests that carry the visitor's credentials on a document.
_CREDENTIAL_KEYS = ("token", "hash", "pid")

# Side of the message avatars the portal chatter asks for, served for unusable sizes.
_AVATAR_DEFAULT_SIZE = 50


def _get_thread_model(model_name):
    """Return the (empty) model ``model_name`` when it is a chatter-enabled model.

    :raise NotFound: when the name does not designate a model inheriting ``mail.thread``.
    """
    if not isinstance(model_name, str) or model_name not in request.env:
        raise NotFound()
    model = request.env[model_name]
    if not isinstance(model, request.env.registry["mail.thread"]):
        raise NotFound()
    return model


def _to_record_id(value):
    """Return ``value`` as a positive record id, or None when it is not one."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        return None
    try:
        record_id = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    # Ids are PostgreSQL integers: a larger number would fail in the database query.
    return record_id if 0 < record_id < 2**31 else None


def _has_token_field(model):
    """Tell whether ``model`` stores the token that tokens and signatures are checked with."""
    return model._mail_post_token_field in model._fields


def _thread_access_kwargs(model, kwargs):
    """Keep the request keys that ``model`` may use to grant access to one of its threads.

    ``mode`` is dropped because it is chosen by the route, never by the client. Tokens and
    signatures mean nothing on a model without a token field, so they are dropped there.
    """
    access_kwargs = {key: value for key, value in kwargs.items() if key != "mode"}
    if not _has_token_field(model):
        for key in _CREDENTIAL_KEYS:
            access_kwargs.pop(key, None)
    elif "pid" in access_kwargs:
        access_kwargs["pid"] = _to_record_id(access_kwargs["pid"]) or False
    return access_kwargs


def _get_portal_partner(thread, kwargs):
    """Return the partner the visitor's credentials stand for on ``thread`` (may be empty)."""
    if not _has_token_field(thread):
        return thread.env["res.partner"]
    return get_portal_partner(thread, kwargs.get("hash"), kwargs.get("pid"), kwargs.get("token"))


def _add_portal_partner(store, thread, partner):
    """Add to ``store`` the partner a chatter visitor acts as, as ``portal_partner`` of ``thread``.

    The partner comes with its ``active``, ``avatar_128``, ``name`` and ``user`` values.
    ``mail`` picks the partner's main user (an internal user first, then any other, archived
    ones included) in two queries, the users then their ``share`` flag: here they are read
    in one.
    """
    users_sudo = (
        partner.env["res.users"]
        .sudo()
        .with_context(active_test=False)
        .search_fetch([("partner_id", "=", partner.id)], ["share"])
    )
    main_user_sudo = (users_sudo.filtered(lambda user: not user.share) or users_sudo)[:1]
    if main_user_sudo:
        partner_value = Store.one(
            partner,
            fields=["active", "avatar_128", "name", "user"],
            main_user_by_partner={partner: main_user_sudo},
        )
    else:
        # ``mail`` would search the users again: give the values it gives a partner without.
        partner_value = Store.one(partner, fields=["active", "avatar_128", "name"])
    store.add(thread, {"portal_partner": partner_value}, as_thread=True)
    if not main_user_sudo:
        store.add(partner, {"isInternalUser": False, "userId": False})


def _to_optional_id(value):
    """Return ``value`` as a message id bound, or None when not given.

    :raise BadRequest: when a value is given that is not an id.
    """
    if value in (None, False, ""):
        return None
    record_id = _to_record_id(value)
    if record_id is None:
        raise BadRequest()
    return record_id


class PortalChatter(http.Controller):
    """Routes of the chatter shown on the portal pages of documents."""

    # === HOOKS === #

    def _portal_post_check_attachments(self, attachment_ids, attachment_tokens):
        """Check the visitor may link the given attachments to a new message.

        :param list attachment_ids: ids of the attachments to link.
        :param list attachment_tokens: access tokens of those attachments, same order.
        :raise UserError: when an attachment is not pending or its token is wrong.
        """
        request.env["ir.attachment"].browse(attachment_ids)._check_attachments_access(
            attachment_tokens
        )

    def _portal_post_has_content(self, thread_model, thread_id, message, attachment_ids=None, **kw):
        """Tell whether a message sent from the portal has something to post.

        :return: True when there is some text or at least one attachment.
        """
        return bool(message) or bool(attachment_ids)

    def _setup_portal_message_fetch_extra_domain(self, data):
        """Return a domain restricting further the messages fetched for the portal.

        :param dict data: the extra keyword arguments received by the fetch route.
        """
        return []

    # === ROUTES === #

    @http.route(
        "/mail/avatar/mail.message/<int:res_id>/author_avatar/<int:width>x<int:height>",
        type="http",
        auth="public",
    )
    def portal_avatar(
        self, res_id=None, height=50, width=50, access_token=None, _hash=None, pid=None
    ):
        """Serve the avatar of a message author to a visitor holding the document link.

        Without valid credentials the generic placeholder is served, so the route never
        reveals whether the message exists.
        """
        record_sudo = request.env["ir.attachment"]
        if access_token or (_hash and pid):
            message_sudo = request.env["mail.message"].sudo().browse(res_id).exists()
            if message_sudo and message_sudo.model in request.env and message_sudo.res_id:
                model = request.env[message_sudo.model]
                credentials = {"token": access_token, "hash": _hash, "pid": pid}
                if model._get_thread_with_access(
                    message_sudo.res_id, **_thread_access_kwargs(model, credentials)
                ):
                    record_sudo = message_sudo
        if not record_sudo:
            record_sudo = request.env.ref("web.image_placeholder").sudo()
        width, height = int(width), int(height)
        if width < 0 or height < 0:
            # The route accepts signed numbers; the image library fails on a negative size.
            width = height = _AVATAR_DEFAULT_SIZE
        stream = request.env["ir.binary"]._get_image_stream_from(
            record_sudo, field_name="author_avatar", width=width, height=height
        )
        return stream.get_response()

    @http.route("/portal/chatter_init", type="json", auth="public", website=True)
    @add_guest_to_context
    def portal_chatter_init(self, thread_model=None, thread_id=None, **kwargs):
        """Return the store data the front-end chatter needs to start on a document."""
        store = Store()
        request.env["res.users"]._init_store_data(store)
        user = request.env.user
        if user.has_group("website.group_website_restricted_editor"):
            store.add(user.partner_id, {"is_user_publisher": True})
        model = _get_thread_model(thread_model)
        thread_id = _to_record_id(thread_id)
        if not thread_id:
            raise NotFound()
        access_kwargs = _thread_access_kwargs(model, kwargs)
        thread = model._get_thread_with_access(thread_id, **access_kwargs)
        if thread:
            mode = model._get_mail_message_access([thread_id], "create")
            # Reacting often needs the same access as reading: don't check it twice.
            has_react_access = (
                bool(thread)
                if mode == "read"
                else bool(model._get_thread_with_access(thread_id, mode, **access_kwargs))
            )
            partner = _get_portal_partner(thread, kwargs)
            if partner:
                _add_portal_partner(store, thread, partner)
            can_react = has_react_access
            if user._is_public():
                # an anonymous visitor needs a known partner to be the author of reactions
                can_react = has_react_access and bool(partner)
            store.add(
                thread,
                {
                    "can_react": bool(can_react),
                    "hasReadAccess": thread.sudo(False).has_access("read"),
                },
                as_thread=True,
            )
        return store.get_result()

    @http.route("/mail/chatter_fetch", type="json", auth="public", website=True)
    def portal_message_fetch(
        self, thread_model=None, thread_id=None, limit=10, after=None, before=None, **kw
    ):
        """Return one page of the messages a visitor may see on a document.

        With a token (or a signature), the messages are searched with elevated rights once
        the credentials are checked, and restricted to public messages for non-internal
        users.

        :raise Forbidden: when the credentials given do not open the document.
        """
        model = _get_thread_model(thread_model)
        thread_id = _to_record_id(thread_id)
        if not thread_id:
            raise NotFound()
        limit = _to_optional_id(limit) or 10
        after = _to_optional_id(after)
        before = _to_optional_id(before)
        domain = expression.AND(
            [
                self._setup_portal_message_fetch_extra_domain(kw),
                model._fields["website_message_ids"].get_domain_list(model),
                [("res_id", "=", thread_id)],
                ["|", ("body", "!=", ""), ("attachment_ids", "!=", False)],
                [
                    (
                        "subtype_id",
                        "=",
                        request.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
                    )
                ],
            ]
        )
        messages_model = request.env["mail.message"]
        if kw.get("token") or (kw.get("hash") and kw.get("pid")):
            thread = model._get_thread_with_access(thread_id, **_thread_access_kwargs(model, kw))
            if not thread:
                _logger.warning(
                    "Chatter fetch refused on %s %s: invalid credentials.", thread_model, thread_id
                )
                raise Forbidden()
            if not request.env.user._is_internal():
                domain = expression.AND([domain, messages_model._get_search_domain_share()])
            messages_model = messages_model.sudo()
        result = messages_model._message_fetch(
            domain, search_term=None, before=before, after=after, around=None, limit=limit
        )
        messages = result.pop("messages")
        return {
            **result,
            "data": {"mail.message": messages.portal_message_format(options=kw)},
            "messages": Store.many_ids(messages),
        }

    @http.route("/mail/update_is_internal", type="json", auth="user", website=True)
    def portal_message_update_is_internal(self, message_id=None, is_internal=None):
        """Switch a message between internal and visible to everyone reading the document.

        :return: the new value of ``is_internal``.
        :raise AccessError: for non-internal users, or without write access on the message.
        :raise NotFound: when ``message_id`` names no message.
        :raise BadRequest: when ``is_internal`` is missing or not a boolean.
        """
        if not request.env.user._is_internal():
            # the portal only offers this switch to employees; portal authors may write their
            # own messages, but must not decide what the company keeps internal
            raise AccessError(request.env._("Only internal users can change who sees a message."))
        message_id = _to_record_id(message_id)
        message = request.env["mail.message"].browse(message_id).exists() if message_id else None
        if not message:
            raise NotFound()
        if not isinstance(is_internal, bool):
            # guessing would be unsafe: a missing or mistyped flag could publish an internal note
            raise BadRequest(
                request.env._("The visibility of the message must be given as true or false.")
            )
        message.write({"is_internal": is_internal})
        return message.is_internal


class MailController(mail.MailController):
    """Send the recipients of document e-mails to the portal when they have no back-end."""

    @classmethod
    def _redirect_to_generic_fallback(cls, model, res_id, access_token=None, **kwargs):
        """Send logged-in portal users to their portal home instead of Discuss."""
        uid = request.session.uid
        if uid and request.env["res.users"].sudo().browse(uid).share:
            return request.redirect("/my")
        return super()._redirect_to_generic_fallback(
            model, res_id, access_token=access_token, **kwargs
        )

    @classmethod
    def _redirect_to_record(cls, model, res_id, access_token=None, **kwargs):
        """Open a document shared by e-mail on its portal page when the link's token is valid.

        The ``pid`` and ``hash`` of the link are kept so that the visitor can still post in
        the chatter as the recipient of the e-mail.
        """
        if not model or not res_id or model not in request.env:
            return super()._redirect_to_record(model, res_id, access_token=access_token, **kwargs)
        record_model = request.env[model]
        if isinstance(record_model, request.env.registry["portal.mixin"]):
            record_sudo = record_model.sudo().browse(res_id).exists()
            uid = request.session.uid or request.env.ref("base.public_user").id
            if (
                record_sudo
                and not record_sudo.with_user(uid).has_access("read")
                and access_token
                and record_sudo.access_token
                and _same_token(access_token, record_sudo.access_token)
            ):
                action = record_sudo._get_access_action(force_website=True)
                if action.get("type") == "ir.actions.act_url":
                    return request.redirect(cls._portal_url_with_signature(action["url"], kwargs))
        return super()._redirect_to_record(model, res_id, access_token=access_token, **kwargs)

    @classmethod
    def _portal_url_with_signature(cls, url, kwargs):
        """Return ``url`` with the ``pid`` and ``hash`` of ``kwargs`` when both are there."""
        if not (kwargs.get("pid") and kwargs.get("hash")):
            return url
        parsed_url = url_parse(url)
        params = url_decode(parsed_url.query)
        params["pid"] = kwargs["pid"]
        params["hash"] = kwargs["hash"]
        return parsed_url.replace(query=url_encode(params, sort=True)).to_url()

    @http.route("/mail/unfollow", type="http", website=True)
    def mail_action_unfollow(self, model=None, res_id=None, pid=None, token=None, **kwargs):
        """Render the unfollow confirmation inside the portal layout.

        :raise BadRequest: when the link is incomplete or its ids are not numbers (a link
            typed or cut by hand), instead of a server error in ``mail``.
        """
        if not (model and token and _to_record_id(res_id) and _to_record_id(pid)):
            raise BadRequest()
        return super().mail_action_unfollow(model, res_id, pid, token, **kwargs)
