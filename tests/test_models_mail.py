# Part of the clean-room Customer Portal addon. License LGPL-3.
from datetime import datetime
from types import SimpleNamespace
from unittest.mock import patch

from markupsafe import escape

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.portal.utils import (
    get_portal_partner,
    validate_thread_with_hash_pid,
    validate_thread_with_token,
)

from .common import PortalModelsCommon

REQUEST_PATH = "odoo.addons.portal.models.mail_message.request"


@tagged("post_install", "-at_install", "portal_mail_thread")
class TestMailThreadPortal(PortalModelsCommon):
    def test_token_field_name(self):
        """Threads name the field holding their token."""
        self.assertEqual(self.env["portal.demo.document"]._mail_post_token_field, "access_token")
        self.assertEqual(self.env["res.partner"]._mail_post_token_field, "access_token")

    def test_website_message_ids(self):
        """Website messages are the document's discussions, not its notifications."""
        field = self.env["portal.demo.document"]._fields["website_message_ids"]
        self.assertEqual(field.type, "one2many")
        self.assertEqual(field.comodel_name, "mail.message")
        self.assertEqual(field.inverse_name, "res_id")
        self.assertEqual(field.string, "Website Messages")
        self.assertTrue(field.auto_join)
        document = self.document
        Message = self.env["mail.message"]
        base_values = {
            "model": document._name,
            "res_id": document.id,
            "body": "<p>x</p>",
            "reply_to": "catchall@example.com",
        }
        visible = Message.create(
            [
                dict(base_values, message_type=message_type)
                for message_type in ("comment", "email", "email_outgoing", "auto_comment")
            ]
        )
        hidden = Message.create(
            [
                dict(base_values, message_type="notification"),
                dict(base_values, message_type="user_notification"),
                dict(base_values, model="res.partner", res_id=self.customer.id),
            ]
        )
        # Same id, other model: not one of this document's messages.
        self.env.cr.execute(
            "UPDATE mail_message SET res_id = %s WHERE id = %s", [document.id, hidden[2].id]
        )
        document.invalidate_recordset(["website_message_ids"])
        self.assertEqual(document.website_message_ids, visible.sorted(lambda m: -m.id))
        self.assertEqual(
            self.env["portal.demo.document"].search(
                [("website_message_ids", "in", visible[:1].ids)]
            ),
            document,
        )

    def test_sign_token(self):
        """The signature is the HMAC-SHA256 of the database, token and partner id."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/H1", "partner_id": self.customer.id}
        )
        pid = self.customer.id
        unsigned = document._sign_token(pid)
        self.assertEqual(unsigned, self._expected_signature(document, pid))
        document._portal_ensure_token()
        signature = document._sign_token(pid)
        self.assertEqual(len(signature), 64)
        self.assertRegex(signature, r"^[0-9a-f]{64}$")
        self.assertEqual(signature, self._expected_signature(document, pid))
        self.assertNotEqual(signature, unsigned, "the token is part of the signature")
        self.assertNotEqual(signature, document._sign_token(self.other_customer.id))
        self.assertNotEqual(signature, document._sign_token(str(pid)), "pid is signed as given")
        self.assertEqual(
            document.with_user(self.portal_user)._sign_token(pid),
            signature,
            "the secret is read with sudo",
        )

    def test_sign_token_errors(self):
        """Signing needs one record of a model holding a token."""
        with self.assertRaises(NotImplementedError):
            self.customer._sign_token(self.customer.id)
        with self.assertRaises(ValueError):
            (self.document | self.other_document)._sign_token(self.customer.id)

    def test_parent_hash_token(self):
        """Documents are not shared through a parent by default."""
        self.assertFalse(self.document._portal_get_parent_hash_token(self.customer.id))

    def test_get_thread_with_access_rights(self):
        """Normal access rights come first and give a record without sudo."""
        thread = (
            self.env["portal.demo.document"]
            .with_user(self.portal_user)
            ._get_thread_with_access(self.document.id)
        )
        self.assertEqual(thread, self.document)
        self.assertFalse(thread.env.su)

    def test_get_thread_with_access_credentials(self):
        """A token or a signature opens a document the user may not read, with sudo."""
        document = self.other_document
        token = document._portal_ensure_token()
        pid = self.customer.id
        signature = document._sign_token(pid)
        other_token = self.document._portal_ensure_token()
        Document = self.env["portal.demo.document"]
        for user in (self.portal_user, self.public_user):
            DocumentAs = Document.with_user(user)
            cases = [
                ({}, False),
                ({"token": token}, True),
                ({"hash": signature, "pid": pid}, True),
                ({"hash": signature, "pid": str(pid)}, True),
                ({"token": "wrong"}, False),
                ({"token": other_token}, False),
                ({"token": token.upper()}, False),
                ({"token": "é" * 36}, False),
                ({"token": ["list"]}, False),
                ({"hash": signature, "pid": self.other_customer.id}, False),
                (
                    {
                        "hash": signature[:-1] + ("1" if signature.endswith("0") else "0"),
                        "pid": pid,
                    },
                    False,
                ),
                ({"hash": signature, "pid": "abc"}, False),
                ({"hash": signature, "pid": "12abc"}, False),
                ({"hash": signature, "pid": None}, False),
                ({"hash": signature, "pid": 2**40}, False),
                ({"hash": 12345, "pid": pid}, False),
                ({"hash": "", "pid": pid}, False),
            ]
            for kwargs, granted in cases:
                with self.subTest(user=user.login, kwargs=kwargs):
                    thread = DocumentAs._get_thread_with_access(document.id, **kwargs)
                    self.assertEqual(thread._name, "portal.demo.document")
                    if granted:
                        self.assertEqual(thread, document)
                        self.assertTrue(thread.env.su)
                    else:
                        self.assertFalse(thread)
                        self.assertFalse(thread.env.su)

    def test_get_thread_with_access_missing(self):
        """A missing document is refused whatever the credentials."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/X", "partner_id": self.customer.id}
        )
        token = document._portal_ensure_token()
        signature = document._sign_token(self.customer.id)
        missing_id = document.id
        document.unlink()
        thread = (
            self.env["portal.demo.document"]
            .with_user(self.public_user)
            ._get_thread_with_access(missing_id, token=token, hash=signature, pid=self.customer.id)
        )
        self.assertFalse(thread)

    def test_get_thread_with_access_without_token(self):
        """A document without token is not opened by an empty or absent token."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/NT", "partner_id": self.other_customer.id}
        )
        DocumentAs = self.env["portal.demo.document"].with_user(self.portal_user)
        for token in ("", None, False):
            self.assertFalse(DocumentAs._get_thread_with_access(document.id, token=token))
        self.assertFalse(document.access_token)


@tagged("post_install", "-at_install", "portal_mail_thread")
class TestPortalUtils(PortalModelsCommon):
    def test_validate_token(self):
        """Only the document's own token validates."""
        token = self.document._portal_ensure_token()
        self.assertTrue(validate_thread_with_token(self.document, token))
        self.assertFalse(validate_thread_with_token(self.document, token + "x"))
        self.assertFalse(validate_thread_with_token(self.document, None))
        self.assertFalse(validate_thread_with_token(self.prospect_document, ""))
        self.assertFalse(
            validate_thread_with_token(self.customer, token), "a partner holds no token"
        )

    def test_validate_hash_pid(self):
        """The signature validates for its partner only, with the pid as int or text."""
        pid = self.customer.id
        self.document._portal_ensure_token()
        self.other_document._portal_ensure_token()
        signature = self.document._sign_token(pid)
        self.assertTrue(validate_thread_with_hash_pid(self.document, signature, pid))
        self.assertTrue(validate_thread_with_hash_pid(self.document, signature, str(pid)))
        self.assertFalse(validate_thread_with_hash_pid(self.document, signature, pid + 1))
        self.assertFalse(validate_thread_with_hash_pid(self.document, signature, "x"))
        self.assertFalse(validate_thread_with_hash_pid(self.document, None, pid))
        self.assertFalse(validate_thread_with_hash_pid(self.other_document, signature, pid))
        self.assertFalse(validate_thread_with_hash_pid(self.customer, signature, pid))

    def test_hash_needs_token(self):
        """Without a token, a signature would fit every tokenless document: it is refused."""
        pid = self.customer.id
        tokenless = self.env["portal.demo.document"].create(
            {"name": "DEMO/V1", "partner_id": self.other_customer.id}
        )
        signature = tokenless._sign_token(pid)
        self.assertEqual(signature, self.prospect_document._sign_token(pid))
        self.assertFalse(validate_thread_with_hash_pid(tokenless, signature, pid))
        self.assertFalse(
            self.env["portal.demo.document"]
            .with_user(self.portal_user)
            ._get_thread_with_access(tokenless.id, hash=signature, pid=pid)
        )
        tokenless._portal_ensure_token()
        self.assertTrue(validate_thread_with_hash_pid(tokenless, tokenless._sign_token(pid), pid))

    def test_validate_parent_hash(self):
        """A model may accept the signature of the record it is shared through."""
        pid = self.customer.id
        parent_signature = self.other_document._sign_token(pid)
        Document = type(self.document)
        with patch.object(
            Document,
            "_portal_get_parent_hash_token",
            lambda self, pid: parent_signature,
            create=True,
        ):
            self.assertTrue(validate_thread_with_hash_pid(self.document, parent_signature, pid))
            self.assertFalse(validate_thread_with_hash_pid(self.document, "0" * 64, pid))

    def test_get_portal_partner(self):
        """The signature names its partner; the token stands for the customer."""
        token = self.document._portal_ensure_token()
        pid = self.other_customer.id
        signature = self.document._sign_token(pid)
        signed = get_portal_partner(self.document, signature, pid, token)
        self.assertEqual(signed, self.other_customer, "the signature wins over the token")
        self.assertTrue(signed.env.su)
        self.assertEqual(get_portal_partner(self.document, None, None, token), self.customer)
        self.assertEqual(
            get_portal_partner(self.document, "bad", pid, token),
            self.customer,
            "a bad signature falls back to the token",
        )
        nobody = get_portal_partner(self.document, "bad", "not-a-number", "bad")
        self.assertFalse(nobody)
        self.assertEqual(nobody._name, "res.partner")


@tagged("post_install", "-at_install", "portal_mail_thread")
class TestNotificationGroups(PortalModelsCommon, MockEmail):
    def _groups(self, record):
        return record._notify_get_recipients_groups(self.env["mail.message"], False)

    def _link(self, document, pid, **extra):
        params = {
            "access_token": document.access_token,
            "hash": self._expected_signature(document, pid),
            "model": document._name,
            "pid": str(pid),
            "res_id": str(document.id),
            **extra,
        }
        query = "&".join(f"{key}={params[key]}" for key in sorted(params))
        return f"{document.get_base_url()}/mail/view?{query}"

    def test_customer_group_prepended(self):
        """The customer gets its own first group, with a signed /mail/view button."""
        document = self.prospect_document
        self.assertFalse(document.access_token)
        groups = self._groups(document)
        self.assertTrue(document.access_token, "the token is created for the link")
        self.assertEqual(
            [group[0] for group in groups],
            ["portal_customer", "user", "portal", "follower", "customer"],
        )
        name, predicate, data = groups[0]
        self.assertEqual(
            data,
            {
                "active": True,
                "button_access": {"url": self._link(document, self.prospect.id)},
                "has_button_access": True,
            },
        )
        self.assertTrue(predicate({"id": self.prospect.id, "type": "customer"}))
        self.assertFalse(predicate({"id": self.customer.id, "type": "portal"}))
        portal_data = groups[2][2]
        self.assertTrue(portal_data["active"])
        self.assertTrue(portal_data["has_button_access"])

    def test_customer_with_user_gets_login(self):
        """A customer who has a user gets its login in the link."""
        groups = self._groups(self.document)
        self.assertEqual(
            groups[0][2]["button_access"]["url"],
            self._link(self.document, self.customer.id, auth_login="maren_portal"),
        )

    def test_customer_group_for_portal_author(self):
        """A portal user posting on its document can build the customer's link."""
        document = self.env["portal.demo.document"].create(
            {"name": "DEMO/N1", "partner_id": self.customer.id}
        )
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        groups = self._groups(document.with_user(self.portal_user))
        self.assertEqual(groups[0][0], "portal_customer")
        self.assertEqual(
            groups[0][2]["button_access"]["url"],
            self._link(document, self.customer.id, auth_login="maren_portal"),
        )

    def test_msg_vals_not_mutated(self):
        """The caller's message values are left untouched."""
        msg_vals = {"model": self.document._name, "res_id": self.document.id, "body": "x"}
        self.document._notify_get_recipients_groups(
            self.env["mail.message"], False, msg_vals=msg_vals
        )
        self.assertEqual(
            msg_vals, {"model": self.document._name, "res_id": self.document.id, "body": "x"}
        )

    def test_non_portal_models_unchanged(self):
        """Threads that are not portal documents keep mail's groups."""
        groups = self._groups(self.customer)
        self.assertEqual([group[0] for group in groups], ["user", "portal", "follower", "customer"])
        self.assertFalse(groups[1][2]["active"])
        empty_groups = self._groups(self.env["portal.demo.document"])
        self.assertEqual(
            [group[0] for group in empty_groups], ["user", "portal", "follower", "customer"]
        )
        self.assertFalse(empty_groups[1][2]["active"])

    def test_notification_email_carries_link(self):
        """The e-mail sent to the customer holds the signed link."""
        document = self.prospect_document
        with self.mock_mail_gateway():
            document.message_post(
                body="<p>Your document is ready.</p>",
                partner_ids=self.prospect.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(len(self._mails), 1)
        self.assertIn(str(escape(self._link(document, self.prospect.id))), self._mails[0]["body"])


@tagged("post_install", "-at_install", "portal_message_format")
class TestPortalMessageFormat(PortalModelsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls.env["mail.guest"].create({"name": "Wandering Guest"})
        cls.date = datetime(2023, 5, 15, 10, 30, 5)
        cls.messages = cls._create_messages(cls.document, 3)
        cls.message = cls.messages[0]

    @classmethod
    def _create_messages(cls, document, count, author=None):
        comment = cls.env.ref("mail.mt_comment")
        return (
            cls.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "attachment_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": f"file {index}-{rank}.txt",
                                    "raw": b"data",
                                    "res_model": document._name,
                                    "res_id": document.id,
                                },
                            )
                            for rank in range(2)
                        ],
                        "author_id": (author or cls.customer).id,
                        "body": f"<p>Message {index}</p>",
                        "date": cls.date,
                        "message_type": "comment",
                        "model": document._name,
                        "res_id": document.id,
                        "subtype_id": comment.id,
                        "reaction_ids": [
                            (0, 0, {"content": "👍", "partner_id": cls.customer.id}),
                            (0, 0, {"content": "🎉", "partner_id": cls.employee.partner_id.id}),
                            (0, 0, {"content": "👍", "guest_id": cls.guest.id}),
                            (0, 0, {"content": "👍", "partner_id": cls.other_customer.id}),
                        ],
                    }
                    for index in range(count)
                ]
            )
        )

    def test_default_properties(self):
        """The default names form a new set on each call."""
        Message = self.env["mail.message"]
        names = Message._portal_get_default_format_properties_names()
        self.assertEqual(
            names,
            {
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
            },
        )
        self.assertIsInstance(names, set)
        names.add("rating")
        self.assertNotIn(
            "rating", Message._portal_get_default_format_properties_names(options={"x": 1})
        )

    def test_format_values(self):
        """Every value of a formatted message, field by field."""
        message = self.message.with_user(self.employee)
        comment = self.env.ref("mail.mt_comment")
        (values,) = message.portal_message_format()
        attachments = self.message.attachment_ids
        self.assertEqual(len(attachments), 2)
        self.assertEqual(
            set(values),
            {
                "attachment_ids",
                "author",
                "author_avatar_url",
                "author_guest_id",
                "author_id",
                "body",
                "date",
                "id",
                "is_internal",
                "is_message_subtype_note",
                "message_type",
                "model",
                "published_date_str",
                "reactions",
                "res_id",
                "starred",
                "subtype_id",
                "thread",
            },
        )
        self.assertEqual(values["id"], self.message.id)
        self.assertEqual(
            values["author"], {"id": self.customer.id, "name": "Maren Holt", "type": "partner"}
        )
        self.assertEqual(values["author_id"], (self.customer.id, "Maren Holt"))
        self.assertFalse(values["author_guest_id"])
        self.assertEqual(
            values["author_avatar_url"],
            f"/web/image/mail.message/{self.message.id}/author_avatar/50x50",
        )
        self.assertEqual(str(values["body"]), "<p>Message 0</p>")
        self.assertEqual(values["date"], self.date)
        self.assertIs(values["is_internal"], False)
        self.assertIs(values["is_message_subtype_note"], False)
        self.assertEqual(values["message_type"], "comment")
        self.assertEqual(values["model"], "portal.demo.document")
        self.assertEqual(values["res_id"], self.document.id)
        self.assertEqual(
            values["thread"], {"model": "portal.demo.document", "id": self.document.id}
        )
        self.assertIs(values["starred"], False)
        self.assertEqual(values["subtype_id"], (comment.id, comment.name))
        self.assertGreater(attachments[0].id, attachments[1].id, "newest attachment first")
        self.assertTrue(all(attachment.access_token for attachment in attachments))
        # the SHA-1 of the content of both files, b"data"
        checksum = "a17c9aaa61e80a1bf71d0d850af4e5baa9800bbd"
        self.assertEqual(
            values["attachment_ids"],
            [
                {
                    "access_token": attachments[0].access_token,
                    "checksum": checksum,
                    "filename": "file 0-1.txt",
                    "id": attachments[0].id,
                    "mimetype": "text/plain",
                    "name": "file 0-1.txt",
                    "res_id": self.document.id,
                    "res_model": "portal.demo.document",
                },
                {
                    "access_token": attachments[1].access_token,
                    "checksum": checksum,
                    "filename": "file 0-0.txt",
                    "id": attachments[1].id,
                    "mimetype": "text/plain",
                    "name": "file 0-0.txt",
                    "res_id": self.document.id,
                    "res_model": "portal.demo.document",
                },
            ],
        )
        self.assertEqual(
            values["reactions"],
            [
                {
                    "content": "👍",
                    "count": 3,
                    "personas": [
                        {"id": self.guest.id, "name": "Wandering Guest", "type": "guest"},
                        # Newest reaction first, as the reactions are ordered.
                        {"id": self.other_customer.id, "name": "Ilya Brandt", "type": "partner"},
                        {"id": self.customer.id, "name": "Maren Holt", "type": "partner"},
                    ],
                    "message": self.message.id,
                },
                {
                    "content": "🎉",
                    "count": 1,
                    "personas": [
                        {
                            "id": self.employee.partner_id.id,
                            "name": "Tove Employee",
                            "type": "partner",
                        }
                    ],
                    "message": self.message.id,
                },
            ],
        )

    def test_starred_and_note(self):
        """Stars are the current user's; notes are flagged."""
        self.message.starred_partner_ids = self.employee.partner_id
        note = self.env["mail.message"].create(
            {
                "model": self.document._name,
                "res_id": self.document.id,
                "message_type": "comment",
                "subtype_id": self.env.ref("mail.mt_note").id,
                "is_internal": True,
                "body": "<p>internal</p>",
            }
        )
        no_subtype = self.env["mail.message"].create(
            {"model": self.document._name, "res_id": self.document.id, "body": "<p>bare</p>"}
        )
        records = (self.message | note | no_subtype).with_user(self.employee)
        values = records.portal_message_format()
        self.assertEqual([value["id"] for value in values], records.ids, "order of self")
        self.assertEqual([value["starred"] for value in values], [True, False, False])
        self.assertEqual(
            [value["is_message_subtype_note"] for value in values], [False, True, False]
        )
        self.assertEqual([value["is_internal"] for value in values], [False, True, False])
        self.assertEqual(values[2]["attachment_ids"], [])
        self.assertEqual(values[2]["reactions"], [])
        self.assertEqual(values[2]["author"]["id"], self.env.user.partner_id.id)
        self.assertFalse(self.message.with_user(self.portal_user).sudo(False).starred)

    def test_portal_reader_sees_author(self):
        """A portal customer sees who wrote on its document, even an employee."""
        message = self.env["mail.message"].create(
            {
                "model": self.document._name,
                "res_id": self.document.id,
                "message_type": "comment",
                "subtype_id": self.env.ref("mail.mt_comment").id,
                "author_id": self.employee.partner_id.id,
                "body": "<p>Answer</p>",
            }
        )
        with self.assertRaises(AccessError):
            self.employee.partner_id.with_user(self.portal_user).check_access("read")
        self.env.invalidate_all()
        (values,) = message.with_user(self.portal_user).portal_message_format()
        self.assertEqual(
            values["author"],
            {"id": self.employee.partner_id.id, "name": "Tove Employee", "type": "partner"},
        )
        self.assertEqual(values["author_id"], (self.employee.partner_id.id, "Tove Employee"))

    def test_avatar_urls(self):
        """The avatar URL carries the visitor's token or signature."""
        message_id = self.message.id
        prefix = f"/mail/avatar/mail.message/{message_id}/author_avatar/50x50"
        cases = [
            ({"token": "tok"}, f"{prefix}?access_token=tok"),
            ({"token": "tok", "hash": "h", "pid": 4}, f"{prefix}?access_token=tok"),
            ({"hash": "abc", "pid": 4}, f"{prefix}?_hash=abc&pid=4"),
            ({"hash": "abc"}, f"/web/image/mail.message/{message_id}/author_avatar/50x50"),
            ({}, f"/web/image/mail.message/{message_id}/author_avatar/50x50"),
        ]
        for options, url in cases:
            with self.subTest(options=options):
                (values,) = self.message.portal_message_format(options=options)
                self.assertEqual(values["author_avatar_url"], url)

    def test_published_date(self):
        """The date is shown in the reader's language and time zone."""
        self.employee.tz = "Europe/Brussels"
        message = self.message.with_user(self.employee)
        (values,) = message.portal_message_format()
        self.assertEqual(
            " ".join(values["published_date_str"].split()), "May 15, 2023, 12:30:05 PM"
        )
        self.message.date = False
        (values,) = message.portal_message_format()
        self.assertEqual(values["published_date_str"], "")

    def test_properties_mutated_and_partial(self):
        """attachment_ids is consumed from the given set; unrequested values are absent."""
        names = {"attachment_ids", "body", "model", "res_id"}
        (values,) = self.message._portal_message_format(names)
        self.assertEqual(names, {"body", "model", "res_id"})
        self.assertEqual(
            set(values),
            {"id", "attachment_ids", "body", "model", "res_id", "reactions", "author", "thread"},
        )
        (values,) = self.message._portal_message_format({"body"})
        self.assertEqual(set(values), {"id", "body", "reactions", "author", "thread"})
        self.assertEqual(
            values["thread"], {"model": "portal.demo.document", "id": self.document.id}
        )

    def test_access_checked(self):
        """Formatting checks that the user may read the messages."""
        messages = self._create_messages(self.other_document, 1, author=self.other_customer)
        with self.assertRaises(AccessError):
            messages.with_user(self.portal_user).portal_message_format()
        (values,) = self.messages[:1].with_user(self.portal_user).portal_message_format()
        self.assertEqual(values["id"], self.messages[0].id)

    def test_bad_options(self):
        """Options that are not a dictionary are refused with a clear error."""
        for options in (["token"], "token", 3):
            with self.subTest(options=options), self.assertRaises(UserError):
                self.message.with_user(self.employee).portal_message_format(options=options)
        (values,) = self.message.with_user(self.employee).portal_message_format(options={})
        self.assertEqual(values["id"], self.message.id)

    def test_queries_do_not_grow(self):
        """Formatting a batch costs the same whatever the number of messages."""
        few = self.messages
        many = self._create_messages(self.document, 12)

        def count(messages):
            messages = messages.with_user(self.employee)
            messages.portal_message_format()  # warm up: attachment tokens, caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            messages.portal_message_format()
            return self.env.cr.sql_log_count - before

        queries_for_few = count(few)
        self.assertEqual(count(many), queries_for_few)
        self.env.invalidate_all()
        with self.assertQueryCount(queries_for_few):
            many.with_user(self.employee).portal_message_format()

    def test_attachment_mimetype_for_safari(self):
        """Safari receives videos as plain binary data."""
        values = {"name": "clip.mp4", "mimetype": "video/mp4"}
        Message = self.env["mail.message"]
        for browser, expected in (("safari", "application/octet-stream"), ("chrome", "video/mp4")):
            fake_request = SimpleNamespace(
                httprequest=SimpleNamespace(user_agent=SimpleNamespace(browser=browser))
            )
            with self.subTest(browser=browser), patch(REQUEST_PATH, fake_request):
                result = Message._portal_message_format_attachments(dict(values))
                self.assertEqual(
                    result, {"name": "clip.mp4", "filename": "clip.mp4", "mimetype": expected}
                )
        safari = SimpleNamespace(
            httprequest=SimpleNamespace(user_agent=SimpleNamespace(browser="safari"))
        )
        with patch(REQUEST_PATH, safari):
            result = Message._portal_message_format_attachments(
                {"name": "a.pdf", "mimetype": "application/pdf"}
            )
        self.assertEqual(result["mimetype"], "application/pdf")
        # Outside of a request (cron, shell), attachments are kept as they are.
        result = Message._portal_message_format_attachments(dict(values))
        self.assertEqual(result["mimetype"], "video/mp4")

    def test_is_editable_in_portal(self):
        """Only the author, proven by token or signature, may edit from the portal."""
        token = self.document._portal_ensure_token()
        customer_hash = self.document._sign_token(self.customer.id)
        other_hash = self.document._sign_token(self.other_customer.id)
        by_other = self.env["mail.message"].create(
            {
                "model": self.document._name,
                "res_id": self.document.id,
                "author_id": self.other_customer.id,
                "body": "<p>other</p>",
            }
        )
        unbound = self.env["mail.message"].create(
            {"author_id": self.customer.id, "body": "<p>nowhere</p>"}
        )
        fake_request = SimpleNamespace(env=self.env(user=self.public_user))
        with patch(REQUEST_PATH, fake_request):
            self.assertTrue(self.message._is_editable_in_portal(token=token))
            self.assertTrue(
                self.message._is_editable_in_portal(hash=customer_hash, pid=self.customer.id)
            )
            self.assertFalse(self.message._is_editable_in_portal())
            self.assertFalse(self.message._is_editable_in_portal(token="wrong"))
            self.assertFalse(
                self.message._is_editable_in_portal(
                    hash=other_hash, pid=self.other_customer.id, token=token
                )
            )
            self.assertFalse(self.message._is_editable_in_portal(hash=customer_hash, pid="abc"))
            self.assertFalse(by_other._is_editable_in_portal(token=token))
            self.assertTrue(
                by_other._is_editable_in_portal(hash=other_hash, pid=self.other_customer.id)
            )
            self.assertFalse(unbound._is_editable_in_portal(token=token))
        self.assertFalse(self.message._is_editable_in_portal(token=token), "needs a request")
