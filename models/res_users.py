# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _inverse_notification_type(self):
        """Update the inbox group of the users whose membership disagrees with their choice.

        ``mail`` writes the group on every user it is given, even when the membership is
        already right. Each ``res.users`` creation gives it the new user (the portal user
        template carries a notification type, so every copy of it does), and each of those
        writes empties the registry caches twice: the xml ids, parameters and groups are then
        read again. For a user created by the grant wizard that was about 90 queries of the
        120 it cost; a portal user is always notified by e-mail, so nothing needed writing.
        """
        inbox_group = self.env.ref("mail.group_mail_notification_type_inbox", False)
        if not inbox_group:
            return super()._inverse_notification_type()
        users_to_update = self.filtered(
            lambda user: (user.notification_type == "inbox") != (inbox_group in user.groups_id)
        )
        if users_to_update:
            return super(ResUsers, users_to_update)._inverse_notification_type()
        return None
