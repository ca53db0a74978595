# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Data shared by the model-layer tests: customers, users and demo documents."""

import hashlib
import hmac
import re

from odoo.tests import TransactionCase, new_test_user

UUID4_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


class PortalModelsCommon(TransactionCase):
    """Two customers with a portal user each, an employee and demo documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # Invitation scope drives the sign-up parameters of links: pin it.
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2b")
        cls.company = cls.env.company
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Maren Holt", "email": "maren.holt@example.com"})
        cls.other_customer = Partner.create(
            {"name": "Ilya Brandt", "email": "ilya.brandt@example.com"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="maren_portal",
            name="Maren Holt",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="ilya_portal",
            name="Ilya Brandt",
            groups="base.group_portal",
            partner_id=cls.other_customer.id,
        )
        cls.employee = new_test_user(
            cls.env,
            login="tove_employee",
            name="Tove Employee",
            email="tove.employee@example.com",
            groups="base.group_user",
        )
        cls.public_user = cls.env.ref("base.public_user")
        # A customer with no user at all, for the links that must not carry a login.
        cls.prospect = Partner.create({"name": "Otto Quist", "email": "otto.quist@example.com"})
        Document = cls.env["portal.demo.document"]
        cls.document = Document.create({"name": "DEMO/0001", "partner_id": cls.customer.id})
        cls.other_document = Document.create(
            {"name": "DEMO/0002", "partner_id": cls.other_customer.id}
        )
        cls.prospect_document = Document.create(
            {"name": "DEMO/0003", "partner_id": cls.prospect.id}
        )

    def _expected_signature(self, record, pid):
        """Recompute the HMAC signature of ``pid`` on ``record`` without the addon's code."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = repr((self.env.cr.dbname, record.sudo().access_token, pid))
        return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
