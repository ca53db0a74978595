# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models
from odoo.exceptions import AccessDenied, UserError


class ResUsersIdentitycheck(models.TransientModel):
    _inherit = "res.users.identitycheck"

    def _check_identity(self):
        """Count wrong passwords of the identity check like failed logins.

        The portal asks for the password before creating an API key or closing every other
        session. The check of ``base`` turns a wrong password into a UserError, which the
        login cooldown (``res.users._assert_can_auth``) would never see: passwords could then
        be guessed there without slowing down, from a session left open.
        """
        wrong_password = None
        try:
            with self.env["res.users"]._assert_can_auth(user=self.env.uid):
                try:
                    return super()._check_identity()
                except UserError as error:
                    wrong_password = error
                    raise AccessDenied() from error
        except AccessDenied as refusal:
            if wrong_password:
                raise wrong_password from None
            # Refused by the cooldown before the password was even checked.
            raise UserError(refusal.args[0]) from None
