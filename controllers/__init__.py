# Part of the clean-room Customer Portal addon. License LGPL-3.
from . import attachment
from . import mail
from . import message_reaction
from . import portal
from . import thread
from . import web
