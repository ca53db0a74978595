# Part of the clean-room Customer Portal addon. License LGPL-3.
import contextlib

from . import controllers
from . import models
from . import utils
from . import wizard


def _portal_slug(value):
    """Slug ``value`` through the ``ir.http`` of the request being served."""
    from odoo.http import request

    return request.env["ir.http"]._slug(value)


# Inline mail templates (event registrations, for instance) call ``slug(record)``; with the
# portal installed they must slug the way the website being browsed does. Frameworks without
# that registry simply do without it.
with contextlib.suppress(ImportError):
    from odoo.tools.rendering_tools import template_env_globals

    template_env_globals["slug"] = _portal_slug
