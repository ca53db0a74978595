# Part of the clean-room Customer Portal addon. License LGPL-3.
from . import controllers
from . import models
from . import utils
from . import wizard


def _portal_slug(value):
    """Slug ``value`` through the ``ir.http`` of the request being served."""
    from odoo.http import request  # noqa: PLC0415 - resolved at render time on purpose

    return request.env["ir.http"]._slug(value)


# Inline mail templates (event registrations, for instance) call ``slug(record)``; with the
# portal installed they must slug the way the website being browsed does.
try:
    from odoo.tools.rendering_tools import template_env_globals
except ImportError:
    pass
else:
    template_env_globals["slug"] = _portal_slug
