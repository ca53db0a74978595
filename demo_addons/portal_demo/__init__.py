# Part of the clean-room Customer Portal addon. License LGPL-3.
from . import controllers, models
