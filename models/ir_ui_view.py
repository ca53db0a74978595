# Part of the clean-room Customer Portal addon. License LGPL-3.
from odoo import fields, models


class IrUiView(models.Model):
    _inherit = "ir.ui.view"

    # Set from the ``customize_show`` attribute of ``<template>`` elements; marks the
    # optional extensions a designer may switch on or off.
    customize_show = fields.Boolean(string="Show As Optional Inherit", default=False)
