# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import http
from odoo.http import request

from odoo.addons.web.controllers import home as web_home
from odoo.addons.web.controllers.utils import is_user_internal


def _is_logged_in_customer():
    """Whether the visitor is logged in with a user that has no access to the back-office."""
    uid = request.session.uid
    return bool(request.db and uid and not is_user_internal(uid))


class Home(web_home.Home):
    """Send portal users to their ``/my`` space instead of the back-office."""

    @http.route()
    def index(self, *args, **kw):
        """Open ``/my`` for portal users, keeping the request parameters."""
        if _is_logged_in_customer():
            return request.redirect_query("/my", query=request.params)
        return super().index(*args, **kw)

    @http.route()
    def web_client(self, s_action=None, **kw):
        """Open ``/my`` for portal users who follow a back-office link.

        The parameters are kept: a deep link such as ``/odoo/<model>/<id>`` ends on ``/my``
        with a ``subpath`` parameter.
        """
        if _is_logged_in_customer():
            return request.redirect_query("/my", query=request.params)
        return super().web_client(s_action=s_action, **kw)

    def _login_redirect(self, uid, redirect=None):
        """Land portal users on ``/my`` after logging in, unless a target was given."""
        if not redirect and not is_user_internal(uid):
            redirect = "/my"
        return super()._login_redirect(uid, redirect=redirect)
