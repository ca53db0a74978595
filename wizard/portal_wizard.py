# Part of the clean-room Customer Portal addon. License LGPL-3.
import functools
import logging
from ast import literal_eval

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import email_normalize, single_email_re

from odoo.addons.auth_signup.models.res_partner import SignupError

_logger = logging.getLogger(__name__)


# Every line is compared with every similar user when the lines' states are computed, and a
# wizard opened on a company lists all its contacts: normalise each address only once.
@functools.lru_cache(maxsize=4096)
def _normalize_email(email):
    """Return the normalised address, or False when ``email`` holds no usable address.

    ``email_normalize`` keeps whatever follows the last ``@`` of a malformed address (``a@b@c``
    gives ``@c``): such a result must not become a login.
    """
    normalized = email_normalize(email)
    return normalized if normalized and single_email_re.match(normalized) else False


class PortalWizard(models.TransientModel):
    """Dialog listing contacts, each with buttons to grant, revoke or renew portal access."""

    _name = "portal.wizard"
    _description = "Grant Portal Access"

    def _default_partner_ids(self):
        """Return the contacts the wizard opens on, as ``Command.link`` commands.

        They come from the ``default_partner_ids`` context key, else from the records the
        action was started on. A company brings along its contacts (individuals and "other"
        addresses), since those are the people who actually sign in.
        """
        context = self.env.context
        partner_ids = context.get("default_partner_ids")
        if not partner_ids and context.get("active_model", "res.partner") == "res.partner":
            partner_ids = context.get("active_ids")
        partner_ids = [
            pid for pid in partner_ids or [] if isinstance(pid, int) and not isinstance(pid, bool)
        ]
        partners_sudo = self.env["res.partner"].sudo().browse(partner_ids).exists()
        contacts_sudo = partners_sudo | partners_sudo.child_ids.filtered(
            lambda child: child.type in ("contact", "other")
        )
        # The lines show each contact's e-mail and user: only for contacts the user may read.
        contacts = contacts_sudo.sudo(False)._filtered_access("read")
        return [Command.link(partner_id) for partner_id in contacts.ids]

    partner_ids = fields.Many2many(
        "res.partner", string="Partners", default=lambda self: self._default_partner_ids()
    )
    user_ids = fields.One2many(
        "portal.wizard.user",
        "wizard_id",
        string="Users",
        compute="_compute_user_ids",
        store=True,
        readonly=False,
    )
    welcome_message = fields.Text(
        string="Invitation Message",
        help="This text is added to the invitation e-mail sent to new portal users.",
    )

    @api.depends("partner_ids")
    def _compute_user_ids(self):
        for wizard in self:
            # Computed as superuser: list only the contacts the user may read, whichever
            # partners were linked to the wizard.
            partners = wizard.partner_ids.with_user(self.env.uid)._filtered_access("read")
            wizard.user_ids = [Command.clear()] + [
                Command.create({"partner_id": partner.id, "email": partner.email})
                for partner in partners
            ]

    @api.model
    def action_open_wizard(self):
        """Create a wizard on the context's contacts and return the action showing it.

        The wizard is saved first so that its lines have database ids: the buttons of the
        lines call methods on them.
        """
        return self.create({})._action_open_modal()

    def action_grant_access_all(self):
        """Grant portal access to every listed contact who can get it, in one go.

        Contacts who already have access, internal users and lines whose e-mail is missing,
        invalid or taken are left as they are (their line shows why). The others get their
        users and invitations in batches, which costs far less than one line at a time.

        :return: the action reopening the wizard
        :raise UserError: when no line can be granted, or when one of them may not be (the
            message names the contact; nothing is changed then)
        """
        self.ensure_one()
        lines = self.user_ids.filtered(
            lambda line: not line.is_portal and not line.is_internal and line.email_state == "ok"
        )
        if not lines:
            raise UserError(
                self.env._(
                    "No contact of the list can be given portal access: each one already has "
                    "access, is an internal user or lacks a valid e-mail address."
                )
            )
        lines._grant_access_batch()
        return self._action_open_modal()

    def _action_open_modal(self):
        """Return the window action (re)opening this wizard in a dialog."""
        self.ensure_one()
        return {
            "name": self.env._("Portal Access Management"),
            "type": "ir.actions.act_window",
            "res_model": "portal.wizard",
            "view_mode": "form",
            "res_id": self.id,
            "target": "new",
        }


class PortalWizardUser(models.TransientModel):
    """One contact of the grant wizard, with the state of its portal access."""

    _name = "portal.wizard.user"
    _description = "Portal User Config"

    wizard_id = fields.Many2one("portal.wizard", required=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, readonly=True, ondelete="cascade"
    )
    email = fields.Char()

    user_id = fields.Many2one("res.users", compute="_compute_user_id", compute_sudo=True)
    login_date = fields.Datetime(related="user_id.login_date", string="Latest Authentication")
    is_portal = fields.Boolean(compute="_compute_group_details")
    is_internal = fields.Boolean(compute="_compute_group_details")
    email_state = fields.Selection(
        [("ok", "Valid"), ("ko", "Invalid"), ("exist", "Already Registered")],
        string="Status",
        compute="_compute_email_state",
        default="ok",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Refuse lines on contacts the user may not read.

        A line shows its contact's user and last sign-in, and its buttons act on them: a line
        made directly (not from the wizard's contacts) must not reach other contacts.
        """
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        self.env["res.partner"].browse(partner_ids).check_access("read")
        return super().create(vals_list)

    # === COMPUTE METHODS === #

    @api.depends("partner_id")
    def _compute_user_id(self):
        # One search for all the lines; archived users count, so that a revoked contact
        # gets its former user back instead of a second one.
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", self.partner_id.ids)])
        )
        user_by_partner = {}
        for user in users:
            user_by_partner.setdefault(user.partner_id.id, user)
        for line in self:
            line.user_id = user_by_partner.get(line.partner_id.id, False)

    @api.depends("user_id", "user_id.groups_id")
    def _compute_group_details(self):
        lines_with_user = self.filtered("user_id")
        (self - lines_with_user).update({"is_portal": False, "is_internal": False})
        if not lines_with_user:
            return
        # Read from the prefetched users rather than through has_group(): granting access
        # clears the ORM caches has_group() relies on, and the wizard may list many users.
        group_portal_id = self.env["ir.model.data"]._xmlid_to_res_id("base.group_portal")
        for line in lines_with_user:
            user_sudo = line.user_id.sudo()
            line.is_internal = not user_sudo.share
            line.is_portal = user_sudo.share and group_portal_id in user_sudo.groups_id.ids

    @api.depends("email")
    def _compute_email_state(self):
        lines_with_email = self.filtered(lambda line: _normalize_email(line.email))
        (self - lines_with_email).email_state = "ko"
        if not lines_with_email:
            return
        similar_users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                self._get_similar_users_domain(lines_with_email),
                self._get_similar_users_fields(),
            )
        )
        for line in lines_with_email:
            taken = any(self._is_portal_similar_than_user(user, line) for user in similar_users)
            line.email_state = "exist" if taken else "ok"

    # === ACTION METHODS === #

    def action_grant_access(self):
        """Give the contact a portal user, or bring its former one back, and invite it.

        :return: the action reopening the wizard
        :raise UserError: when the e-mail is missing, invalid or taken, when the contact
            already has access, is an internal user or stands for the public user
        """
        self.ensure_one()
        self._check_grant_allowed()

        self._update_partner_email()
        user_sudo = self.user_id.sudo()
        if not user_sudo:
            company = self.partner_id.company_id or self.env.company
            try:
                user_sudo = self.sudo().with_company(company)._create_user()
            except (SignupError, ValueError) as error:
                # auth_signup turns any failure into a SignupError, a concurrent update too:
                # that one must reach Odoo's request retry, which then finds the new user.
                if isinstance(error.__context__, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                    raise error.__context__ from None
                raise self._user_creation_error() from None
            self._check_created_users_share(user_sudo)
        self._restore_portal_users(user_sudo)

        # The line must see the user it has just been given before the invitation renders.
        self.invalidate_recordset(["user_id", "is_portal", "is_internal", "login_date"])
        self.with_context(active_test=True)._send_email()
        _logger.info(
            "Portal access granted to user %s (partner %s) by user %s",
            user_sudo.id,
            self.partner_id.id,
            self.env.uid,
        )
        return self.action_refresh_modal()

    def _grant_access_batch(self):
        """Grant portal access to all these lines at once: the batch twin of
        ``action_grant_access``.

        Every line is checked before anything is written. Users are created in one call per
        company from the portal user template, and the invitations are rendered in one batch
        and handed to the mail queue.

        :raise UserError: as ``action_grant_access``, naming the first contact refused
        """
        for line in self:
            line._check_grant_allowed()
        for line in self:
            line._update_partner_email()

        lines_without_user = self.filtered(lambda line: not line.user_id)
        lines_by_company = {}
        for line in lines_without_user:
            company = line.partner_id.sudo().company_id or self.env.company
            lines_by_company.setdefault(company, self.browse())
            lines_by_company[company] |= line
        for company, lines in lines_by_company.items():
            try:
                users_sudo = lines.sudo().with_company(company)._create_users()
            except (SignupError, ValueError):
                raise lines[:1]._user_creation_error() from None
            lines._check_created_users_share(users_sudo)
        self.invalidate_recordset(["user_id", "is_portal", "is_internal", "login_date"])
        self._restore_portal_users(self.user_id.sudo())

        self.invalidate_recordset(["user_id", "is_portal", "is_internal", "login_date"])
        self.with_context(active_test=True)._send_invitations()
        _logger.info(
            "Portal access granted to %s contact(s) at once by user %s", len(self), self.env.uid
        )

    def action_revoke_access(self):
        """Take portal access away: the user is archived, never deleted, with its documents.

        :return: the action reopening the wizard
        :raise UserError: when the contact has no portal access (or is an internal user)
        """
        self.ensure_one()
        if not self.is_portal:
            if self.is_internal:
                raise UserError(self._internal_user_message())
            raise UserError(
                self.env._(
                    "%(contact)s has no portal access to revoke.",
                    contact=self._contact_name(),
                )
            )
        self._assert_not_template_user()
        self._update_partner_email()
        # An invitation already sent must stop working.
        self.partner_id.sudo().write({"signup_type": None})
        user_sudo = self.user_id.sudo()
        if user_sudo._is_portal():
            user_sudo.write(
                {
                    "active": False,
                    "groups_id": [
                        Command.unlink(self.env.ref("base.group_portal").id),
                        Command.link(self.env.ref("base.group_public").id),
                    ],
                }
            )
        self.invalidate_recordset(["user_id", "is_portal", "is_internal", "login_date"])
        _logger.info(
            "Portal access revoked from user %s (partner %s) by user %s",
            user_sudo.id,
            self.partner_id.id,
            self.env.uid,
        )
        return self.action_refresh_modal()

    def action_invite_again(self):
        """Send a new invitation to a contact who already has portal access.

        :return: the action reopening the wizard
        :raise UserError: when the e-mail is missing, invalid or taken, or when the contact
            has no portal access yet
        """
        self.ensure_one()
        self._assert_user_email_uniqueness()
        if not self.is_portal:
            if self.is_internal:
                raise UserError(self._internal_user_message())
            raise UserError(
                self.env._(
                    "%(contact)s has no portal access yet: grant access first.",
                    contact=self._contact_name(),
                )
            )
        self._assert_not_template_user()
        self._update_partner_email()
        self.with_context(active_test=True)._send_email()
        _logger.info(
            "Portal invitation sent again to user %s by user %s", self.user_id.id, self.env.uid
        )
        return self.action_refresh_modal()

    def action_refresh_modal(self):
        """Reopen the wizard; the e-mail state icons use it to stay clickable."""
        return self.wizard_id._action_open_modal()

    # === BUSINESS METHODS === #

    def _get_similar_users_domain(self, portal_users_with_email):
        """Return the domain of the users whose login equals one of the lines' e-mails.

        :param portal_users_with_email: ``portal.wizard.user`` lines with a valid e-mail
        :return: a new list domain, which overrides may extend
        :rtype: list
        """
        emails = [_normalize_email(line.email) for line in portal_users_with_email]
        return [("login", "in", emails)]

    def _get_similar_users_fields(self):
        """Return the ``res.users`` fields read to compare users with the lines.

        :return: a new list of field names, which overrides may extend
        :rtype: list
        """
        return ["id", "login"]

    def _is_portal_similar_than_user(self, user, portal_user):
        """Tell whether ``user`` already uses the e-mail of the line ``portal_user``.

        :param dict user: values of a user, as read with ``_get_similar_users_fields``
        :param portal_user: the ``portal.wizard.user`` line
        :return: True when another user than the line's own has that e-mail as login
        :rtype: bool
        """
        return (
            user["login"] == _normalize_email(portal_user.email)
            and user["id"] != portal_user.user_id.id
        )

    def _assert_user_email_uniqueness(self):
        """Refuse a line whose e-mail is invalid or is another user's login.

        :raise UserError: naming the contact
        """
        self.ensure_one()
        if self.email_state == "ko":
            raise UserError(
                self.env._(
                    "%(contact)s has no valid e-mail address. Enter one in the list first.",
                    contact=self._contact_name(),
                )
            )
        if self.email_state == "exist":
            raise UserError(
                self.env._(
                    "The e-mail address of %(contact)s is already the login of another user. "
                    "Use another address for this contact.",
                    contact=self._contact_name(),
                )
            )

    def _assert_not_public_user(self):
        """Refuse a contact whose user is the anonymous visitor of the website or portal.

        :raise UserError: naming the contact
        """
        user_sudo = self.user_id.sudo()
        if not user_sudo:
            return
        public_users_sudo = self.env.ref("base.public_user", raise_if_not_found=False)
        if public_users_sudo is None:
            public_users_sudo = self.env["res.users"]
        if "website" in self.env and "user_id" in self.env["website"]._fields:
            public_users_sudo |= self.env["website"].sudo().search([]).user_id
        if user_sudo in public_users_sudo:
            raise UserError(
                self.env._(
                    "%(contact)s stands for the anonymous visitors of the portal and cannot be "
                    "given portal access.",
                    contact=self._contact_name(),
                )
            )

    def _assert_not_template_user(self):
        """Refuse a contact whose user is the template new portal users are copied from.

        That archived user gives every new portal user its groups and settings: signing in as
        it, or changing its groups, would change every account created afterwards.

        :raise UserError: naming the contact
        """
        user_sudo = self.user_id.sudo()
        if not user_sudo:
            return
        template_id = (
            self.env["ir.config_parameter"].sudo().get_param("base.template_portal_user_id")
        )
        if template_id and str(user_sudo.id) == template_id.strip():
            raise UserError(
                self.env._(
                    "%(contact)s stands for the template every new portal user is copied "
                    "from and cannot be changed from this wizard.",
                    contact=self._contact_name(),
                )
            )

    def _assert_company_allowed(self):
        """Refuse a contact of a company the current user does not work for.

        :raise UserError: naming the contact
        """
        company = self.partner_id.sudo().company_id
        if company and not self.env.su and company not in self.env.user.company_ids:
            raise UserError(
                self.env._(
                    "%(contact)s belongs to the company %(company)s, which you have no access "
                    "to. Only a user of that company can grant portal access to this contact.",
                    contact=self._contact_name(),
                    company=company.display_name,
                )
            )

    def _contact_name(self):
        """Return the contact's name for messages, even when its company hides it."""
        return self.partner_id.sudo().display_name

    def _internal_user_message(self):
        """Return the error telling that an internal user is not managed from here."""
        return self.env._(
            "%(contact)s is an internal user and already has access. Internal users cannot be "
            "changed from this wizard.",
            contact=self._contact_name(),
        )

    def _check_grant_allowed(self):
        """Refuse a line that cannot be given portal access.

        :raise UserError: when the e-mail is missing, invalid or taken, when the contact
            already has access, is an internal user, stands for the public user or belongs to
            a company the current user has no access to (the message names the contact)
        """
        self.ensure_one()
        self._assert_user_email_uniqueness()
        if self.is_internal:
            raise UserError(self._internal_user_message())
        if self.is_portal:
            raise UserError(
                self.env._("%(contact)s already has portal access.", contact=self._contact_name())
            )
        self._assert_not_public_user()
        self._assert_not_template_user()
        self._assert_company_allowed()

    def _user_creation_error(self):
        """Return the error telling that no user could be made for the line's contact."""
        _logger.warning(
            "Portal access: no user could be created for partner %s", self.partner_id.id
        )
        return UserError(
            self.env._(
                "No user could be created for %(contact)s. Check that the portal user template "
                "is set up and that the e-mail is not used as a login.",
                contact=self._contact_name(),
            )
        )

    def _check_created_users_share(self, users_sudo):
        """Refuse users copied from a template that would give them back-office rights.

        :param users_sudo: the users just created for these lines
        :raise UserError: naming the contact of the first line (the transaction is rolled back)
        """
        if any(not user.share for user in users_sudo):
            raise UserError(
                self.env._(
                    "The portal user template gives back-office access, so no portal user "
                    "was created for %(contact)s. Ask an administrator to fix the template.",
                    contact=self[:1]._contact_name(),
                )
            )

    def _restore_portal_users(self, users_sudo):
        """Bring archived or former portal users back: active, in the portal group only.

        :param users_sudo: the lines' users, some of which may already be active portal users
        """
        users_to_restore = users_sudo.filtered(
            lambda user: not user.active or not user._is_portal()
        )
        if not users_to_restore:
            return
        users_to_restore.write(
            {
                "active": True,
                "groups_id": [
                    Command.link(self.env.ref("base.group_portal").id),
                    Command.unlink(self.env.ref("base.group_public").id),
                ],
            }
        )
        users_to_restore.partner_id.signup_prepare()

    def _update_partner_email(self):
        """Copy the line's e-mail, normalised, to the contact when it was corrected."""
        email_normalized = email_normalize(self.email)
        if self.email_state == "ok" and email_normalize(self.partner_id.email) != email_normalized:
            self.partner_id.write({"email": email_normalized})

    def _create_user(self):
        """Create the portal user of the line's contact from the portal user template.

        The user belongs to the environment's company only.

        :return: the new user
        :rtype: res.users
        """
        email = email_normalize(self.email)
        return (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            ._create_user_from_template(
                {
                    "email": email,
                    "login": email,
                    "partner_id": self.partner_id.id,
                    "company_id": self.env.company.id,
                    "company_ids": [Command.set(self.env.company.ids)],
                }
            )
        )

    def _create_users(self):
        """Create the portal users of all these lines in one call: the batch twin of
        ``_create_user``.

        Each user is a copy of the portal user template (``base.template_portal_user_id``),
        as ``auth_signup`` makes them one at a time; creating them together lets the ORM do
        the group and notification bookkeeping once for all of them.

        :return: the new users, in the order of the lines
        :rtype: res.users
        :raise ValueError: when the template user is missing
        :raise SignupError: when a user cannot be created (a login already taken, say)
        """
        users_model = self.env["res.users"].with_context(no_reset_password=True)
        template_id = literal_eval(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("base.template_portal_user_id", "False")
        )
        template_user = users_model.browse(template_id).exists() if template_id else None
        if not template_user:
            raise ValueError(self.env._("Signup: invalid template user"))
        template_user = template_user.with_context(active_test=False)
        vals_list = []
        for line in self:
            email = email_normalize(line.email)
            [values] = template_user.copy_data(
                {
                    "email": email,
                    "login": email,
                    "partner_id": line.partner_id.id,
                    "company_id": self.env.company.id,
                    "company_ids": [Command.set(self.env.company.ids)],
                    "active": True,
                }
            )
            vals_list.append(values)
        try:
            with self.env.cr.savepoint():
                return users_model.create(vals_list)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # Another transaction granted one of these contacts at the same time: Odoo's
            # request retry runs the grant again, which then finds the contact's user.
            raise
        except Exception as error:  # any other failure (a taken login, say) means no user
            raise SignupError(str(error)) from error

    def _send_invitations(self):
        """Send the invitation e-mails of all these lines: the batch twin of ``_send_email``.

        The template is rendered for all lines at once, each in its contact's language. The
        e-mails are queued and the mail queue is woken up: it sends them a moment later in
        its own transaction, so that a whole company's invitations neither hold the dialog
        open while they go out one by one nor depend on the mail server answering.

        :return: the e-mails queued
        :rtype: mail.mail
        """
        template = self.env.ref("portal.mail_template_data_portal_welcome")
        # Prepare the sign-up first: the token of the link depends on the sign-up type.
        self.user_id.sudo().partner_id.signup_prepare()
        mails_sudo = template.with_context(dbname=self.env.cr.dbname).send_mail_batch(self.ids)
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return mails_sudo

    def _send_email(self):
        """Send the invitation e-mail of the line's user, in the user's language.

        :return: True
        :raise ValueError: when the invitation template is missing
        """
        self.ensure_one()
        template = self.env.ref("portal.mail_template_data_portal_welcome")
        user_sudo = self.user_id.sudo()
        partner_sudo = user_sudo.partner_id
        lang = user_sudo.lang
        # Prepare the sign-up first: the token of the link depends on the sign-up type.
        partner_sudo.signup_prepare()
        portal_url = partner_sudo.with_context(
            signup_force_type_in_url="", lang=lang
        )._get_signup_url_for_action()[partner_sudo.id]
        template.with_context(
            dbname=self.env.cr.dbname, portal_url=portal_url, lang=lang
        ).send_mail(self.id, force_send=True)
        return True
