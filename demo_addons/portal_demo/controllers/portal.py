# Part of the clean-room Customer Portal addon. License LGPL-3.
import base64
import binascii
from collections import OrderedDict

from werkzeug.exceptions import BadRequest

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# Session key of the ids of the last list page, read by the document page's record pager.
HISTORY_KEY = "my_demo_documents_history"


class DemoDocumentPortal(CustomerPortal):
    """List and detail pages of the demo documents, built on the portal's hooks only."""

    def _prepare_home_portal_values(self, counters):
        """Add the number of demo documents when the home page asks for it."""
        values = super()._prepare_home_portal_values(counters)
        if "demo_document_count" in counters:
            Document = request.env["portal.demo.document"]
            values["demo_document_count"] = (
                Document.search_count(self._demo_document_domain())
                if Document.has_access("read")
                else 0
            )
        return values

    def _demo_document_domain(self):
        """Documents of the current user's commercial entity and of its contacts."""
        partner = request.env.user.partner_id
        return [("partner_id", "child_of", [partner.commercial_partner_id.id])]

    def _demo_document_sortings(self):
        """Sort options of the list page, in display order."""
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name asc, id asc"},
            "amount": {"label": env._("Amount"), "order": "amount desc, id desc"},
        }

    def _demo_document_filters(self):
        """Filter options of the list page."""
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "draft": {"label": env._("Draft"), "domain": [("state", "=", "draft")]},
            "posted": {"label": env._("Posted"), "domain": [("state", "=", "posted")]},
            "cancel": {"label": env._("Cancelled"), "domain": [("state", "=", "cancel")]},
        }

    def _demo_document_search_inputs(self):
        """Fields the search box can look into."""
        env = request.env
        return OrderedDict(
            [
                ("name", {"input": "name", "label": env._("Search in Reference"), "sequence": 1}),
                (
                    "customer",
                    {"input": "customer", "label": env._("Search in Customer"), "sequence": 2},
                ),
            ]
        )

    def _demo_document_search_domain(self, search_in, search):
        """Domain matching ``search`` in the field chosen with ``search_in``."""
        if not search:
            return []
        if search_in == "customer":
            return [("partner_id", "ilike", search)]
        return [("name", "ilike", search)]

    @http.route(
        ["/my/demo_documents", "/my/demo_documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_demo_documents(
        self, page=1, sortby=None, filterby=None, search_in="name", search=None, **kw
    ):
        """List the customer's demo documents with sorting, filters, search and pager."""
        Document = request.env["portal.demo.document"]
        # No text column can hold a NUL character: the database would refuse the search.
        search = search.replace("\x00", "") if isinstance(search, str) else None
        values = self._prepare_portal_layout_values()

        sortings = self._demo_document_sortings()
        filters = self._demo_document_filters()
        search_inputs = self._demo_document_search_inputs()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in search_inputs else "name"

        domain = expression.AND(
            [
                self._demo_document_domain(),
                filters[filterby]["domain"],
                self._demo_document_search_domain(search_in, search),
            ]
        )
        url = "/my/demo_documents"
        pager_values = portal_pager(
            url=url,
            total=Document.search_count(domain),
            page=page,
            step=self._items_per_page,
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
            },
        )
        documents = Document.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager_values["offset"],
        )
        request.session[HISTORY_KEY] = documents.ids[:100]

        values.update(
            {
                "documents": documents,
                "page_name": "demo_document",
                "pager": pager_values,
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": search_inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render("portal_demo.portal_my_demo_documents", values)

    @http.route("/my/demo_documents/<int:document_id>", type="http", auth="public", website=True)
    def portal_my_demo_document(
        self, document_id, access_token=None, report_type=None, download=False, **kw
    ):
        """Show one document to its customer, or to whoever holds its access token."""
        try:
            document_sudo = self._document_check_access(
                "portal.demo.document", document_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")

        if report_type:
            try:
                return self._show_report(
                    model=document_sudo,
                    report_type=report_type,
                    report_ref="portal_demo.action_report_demo_document",
                    download=download,
                )
            except UserError as error:
                raise BadRequest(str(error)) from error

        values = self._prepare_portal_layout_values()
        values.update(
            {
                "document": document_sudo,
                "page_name": "demo_document",
                "report_type": "html",
                # Set by the signing route's redirection, to thank the signer.
                "message": kw.get("message"),
            }
        )
        values = self._get_page_view_values(
            document_sudo, access_token, values, HISTORY_KEY, False, **kw
        )
        return request.render("portal_demo.portal_my_demo_document", values)

    @http.route(
        "/my/demo_documents/<int:document_id>/accept", type="json", auth="public", website=True
    )
    def portal_demo_document_accept(
        self, document_id, access_token=None, name=None, signature=None
    ):
        """Accept a draft document with the customer's signature, which issues it.

        Called by the portal's signature dialog with the signer's ``name`` and the drawn
        ``signature`` (a base64 PNG); the token of a shared link may come in the query string.
        Every refusal is an ``{"error": message}`` answer that the dialog shows, and leaves the
        document unchanged.
        """
        env = request.env
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            document_sudo = self._document_check_access(
                "portal.demo.document", document_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": env._("This document is not available.")}
        if not document_sudo._has_to_be_signed():
            return {"error": env._("This document is not waiting for a signature.")}
        name = name.strip() if isinstance(name, str) else ""
        if not isinstance(signature, str) or not signature:
            return {"error": env._("Signature is missing.")}
        if not name:
            return {"error": env._("Please give the name of the person signing.")}
        try:
            image = base64.b64decode(signature, validate=True)
            # The savepoint keeps the document unchanged when the image cannot be stored.
            with env.cr.savepoint():
                document_sudo.write(
                    {
                        "signature": signature,
                        "signed_by": name,
                        "signed_on": fields.Datetime.now(),
                        "state": "posted",
                    }
                )
        except (binascii.Error, ValueError, UserError):
            return {"error": env._("The signature could not be read as an image.")}

        # An anonymous link holder signs on behalf of the document's customer.
        signer = env.user.partner_id if not env.user._is_public() else document_sudo.partner_id
        document_sudo.message_post(
            body=env._("Signed by %(name)s", name=name),
            author_id=signer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[(f"{document_sudo.name} signature.png", image)],
        )
        return {
            "force_refresh": True,
            "redirect_url": document_sudo.get_portal_url(query_string="&message=sign_ok"),
        }
