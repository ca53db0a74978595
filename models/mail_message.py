# Part of the clean-room Customer Portal addon. License LGPL-3.
from werkzeug.urls import url_encode

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import format_datetime

from ..utils import get_portal_partner, validate_thread_with_hash_pid

# Fields read on the attachments of the formatted messages.
ATTACHMENT_FIELDS = ["access_token", "checksum", "id", "mimetype", "name", "res_id", "res_model"]


class MailMessage(models.Model):
    _inherit = "mail.message"

    # === BUSINESS METHODS - PORTAL FORMAT === #

    def portal_message_format(self, options=None):
        """Return the messages as the portal chatter displays them.

        :param dict options: ``token``, or ``hash`` and ``pid``, of the visitor (they go
            into the avatar URLs); addons add their own keys (``rating_include``...)
        :return: one dict per message, in the order of ``self``
        :rtype: list
        :raise AccessError: when the current user may not read the messages
        :raise UserError: when ``options`` is not a dictionary
        """
        if options is not None and not isinstance(options, dict):
            raise UserError(self.env._("The display options of the messages must be a dictionary."))
        self.check_access("read")
        return self._portal_message_format(
            self._portal_get_default_format_properties_names(options=options),
            options=options,
        )

    def _portal_get_default_format_properties_names(self, options=None):
        """Return the names of the values the portal chatter needs for each message.

        The result is a new set on each call: overrides add their own names to it.

        :param dict options: see ``portal_message_format``
        :rtype: set
        """
        return {
            "attachment_ids",
            "author_avatar_url",
            "author_id",
            "author_guest_id",
            "body",
            "date",
            "id",
            "is_internal",
            "is_message_subtype_note",
            "message_type",
            "model",
            "published_date_str",
            "res_id",
            "starred",
            "subtype_id",
        }

    def _portal_message_format(self, properties_names, options=None):
        """Format the messages for the portal chatter, without checking access.

        All messages are handled together, so the number of queries does not depend on the
        number of messages. ``attachment_ids`` is removed from ``properties_names`` once
        handled, so that overrides see only what remains to be computed.

        :param set properties_names: names of the values to return, see
            ``_portal_get_default_format_properties_names``
        :param dict options: see ``portal_message_format``
        :return: one dict per message, in the order of ``self``
        :rtype: list
        """
        options = options or {}
        with_attachments = "attachment_ids" in properties_names
        if with_attachments:
            properties_names.remove("attachment_ids")
            attachments_by_message = self._portal_format_attachments_by_message()

        field_names = [name for name in properties_names if name in self._fields]
        # Only signed-in users can star messages: the public user's stars need no query.
        public_starred = "starred" in field_names and self.env.user._is_public()
        if public_starred:
            field_names.remove("starred")
        if self:
            # The authors and the reader's partner, whose time zone formats the dates, are read
            # together: one query instead of one for each.
            (self.author_id | self.env.user.partner_id).sudo().mapped("name")
        read_values = {values["id"]: values for values in self._read_format(field_names)}
        if public_starred:
            for values in read_values.values():
                values["starred"] = False

        note_subtype_id = (
            self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
            if "is_message_subtype_note" in properties_names
            else False
        )
        reactions_by_message = self._portal_format_reactions()

        vals_list = []
        for message in self:
            values = read_values.get(message.id, {"id": message.id})
            if with_attachments:
                values["attachment_ids"] = attachments_by_message[message.id]
            if "author_avatar_url" in properties_names:
                values["author_avatar_url"] = message._portal_author_avatar_url(options)
            if "is_message_subtype_note" in properties_names:
                values["is_message_subtype_note"] = bool(
                    note_subtype_id and message.subtype_id.id == note_subtype_id
                )
            if "published_date_str" in properties_names:
                values["published_date_str"] = (
                    format_datetime(self.env, message.date) if message.date else ""
                )
            values["reactions"] = reactions_by_message.get(message.id, [])
            # Portal users may not read other partners: the author's name is public here.
            author_sudo = message.sudo().author_id
            values["author"] = {"id": author_sudo.id, "name": author_sudo.name, "type": "partner"}
            values["thread"] = {"model": message.model, "id": message.res_id}
            vals_list.append(values)
        return vals_list

    def _portal_format_attachments_by_message(self):
        """Return the formatted attachments of the messages, per message id.

        Attachments get an access token when they lack one, so the portal can serve them
        to visitors who only hold the document's token.
        """
        messages_sudo = self.sudo()
        attachments_sudo = messages_sudo.attachment_ids
        missing_token_sudo = attachments_sudo.filtered(
            lambda attachment: not attachment.access_token
        )
        if missing_token_sudo:
            missing_token_sudo.generate_access_token()
        formatted = {
            values["id"]: self._portal_message_format_attachments(values)
            for values in attachments_sudo.read(ATTACHMENT_FIELDS)
        }
        return {
            message_sudo.id: [
                formatted[attachment.id]
                for attachment in message_sudo.attachment_ids
                if attachment.id in formatted
            ]
            for message_sudo in messages_sudo
        }

    def _portal_format_reactions(self):
        """Return the reactions of the messages grouped by content, per message id."""
        result = {}
        for message_sudo in self.sudo():
            groups = {}
            for reaction in message_sudo.reaction_ids:
                groups.setdefault(reaction.content, self.env["mail.message.reaction"].sudo())
                groups[reaction.content] |= reaction
            result[message_sudo.id] = [
                {
                    "content": content,
                    "count": len(reactions),
                    "personas": [
                        {"id": guest.id, "name": guest.name, "type": "guest"}
                        for guest in reactions.guest_id
                    ]
                    + [
                        {"id": partner.id, "name": partner.name, "type": "partner"}
                        for partner in reactions.partner_id
                    ],
                    "message": message_sudo.id,
                }
                for content, reactions in groups.items()
            ]
        return result

    def _portal_author_avatar_url(self, options):
        """Return the URL of the author's avatar, readable with the visitor's credentials."""
        self.ensure_one()
        # The credentials are echoed from the request: encode them so that a crafted value
        # cannot add parameters to the URL.
        if options.get("token"):
            return (
                f"/mail/avatar/mail.message/{self.id}/author_avatar/50x50"
                f"?{url_encode({'access_token': options['token']})}"
            )
        if options.get("hash") and options.get("pid"):
            return (
                f"/mail/avatar/mail.message/{self.id}/author_avatar/50x50"
                f"?{url_encode({'_hash': options['hash'], 'pid': options['pid']})}"
            )
        return f"/web/image/mail.message/{self.id}/author_avatar/50x50"

    def _portal_message_format_attachments(self, attachment_values):
        """Adapt one attachment, as read from the database, for the portal chatter.

        :param dict attachment_values: values read from ``ir.attachment``
        :return: the same dict, with ``filename`` added; Safari gets videos as plain
            binary data, since it cannot play them from the chatter
        :rtype: dict
        """
        safari = (
            request
            and request.httprequest.user_agent
            and request.httprequest.user_agent.browser == "safari"
        )
        attachment_values["filename"] = attachment_values["name"]
        mimetype = attachment_values.get("mimetype")
        if safari and mimetype and "video" in mimetype:
            attachment_values["mimetype"] = "application/octet-stream"
        return attachment_values

    # === BUSINESS METHODS - PORTAL EDITION === #

    def _is_editable_in_portal(self, **kwargs):
        """Tell whether the portal visitor wrote this message and may therefore edit it.

        An anonymous visitor whose signature (``hash``, ``pid``) does not validate is refused,
        even with a valid token: the token alone would otherwise let them act under a
        partner signature they made up, which posting and reacting already refuse.

        :param kwargs: ``token``, or ``hash`` and ``pid``, sent by the visitor
        :return: True when the credentials name the message's author
        :rtype: bool
        """
        self.ensure_one()
        if not self.model or not self.res_id or not request or self.model not in request.env:
            return False
        thread = request.env[self.model].browse(self.res_id).exists()
        if not thread:
            return False
        if self._portal_signature_is_forged(thread, kwargs):
            return False
        partner = get_portal_partner(
            thread, kwargs.get("hash"), kwargs.get("pid"), kwargs.get("token")
        )
        return bool(partner) and partner == self.author_id

    def _portal_signature_is_forged(self, thread, kwargs):
        """Tell whether an anonymous visitor sent a partner signature that does not validate.

        The same rule as the one of the post and reaction routes: only anonymous visitors
        are concerned, and on models without a token (which cannot be signed) the signature
        is ignored.

        :param thread: the document the message belongs to
        :param dict kwargs: the request's keyword arguments (``hash``, ``pid``)
        :rtype: bool
        """
        if not self.env.user._is_public() or not (kwargs.get("hash") or kwargs.get("pid")):
            return False
        if thread._mail_post_token_field not in thread._fields:
            return False
        return not validate_thread_with_hash_pid(thread, kwargs.get("hash"), kwargs.get("pid"))
