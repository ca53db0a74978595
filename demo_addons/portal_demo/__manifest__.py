# Part of the clean-room Customer Portal addon. License LGPL-3.
{
    "name": "Customer Portal Demo Documents",
    "summary": "A small business addon built only on the portal's extension points",
    "description": """
Demo documents shared with customers through the portal: a list page with pager, sorting,
filters and search, a home-page card with its counter, a document page with an HTML report
and a chatter, and a back-office menu to manage them.
""",
    "category": "Hidden",
    "license": "LGPL-3",
    "depends": ["portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/portal_demo_security.xml",
        "report/portal_demo_report.xml",
        "views/portal_demo_document_views.xml",
        "views/portal_demo_templates.xml",
    ],
    "demo": [
        "data/portal_demo_demo.xml",
    ],
}
