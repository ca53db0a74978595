# Part of the clean-room Customer Portal addon. License LGPL-3.
{
    "name": "Customer Portal Demo Documents",
    "summary": "A small business addon built only on the portal's extension points",
    "category": "Hidden",
    "license": "LGPL-3",
    "depends": ["portal"],
    "data": [],
}
