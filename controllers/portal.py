# Part of the clean-room Customer Portal addon. License LGPL-3.
import math
import re
from urllib.parse import quote

from passlib.exc import PasswordSizeError
from passlib.utils import MAX_PASSWORD_SIZE
from werkzeug.exceptions import BadRequest
from werkzeug.urls import url_decode, url_encode, url_parse

from odoo import SUPERUSER_ID, http
from odoo.exceptions import AccessDenied, AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import consteq, single_email_re

# Headers that keep the account and security pages out of frames served by other sites.
_FRAME_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
}


def _same_token(received, expected):
    """Compare two tokens in constant time, whatever characters the visitor sent."""
    if not isinstance(received, str) or not isinstance(expected, str):
        return False
    # ``consteq`` refuses ``str`` holding non-ASCII characters: compare the UTF-8 bytes.
    return consteq(received.encode("utf-8"), expected.encode("utf-8"))


def _is_blank(value):
    """Whether a submitted value is empty or made of blanks only."""
    return not value or (isinstance(value, str) and not value.strip())


def _text_params(params):
    """Keep the submitted values that are text, dropping the others as if never sent.

    A multipart form may send a file where a text field is expected: its value is then a
    ``FileStorage``, which must neither be written on a record nor reach code that expects
    a string.
    """
    return {key: value for key, value in params.items() if isinstance(value, str)}


def pager(url, total, page=1, step=30, scope=5, url_args=None):
    """Compute the values the ``portal.pager`` template renders for a paginated list.

    :param str url: URL of the first page; page ``n`` lives at ``<url>/page/<n>``
    :param int total: number of records of the list
    :param page: requested page number (anything that is not a positive integer means 1)
    :param int step: records per page
    :param int scope: how many page links are shown around the current page
    :param dict url_args: query parameters added to every page URL
    :return: dict with ``page_count``, ``offset``, ``page``, ``page_first``, ``page_start``,
        ``page_previous``, ``page_next``, ``page_end``, ``page_last`` (each ``{url, num}``)
        and ``pages`` (the list of shown pages)
    :rtype: dict
    """
    page_count = int(math.ceil(float(total) / step))
    try:
        page = int(page) if str(page).isdigit() else 1
    except ValueError:  # thousands of digits, or digits int() does not read (superscripts)
        page = 1
    page = max(min(page, page_count), 1)

    span = scope - 1
    pmin = max(page - int(math.floor(span / 2)), 1)
    pmax = min(pmin + span, page_count)
    if pmax - pmin < span:
        pmin = pmax - span if pmax - span > 0 else 1

    def get_url(num):
        page_url = url if num <= 1 else f"{url}/page/{num}"
        if url_args:
            page_url = f"{page_url}?{url_encode(url_args)}"
        return page_url

    def page_values(num):
        return {"url": get_url(num), "num": num}

    return {
        "page_count": page_count,
        "offset": (page - 1) * step,
        "page": page_values(page),
        "page_first": page_values(1),
        "page_start": page_values(pmin),
        "page_previous": page_values(max(pmin, page - 1)),
        "page_next": page_values(min(pmax, page + 1)),
        "page_end": page_values(pmax),
        "page_last": page_values(page_count),
        "pages": [page_values(num) for num in range(pmin, pmax + 1)],
    }


def get_records_pager(ids, current):
    """Return the links to the documents before and after ``current`` in a visited list.

    ``ids`` is the list of ids the visitor last saw on a list page (kept in the HTTP
    session). Neighbours the visitor can no longer read are left out: a link carrying the
    access token of a document the visitor could not open by himself would share it.

    :param list ids: ids of the records of the list, in display order
    :param current: the record shown on the page
    :return: ``{'prev_record': url or falsy, 'next_record': url or falsy}``, or ``{}`` when
        ``current`` is not part of the list or has no URL
    :rtype: dict
    """
    if not ids or current.id not in ids:
        return {}
    if "access_url" in current:
        url_attribute = "access_url"
    elif "website_url" in current:
        url_attribute = "website_url"
    else:
        return {}

    readable_ids = _readable_ids(current, ids)
    index = readable_ids.index(current.id)
    prev_id = readable_ids[index - 1] if index > 0 else False
    next_id = readable_ids[index + 1] if index < len(readable_ids) - 1 else False
    return {
        "prev_record": _record_pager_url(current.browse(prev_id), url_attribute),
        "next_record": _record_pager_url(current.browse(next_id), url_attribute),
    }


def _readable_ids(current, ids):
    """Keep, in order, the ids of ``ids`` that exist and that the visitor may read.

    The current record always stays in the list: the visitor is looking at it.
    """
    env = request.env if request else current.env
    readable = env[current._name].browse(ids).exists()._filtered_access("read")
    readable_set = set(readable.ids) | {current.id}
    return [record_id for record_id in ids if record_id in readable_set]


def _record_pager_url(record, url_attribute):
    """URL of a neighbour for the record pager, or the falsy recordset when there is none."""
    if not record:
        return record
    url = record[url_attribute]
    if url_attribute == "access_url" and url:
        return f"{url}?access_token={record._portal_ensure_token()}"
    return url


def _build_url_w_params(url_string, query_params, remove_duplicates=True):
    """Merge ``query_params`` into the query string of ``url_string``.

    :param str url_string: the URL to complete
    :param dict query_params: parameters to set (values may be lists for repeated keys)
    :param bool remove_duplicates: keep one value per key, the new one winning; when false,
        every existing value is kept and the new ones are appended
    :return: the URL with the merged query string
    :rtype: str
    """
    url = url_parse(url_string)
    params = {}
    for key, value in url_decode(url.query).items(multi=True):
        values = params.setdefault(key, [])
        if not (remove_duplicates and values):
            values.append(value)
    for key, value in (query_params or {}).items():
        new_values = list(value) if isinstance(value, (list, tuple)) else [value]
        if remove_duplicates:
            params[key] = new_values[-1:]
        else:
            params.setdefault(key, []).extend(new_values)
    return url.replace(query=url_encode(params)).to_url()


def _changes_record(record, values):
    """Tell whether writing ``values`` on ``record`` would change any of its fields.

    Values are compared the way the ORM stores them (a many2one id given as an int, a blank
    text given as ``""`` or ``False``...). Relational lists and unknown names always count as
    changes, and so does a value the field cannot convert: the write then reports it.
    """
    for name, value in values.items():
        field = record._fields.get(name)
        if field is None or field.type in ("one2many", "many2many"):
            return True
        try:
            new_value = field.convert_to_write(
                field.convert_to_record(field.convert_to_cache(value, record), record), record
            )
        except (TypeError, ValueError):
            return True
        if (new_value or False) != (field.convert_to_write(record[name], record) or False):
            return True
    return False


def get_error(e, path=""):
    """Return the error message found at the dotted ``path`` of a nested error dict.

    :param e: the errors, a nested dict of messages or any value
    :param str path: keys separated by dots, e.g. ``"password.old"``
    :return: the message when it is a string, else None
    :rtype: str or None
    """
    for key in path.split(".") if path else []:
        if not isinstance(e, dict):
            return None
        e = e.get(key)
    return e if isinstance(e, str) else None


class CustomerPortal(http.Controller):
    """Pages of the customer's personal space under ``/my`` and helpers for document pages."""

    _items_per_page = 80

    # ------------------------------------------------------------------
    # Helpers shared with the business addons
    # ------------------------------------------------------------------

    def _prepare_portal_layout_values(self):
        """Values common to every ``/my`` page, before any document count.

        :return: a new dict with ``sales_user`` (the customer's salesperson, or an empty
            ``res.users``) and ``page_name``
        :rtype: dict
        """
        partner_sudo = request.env.user.partner_id.sudo()
        sales_user_sudo = request.env["res.users"].sudo()
        for candidate in (partner_sudo.user_id, partner_sudo.commercial_partner_id.user_id):
            if candidate and not candidate._is_public():
                sales_user_sudo = candidate
                break
        return {
            "sales_user": sales_user_sudo,
            "page_name": "home",
        }

    def _prepare_home_portal_values(self, counters):
        """Document counts of the home page; business addons add the counters they own.

        :param list counters: names of the requested counters (``[]`` on a full render)
        :return: a dict ``{counter name: value}``
        :rtype: dict
        """
        return {}

    def _document_check_access(self, model_name, document_id, access_token=None):
        """Check that the visitor may open a document, by access rights or by token.

        Business addons may call this method unbound with an unrelated ``self``: it only
        relies on its arguments and on the request.

        :param str model_name: model of the document
        :param int document_id: id of the document
        :param str access_token: token of a shared link, if any
        :return: the document bound to the superuser environment
        :raise MissingError: when the document does not exist
        :raise AccessError: when the visitor may neither read it nor gave its token
        """
        document = request.env[model_name].browse([document_id])
        document_sudo = document.with_user(SUPERUSER_ID).exists()
        if not document_sudo:
            raise MissingError(request.env._("This document does not exist."))
        try:
            document.check_access("read")
        except AccessError:
            # The stored token is only read when one was supplied: some models given to this
            # method have no access_token field at all.
            if not (
                access_token
                and "access_token" in document_sudo._fields
                and document_sudo.access_token
                and _same_token(access_token, document_sudo.access_token)
            ):
                raise
        return document_sudo

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        """Complete the values of a document page: chatter, token and previous/next links.

        :param document: the document shown
        :param str access_token: the token the page was opened with, if any
        :param dict values: the values to complete (modified in place)
        :param str session_history: HTTP-session key of the ids of the last list visited
        :param bool no_breadcrumbs: hide the breadcrumbs (pages opened with a token)
        :return: ``values``
        :rtype: dict
        """
        values["object"] = document
        if access_token:
            values["no_breadcrumbs"] = no_breadcrumbs
            values["access_token"] = access_token
            values["token"] = access_token
        for key in ("error", "warning", "success", "pid", "hash"):
            if kwargs.get(key):
                values[key] = kwargs[key]
        history = request.session.get(session_history, [])
        values.update(get_records_pager(history, document))
        return values

    def _show_report(self, model, report_type, report_ref, download=False):
        """Render a report of documents the caller already checked, as an HTTP response.

        :param model: the documents to print
        :param str report_type: ``html``, ``pdf`` or ``text``
        :param str report_ref: XML id (or record) of the report action
        :param bool download: send the PDF as an attachment instead of inline
        :return: the HTTP response
        :raise UserError: for another report type or documents of several companies
        """
        if report_type not in ("html", "pdf", "text"):
            raise UserError(
                request.env._("Invalid report type: %(report_type)s", report_type=report_type)
            )
        report_sudo = request.env["ir.actions.report"].sudo()
        if "company_id" in model._fields:
            if len(model.company_id) > 1:
                raise UserError(
                    request.env._("Multi company reports are not supported in the portal.")
                )
            report_sudo = report_sudo.with_company(model.company_id)
        render = getattr(report_sudo, f"_render_qweb_{report_type}")
        report = render(report_ref, list(model.ids), data={"report_type": report_type})[0]
        if isinstance(report, str):
            # Encode now so that Content-Length counts bytes, not characters.
            report = report.encode()
        headers = self._get_http_headers(model, report_type, report, download)
        return request.make_response(report, headers=list(headers.items()))

    def _get_http_headers(self, model, report_type, report, download):
        """Headers of a report response.

        :return: a dict of HTTP headers
        :rtype: dict
        """
        headers = {
            "Content-Type": "application/pdf" if report_type == "pdf" else "text/html",
            "Content-Length": len(report),
        }
        if report_type == "pdf":
            filename = re.sub(r"\W+", "_", model._get_report_base_filename()) + ".pdf"
            headers["Content-Disposition"] = content_disposition(
                filename, disposition_type="attachment" if download else "inline"
            )
        return headers

    def _get_mandatory_fields(self):
        """Fields the account form requires; a new list on every call.

        :rtype: list
        """
        return ["name", "phone", "email", "street", "city", "country_id"]

    def _get_optional_fields(self):
        """Fields the account form accepts without requiring them; a new list on every call.

        :rtype: list
        """
        return ["street2", "zipcode", "state_id", "vat", "company_name"]

    def details_form_validate(self, data, partner_creation=False):
        """Validate the submitted account details.

        :param dict data: the submitted values; the VAT may be normalised in place
        :param bool partner_creation: the values describe a new partner, not the current
            user's one (no edit locks apply)
        :return: ``(error, error_message)``: field name -> ``'missing'``/``'error'``, and the
            messages to show
        :rtype: tuple(dict, list)
        """
        env = request.env
        error = {}
        error_message = []
        # Country-dependent field lists (l10n addons) read the raw submitted value.
        request.update_context(portal_form_country_id=data.get("country_id", ""))
        partner = env.user.partner_id
        partner_can_edit_vat = partner.can_edit_vat()
        can_edit_vat = partner_creation or partner_can_edit_vat
        mandatory_fields = self._get_mandatory_fields()
        optional_fields = self._get_optional_fields()
        known_fields = set(mandatory_fields) | set(optional_fields)

        for field_name in mandatory_fields:
            if field_name == "country_id" and not partner_can_edit_vat:
                # The current user's country input is disabled: the current country is kept.
                continue
            if _is_blank(data.get(field_name)):
                error[field_name] = "missing"
                if field_name == "zipcode":
                    error["zip"] = "missing"

        self._details_form_check_nul(data, known_fields, error, error_message)

        if (
            "email" not in error
            and not _is_blank(data.get("email"))
            and not single_email_re.match(data["email"])
        ):
            error["email"] = "error"
            error_message.append(env._("Invalid email address. Please enter a valid one."))

        country = self._details_form_country(data, error, error_message)
        self._details_form_state(data, country, error, error_message)

        if not partner_creation:
            self._details_form_check_locks(
                partner, data, error, error_message, can_edit_vat=can_edit_vat
            )

        if (
            "vat" not in error
            and data.get("vat")
            and data["vat"] != (partner.vat or "")
            and can_edit_vat
        ):
            self._details_form_check_vat(data, country, error, error_message)

        if any(value == "missing" for value in error.values()):
            error_message.append(env._("Some required fields are empty."))

        unknown = [key for key in data if key not in known_fields]
        if unknown:
            error["common"] = "Unknown field"
            error_message.append(
                env._("Unknown field(s): %(fields)s", fields=", ".join(map(str, unknown)))
            )
        return error, error_message

    def _details_form_check_nul(self, data, field_names, error, error_message):
        """Flag the submitted fields holding a NUL character, which no text column can store.

        Refused here, on the field concerned, the value never reaches the database, where it
        would fail the whole request.
        """
        flagged = False
        for field_name in sorted(field_names):
            value = data.get(field_name)
            if isinstance(value, str) and "\x00" in value:
                error[field_name] = "error"
                if field_name == "zipcode":
                    # The form marks the zip input with this key.
                    error["zip"] = "error"
                flagged = True
        if flagged:
            error_message.append(
                request.env._(
                    "Some fields contain characters that cannot be saved (NUL characters)."
                )
            )

    def _details_form_country(self, data, error, error_message):
        """Return the submitted country, flagging a value that names no country."""
        raw = data.get("country_id")
        if _is_blank(raw):
            return request.env["res.country"]
        country = self._browse_submitted(request.env["res.country"], raw)
        if not country:
            error["country_id"] = "error"
            error_message.append(request.env._("Please select a valid country."))
        return country

    def _details_form_state(self, data, country, error, error_message):
        """Flag a submitted state that does not exist or lies in another country."""
        raw = data.get("state_id")
        if _is_blank(raw):
            return
        state = self._browse_submitted(request.env["res.country.state"], raw)
        if not state or (country and state.country_id != country):
            error["state_id"] = "error"
            error_message.append(request.env._("Please select a state of the selected country."))

    def _browse_submitted(self, model, raw):
        """Return the record a submitted id names (sudo, existing), or an empty recordset."""
        try:
            record_id = int(raw)
        except (TypeError, ValueError):
            return model.browse()
        if not 0 < record_id < 2**31:
            return model.browse()
        return model.sudo().browse(record_id).exists()

    def _details_form_check_locks(self, partner, data, error, error_message, can_edit_vat=None):
        """Refuse changes of the fiscal identity the partner's edit rules have frozen.

        Issued documents (invoices, orders...) freeze the name, VAT, company name and
        country; the form disables those inputs, and a forged submission must not get
        around it.

        :param bool can_edit_vat: ``partner.can_edit_vat()`` when the caller already knows it
        """
        env = request.env
        commercial = partner.commercial_partner_id
        if can_edit_vat is None:
            can_edit_vat = partner.can_edit_vat()
        vat_locked = not can_edit_vat or (commercial != partner and not commercial.can_edit_vat())
        if "name" in data and data["name"] != partner.name and not partner._can_edit_name():
            error["name"] = "error"
            error_message.append(
                env._(
                    "Changing your name is not allowed once documents have been issued for "
                    "your account. Please contact us directly for this operation."
                )
            )
        if not vat_locked:
            return
        if "vat" in data and (data["vat"] or "") != (partner.vat or ""):
            error["vat"] = "error"
            error_message.append(
                env._(
                    "Changing VAT number is not allowed once documents have been issued for "
                    "your account. Please contact us directly for this operation."
                )
            )
        current_company_names = {partner.company_name or "", partner.commercial_company_name or ""}
        if "company_name" in data and (data["company_name"] or "") not in current_company_names:
            error["company_name"] = "error"
            error_message.append(
                env._(
                    "Changing your company name is not allowed once documents have been issued "
                    "for your account. Please contact us directly for this operation."
                )
            )

    def _details_form_check_vat(self, data, country, error, error_message):
        """Normalise and validate a new VAT number when the ``base_vat`` checks exist."""
        Partner = request.env["res.partner"]
        if not hasattr(Partner, "check_vat"):
            return
        if country:
            data["vat"] = Partner.fix_eu_vat_number(country.id, data["vat"])
        partner_dummy = Partner.new({"vat": data["vat"], "country_id": country.id or False})
        try:
            partner_dummy.check_vat()
        except ValidationError as exception:
            error["vat"] = "error"
            error_message.append(exception.args[0])

    def on_account_update(self, values, partner):
        """Hook called just before ``/my/account`` writes ``values`` on ``partner``."""

    def _update_password(self, old, new1, new2):
        """Change the current user's password after checking the old one.

        :return: values to merge into the security page's qcontext (``errors`` or
            ``success``)
        :rtype: dict
        """
        env = request.env
        for key, value in (("old", old), ("new1", new1), ("new2", new2)):
            if not value:
                return {
                    "errors": {"password": {key: env._("You cannot leave any password empty.")}}
                }
        if new1 != new2:
            return {
                "errors": {
                    "password": {
                        "new2": env._("The new password and its confirmation must be identical.")
                    }
                }
            }
        if len(new1.encode()) > MAX_PASSWORD_SIZE:
            # The hashing library refuses such passwords: say so instead of failing.
            return {"errors": {"password": {"new1": env._("The new password is too long.")}}}
        users = env["res.users"]
        try:
            # Same throttle as the login form: a stolen session must not allow guessing the
            # password, which would then let the thief lock the owner out.
            with users._assert_can_auth(user=env.uid):
                try:
                    users.change_password(old, new1)
                except PasswordSizeError as error:
                    # Count it as a failed attempt like any other wrong password.
                    raise AccessDenied() from error
        except (AccessDenied, PasswordSizeError) as error:
            # A password longer than the hashing library accepts cannot be the right one.
            message = error.args[0] if isinstance(error, AccessDenied) and error.args else ""
            if not message or message == AccessDenied().args[0]:
                message = env._(
                    "The old password you provided is incorrect, your password was not changed."
                )
            return {"errors": {"password": {"old": message}}}
        except UserError as error:
            return {"errors": {"password": str(error)}}
        # The password is part of the session token: renew it so this session stays valid.
        request.session.session_token = env.user._compute_session_token(request.session.sid)
        return {"success": {"password": True}}

    # ------------------------------------------------------------------
    # Routes
    # ------------------------------------------------------------------

    @http.route("/my/counters", type="json", auth="user", website=True, readonly=True)
    def counters(self, counters=None, **kw):
        """Return the requested home-page counters and remember which ones are non-zero.

        Without ``counters``, no counter is asked for: the answer is empty. (An empty list is
        not the same request: business addons read it as a full home-page render.)

        :raise BadRequest: when ``counters`` is not a list of counter names.
        """
        if counters is None:
            return {}
        if not isinstance(counters, list) or not all(isinstance(name, str) for name in counters):
            raise BadRequest(request.env._("The counters must be given as a list of names."))
        values = self._prepare_home_portal_values(counters)
        cache = dict(request.session.get("portal_counters") or {})
        updated = dict(cache)
        updated.update(
            {key: bool(value) for key, value in values.items() if key.endswith("_count")}
        )
        if updated != cache:
            request.session["portal_counters"] = updated
        return values

    @http.route(["/my", "/my/home"], type="http", auth="user", website=True)
    def home(self, **kw):
        """The customer's home page: one card per kind of document."""
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_home_portal_values([]))
        return request.render("portal.portal_my_home", values)

    @http.route("/my/account", type="http", auth="user", website=True)
    def account(self, redirect=None, **post):
        """Show and save the customer's contact details."""
        # Files sent in place of the form's text fields count as not sent at all.
        submitted = bool(post)
        post = _text_params(post)
        if not isinstance(redirect, str):
            redirect = None
        values = self._prepare_portal_layout_values()
        partner = request.env.user.partner_id
        values.update({"error": {}, "error_message": []})
        # Asked once: business addons answer it by searching the documents issued to the partner.
        can_edit_vat = partner.can_edit_vat()

        if submitted and request.httprequest.method == "POST":
            submitted_country = post.get("country_id")
            if not can_edit_vat:
                # The disabled country select posts nothing: keep the current country.
                post["country_id"] = str(partner.country_id.id) if partner.country_id else ""
            error, error_message = self.details_form_validate(post)
            if (
                not can_edit_vat
                and submitted_country not in (None, post["country_id"])
                and "country_id" not in error
            ):
                error["country_id"] = "error"
                error_message.append(
                    request.env._(
                        "Changing your country is not allowed once documents have been issued "
                        "for your account. Please contact us directly for this operation."
                    )
                )
            # Re-display what was typed. Only form fields are copied: other keys could
            # shadow the page's own values (partner, user_id, request...) and break it.
            form_fields = set(self._get_mandatory_fields()) | set(self._get_optional_fields())
            values.update({key: value for key, value in post.items() if key in form_fields})
            values.update({"error": error, "error_message": error_message})
            if not error:
                written = self._save_account_details(
                    partner, post, values, can_edit_vat=can_edit_vat
                )
                if written:
                    return request.redirect(redirect or "/my/home")

        values.update(
            {
                "partner": partner,
                # Searched with the values the form shows: one query each.
                "countries": request.env["res.country"].sudo().search_fetch([], ["name"]),
                "states": request.env["res.country.state"]
                .sudo()
                .search_fetch([], ["name", "country_id"]),
                "has_check_vat": hasattr(request.env["res.partner"], "check_vat"),
                "partner_can_edit_vat": can_edit_vat,
                "redirect": redirect,
                "page_name": "my_details",
            }
        )
        return request.render("portal.portal_my_details", values, headers=_FRAME_HEADERS)

    def _save_account_details(self, partner, post, values, can_edit_vat=None):
        """Write the validated account details; return False (and set errors) on failure.

        :param bool can_edit_vat: ``partner.can_edit_vat()`` when the caller already knows it
        """
        partner_values = {name: post[name] for name in self._get_mandatory_fields()}
        partner_values.update(
            {name: post[name] for name in self._get_optional_fields() if name in post}
        )
        for field_name in ("country_id", "state_id"):
            if field_name in partner_values:
                try:
                    partner_values[field_name] = int(partner_values[field_name])
                except (TypeError, ValueError):
                    partner_values[field_name] = False
        partner_values["zip"] = partner_values.pop("zipcode", "")
        if can_edit_vat is None:
            can_edit_vat = partner.can_edit_vat()
        if not can_edit_vat:
            # Validation refused any change of these: leave the stored values untouched.
            partner_values.pop("vat", None)
            partner_values.pop("company_name", None)
        self.on_account_update(partner_values, partner)
        if not _changes_record(partner.sudo(), partner_values):
            # Saving the form unchanged writes nothing: no write date, no recomputation.
            return True
        try:
            # A failing constraint must leave the partner untouched.
            with request.env.cr.savepoint():
                partner.sudo().write(partner_values)
        except (UserError, ValidationError) as error:
            values["error"] = {"common": "error"}
            values["error_message"] = [error.args[0]]
            return False
        return True

    @http.route("/my/security", type="http", auth="user", website=True, methods=["GET", "POST"])
    def security(self, **post):
        """Password change, API keys and account deletion."""
        # A password sent as a file counts as an empty one.
        post = _text_params(post)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "get_error": get_error,
                "allow_api_keys": bool(
                    request.env["ir.config_parameter"].sudo().get_param("portal.allow_api_keys")
                ),
                "open_deactivate_modal": False,
            }
        )
        if request.httprequest.method == "POST":
            values.update(
                self._update_password(
                    (post.get("old") or "").strip(),
                    (post.get("new1") or "").strip(),
                    (post.get("new2") or "").strip(),
                )
            )
        return request.render("portal.portal_my_security", values, headers=_FRAME_HEADERS)

    @http.route("/my/deactivate_account", type="http", auth="user", website=True, methods=["POST"])
    def deactivate_account(self, validation=None, password=None, **post):
        """Delete the portal user's account once the login and password are confirmed."""
        # Values sent as files count as not sent: a file password is a wrong password, and
        # is counted as such by the login throttle below.
        validation = validation if isinstance(validation, str) else None
        password = password if isinstance(password, str) else None
        post = _text_params(post)
        values = self._prepare_portal_layout_values()
        values.update({"get_error": get_error, "open_deactivate_modal": True})
        user = request.env.user
        if validation != user.login:
            values["errors"] = {"deactivate": "validation"}
            return request.render("portal.portal_my_security", values, headers=_FRAME_HEADERS)
        try:
            # Same throttle as the login form: repeated wrong passwords put the caller's
            # address on cooldown, during which even the right password is refused.
            with user._assert_can_auth(user=user.id):
                try:
                    user._check_credentials(
                        {"login": user.login, "password": password or "", "type": "password"},
                        {"interactive": True},
                    )
                except PasswordSizeError as error:
                    # A password longer than the hashing library accepts cannot be the right
                    # one: count it as a failed attempt.
                    raise AccessDenied() from error
        except AccessDenied as error:
            message = error.args[0] if error.args else ""
            if message and message != AccessDenied().args[0]:
                # Refused by the cooldown, not by the password itself: say why.
                values["errors"] = {"deactivate": {"other": message}}
            else:
                values["errors"] = {"deactivate": "password"}
            return request.render("portal.portal_my_security", values, headers=_FRAME_HEADERS)
        message = request.env._("Account deleted!")
        try:
            # A refusal half-way must not leave the account half-deleted.
            with request.env.cr.savepoint():
                user.sudo()._deactivate_portal_user(**post)
        except (AccessDenied, UserError) as error:
            # Internal users, for instance, may not delete their own account.
            values["errors"] = {
                "deactivate": {"other": str(error.args[0] if error.args else error)}
            }
            return request.render("portal.portal_my_security", values, headers=_FRAME_HEADERS)
        request.session.logout(keep_db=True)
        return request.redirect(f"/web/login?message={quote(message)}")

    @http.route("/portal/attachment/remove", type="json", auth="public")
    def attachment_remove(self, attachment_id=None, access_token=None):
        """Delete an attachment uploaded from the portal composer but not yet posted.

        The visitor must give the attachment's own access token, or be allowed to delete it
        by the attachment's access rules (a pending upload belongs to the user who sent it).
        """
        env = request.env
        try:
            attachment_sudo = self._document_check_access(
                "ir.attachment", int(attachment_id), access_token=access_token
            )
            if not (
                access_token
                and attachment_sudo.access_token
                and _same_token(access_token, attachment_sudo.access_token)
            ):
                # Reading an attachment is not owning it: internal users may read every
                # pending upload, but may only delete their own.
                env["ir.attachment"].browse(attachment_sudo.id).check("unlink")
        except (AccessError, MissingError, TypeError, ValueError) as error:
            raise UserError(
                env._("The attachment does not exist or you do not have the rights to access it.")
            ) from error
        if attachment_sudo.res_model != "mail.compose.message" or attachment_sudo.res_id != 0:
            raise UserError(
                env._(
                    "The attachment %(name)s cannot be removed because it is not in a pending "
                    "state.",
                    name=attachment_sudo.name,
                )
            )
        linked_message = (
            env["mail.message"]
            .sudo()
            .search([("attachment_ids", "in", attachment_sudo.ids)], limit=1)
        )
        if linked_message:
            raise UserError(
                env._(
                    "The attachment %(name)s cannot be removed because it is linked to a message.",
                    name=attachment_sudo.name,
                )
            )
        return attachment_sudo.sudo().unlink()
