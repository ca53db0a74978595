# Part of the clean-room Customer Portal addon. License LGPL-3.
"""Query counts and wall times of the portal's hot paths, on a large dataset.

Run by ``tools/bench`` through pytest-odoo with ``--odoo-http``; this folder is outside
``tests/`` so ``tools/test`` never collects it. Settings come from the environment:

* ``PORTAL_BENCH_RUNS``: measured runs of each light path (default 5);
* ``PORTAL_BENCH_HEAVY_RUNS``: measured runs of each grant of 200 contacts (default 2);
* ``PORTAL_BENCH_SHARE_RUNS``: measured runs of the share with 50 partners (default: as
  many as the light paths);
* ``PORTAL_BENCH_OUTPUT``: where the raw results are written as JSON;
* ``PORTAL_BENCH_ONLY``: comma-separated keys of the paths to measure (default all);
* ``PORTAL_BENCH_SQL_LOG``: comma-separated keys of the paths whose queries (of the last
  measured run) are written to the standard error, to see where they come from.

Every path is run once to warm the caches, then measured. Before each run, pending writes
are flushed and the test environment's cache is cleared, as ``@warmup`` and
``assertQueryCount`` do; queries are counted on the test cursor, which the HTTP requests
share, over the whole request or call (trailing flush included). A path's figures are the
smallest query count and the median wall time of its measured runs. Paths that write are
rolled back after each run so that every run starts from the same data.
"""

import json
import logging
import os
import re
import smtplib
import statistics
import sys
import time
from contextlib import closing, contextmanager, nullcontext
from datetime import date, timedelta
from unittest.mock import patch

import odoo
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

RUNS = max(int(os.environ.get("PORTAL_BENCH_RUNS") or 5), 1)
HEAVY_RUNS = max(int(os.environ.get("PORTAL_BENCH_HEAVY_RUNS") or 2), 1)
SHARE_RUNS = max(int(os.environ.get("PORTAL_BENCH_SHARE_RUNS") or RUNS), 1)
OUTPUT = os.environ.get("PORTAL_BENCH_OUTPUT")


def _keys(variable):
    return {key.strip() for key in (os.environ.get(variable) or "").split(",") if key.strip()}


ONLY = _keys("PORTAL_BENCH_ONLY")
SQL_LOG = _keys("PORTAL_BENCH_SQL_LOG")

DOCUMENT_COUNT = 1000
MESSAGE_COUNT = 1000
CONTACT_COUNT = 200
SHARE_COUNT = 50
FETCH_LIMIT = 30
# Contacts of the small company whose grant warms the caches before the big one.
WARM_CONTACT_COUNT = 3
# Names of a wizard-level grant of all lines at once, tried when lines refuse a batch call.
BATCH_WIZARD_METHODS = ("action_grant_access", "action_grant_access_all", "action_grant_all")


def _progress(message):
    """Tell the person waiting what the benchmark is doing (pytest captures nothing with -s)."""
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def _refuse_smtp(*args, **kwargs):
    raise AssertionError("the benchmark must never open an SMTP connection")


class _ListHandler(logging.Handler):
    def __init__(self, records):
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record):
        self.records.append(record.getMessage())


@contextmanager
def _captured_queries():
    """Collect the queries the cursors log at debug level, without printing them."""
    logger = logging.getLogger("odoo.sql_db")
    queries = []
    handler = _ListHandler(queries)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@tagged("-standard", "post_install", "-at_install", "portal_bench")
class PortalBenchmark(HttpCase):
    """Builds the dataset once, then measures every hot path in one test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = time.perf_counter()
        _progress("building the dataset...")
        # Bulk creation: no tracking messages, creation logs or automatic followers.
        env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        cls.country = env.ref("base.be")
        cls.customer_values = {
            "name": "Bea Bench",
            "email": "bea.bench@example.com",
            "phone": "+32 2 555 10 10",
            "street": "Rue du Banc 1",
            "city": "Brussels",
            "zip": "1000",
            "country_id": cls.country.id,
        }
        cls.user_customer = new_test_user(
            env,
            login="bench.customer",
            password="bench.customer",
            groups="base.group_portal",
            **cls.customer_values,
        )
        cls.customer = cls.user_customer.partner_id
        cls.user_manager = new_test_user(
            env,
            login="bench.manager",
            groups="base.group_user,base.group_partner_manager",
            name="Max Manager",
            email="max.manager@example.com",
        )

        cls.documents = env["portal.demo.document"].create(
            [
                {
                    "name": f"BENCH/{index:04d}",
                    "partner_id": cls.customer.id,
                    "amount": 10.0 * index,
                    "date": date(2025, 1, 1) + timedelta(days=index % 365),
                }
                for index in range(1, DOCUMENT_COUNT + 1)
            ]
        )
        cls.chatter_document = cls.documents[0]
        cls.chatter_token = cls.chatter_document._portal_ensure_token()
        cls.share_document = cls.documents[1]
        comment_id = env.ref("mail.mt_comment").id
        authors = (cls.customer.id, cls.user_manager.partner_id.id)
        env["mail.message"].create(
            [
                {
                    "body": f"<p>Message number {index} about this document.</p>",
                    "message_type": "comment",
                    "subtype_id": comment_id,
                    "model": cls.chatter_document._name,
                    "res_id": cls.chatter_document.id,
                    "author_id": authors[index % 2],
                }
                for index in range(MESSAGE_COUNT)
            ]
        )

        Partner = env["res.partner"]
        cls.company = cls._create_company(Partner, "Bench Staffing", "staffing", CONTACT_COUNT)
        cls.warm_company = cls._create_company(Partner, "Warm Up", "warmup", WARM_CONTACT_COUNT)
        cls.share_partners = Partner.create(
            [
                {"name": f"Reader {index:02d}", "email": f"reader{index:02d}@share.example.com"}
                for index in range(SHARE_COUNT)
            ]
        )
        env.flush_all()
        cls.cr.flush()
        cls.setup_seconds = time.perf_counter() - started
        _progress(f"dataset built in {cls.setup_seconds:.0f} s")

    @classmethod
    def _create_company(cls, Partner, name, slug, contact_count):
        """A company without e-mail (so the wizard skips it) and its e-mailed contacts."""
        company = Partner.create({"name": name, "is_company": True, "country_id": cls.country.id})
        Partner.create(
            [
                {
                    "name": f"{name} Contact {index:03d}",
                    "email": f"contact{index:03d}@{slug}.example.com",
                    "parent_id": company.id,
                }
                for index in range(contact_count)
            ]
        )
        return company

    def setUp(self):
        super().setUp()
        # Odoo's own test runner marks the running test; mail servers then stay in test mode
        # (no SMTP connection) and requests check that they belong to this test.
        previous = odoo.modules.module.current_test
        odoo.modules.module.current_test = self
        self.addCleanup(setattr, odoo.modules.module, "current_test", previous)
        smtp_guard = patch.object(smtplib.SMTP, "connect", _refuse_smtp)
        smtp_guard.start()
        self.addCleanup(smtp_guard.stop)

    # ------------------------------------------------------------------
    # Measurement
    # ------------------------------------------------------------------

    def _measure(self, key, label, action, runs=RUNS, check=None, rollback=False, warm=None):
        """Warm ``action`` once (or ``warm`` instead), then measure it ``runs`` times.

        :param str key: stable name of the path in the results
        :param str label: the path as the table shows it
        :param action: callable running the path; its result goes to ``check``
        :param check: callable failing the benchmark when a run did not do its job
        :param bool rollback: undo each run's writes before the next one
        :param warm: callable run instead of ``action`` to warm the caches
        :return: the row of results, or None when the path is not among those asked for
        :rtype: dict
        """
        if ONLY and key not in ONLY:
            return None
        counts, times = [], []
        for index in range(runs + 1):
            measured = index > 0
            logged = key in SQL_LOG and index == runs
            savepoint = self.cr.savepoint(flush=True) if rollback else None
            with closing(savepoint) if savepoint else nullcontext():
                self.env.flush_all()
                self.cr.flush()
                self.env.invalidate_all()
                # as assertQueryCount does: no random garbage collection in the measured call
                with (
                    patch("random.random", lambda: 1),
                    _captured_queries() if logged else nullcontext([]) as queries,
                ):
                    before = self.cr.sql_log_count
                    start = time.perf_counter()
                    result = action() if measured or warm is None else warm()
                    self.env.flush_all()
                    self.cr.flush()
                    elapsed = (time.perf_counter() - start) * 1000.0
                    count = self.cr.sql_log_count - before
                if check is not None and (measured or warm is None):
                    check(result)
            if savepoint:
                self.env.invalidate_all()
            if logged:
                _progress(f"queries of {label}, last run:")
                sys.stderr.write("".join(f"  {query}\n" for query in queries))
            if measured:
                counts.append(count)
                times.append(elapsed)
        row = {
            "key": key,
            "label": label,
            "queries": min(counts),
            "median_ms": round(statistics.median(times), 1),
            "runs": runs,
            "queries_per_run": counts,
            "ms_per_run": [round(value, 1) for value in times],
        }
        _progress(f"{label}: {row['queries']} queries, {row['median_ms']} ms")
        return row

    # ------------------------------------------------------------------
    # HTTP helpers
    # ------------------------------------------------------------------

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _rpc(self, route, params):
        return self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}),
            headers={"Content-Type": "application/json"},
        )

    def _check_status(self, status, location=None):
        def check(response):
            self.assertEqual(response.status_code, status, response.text[:500])
            if location:
                self.assertTrue(response.headers.get("Location", "").endswith(location))

        return check

    def _check_rpc(self, validate=None):
        def check(response):
            self.assertEqual(response.status_code, 200, response.text[:500])
            answer = response.json()
            self.assertNotIn("error", answer, answer.get("error"))
            if validate:
                validate(answer["result"])

        return check

    # ------------------------------------------------------------------
    # Paths
    # ------------------------------------------------------------------

    def _bench_customer_pages(self):
        """The customer's own pages, signed in."""
        self.authenticate("bench.customer", "bench.customer")
        rows = [
            self._measure(
                "my_home",
                "GET `/my/home` (portal user)",
                lambda: self._get("/my/home"),
                check=self._check_status(200),
            ),
            self._measure(
                "my_counters",
                "`/my/counters` (JSON, no counters asked)",
                lambda: self._rpc("/my/counters", {"counters": []}),
                check=self._check_rpc(lambda result: self.assertIsInstance(result, dict)),
            ),
            self._measure(
                "my_account_get",
                "GET `/my/account`",
                lambda: self._get("/my/account"),
                check=self._check_status(200),
            ),
        ]
        page = self._get("/my/account").text
        match = re.search(r'name="csrf_token"\s+value="([^"]+)"', page)
        self.assertTrue(match, "the account page carries no CSRF token")
        form = {
            key: value
            for key, value in self.customer_values.items()
            if key not in ("zip", "country_id")
        }
        form.update(
            {
                "zipcode": self.customer_values["zip"],
                "country_id": str(self.country.id),
                "csrf_token": match.group(1),
            }
        )
        rows += [
            self._measure(
                "my_account_post",
                "POST `/my/account` (valid data)",
                lambda: self.url_open("/my/account", data=form, allow_redirects=False),
                check=self._check_status(303, "/my/home"),
                rollback=True,
            ),
            self._measure(
                "my_security",
                "GET `/my/security`",
                lambda: self._get("/my/security"),
                check=self._check_status(200),
            ),
        ]
        document = self.chatter_document

        def check_page(response):
            self._check_status(200)(response)
            self.assertIn(document.name, response.text)

        rows.append(
            self._measure(
                "document_page",
                "GET `/my/demo_documents/<id>` with its chatter (1,000 messages)",
                lambda: self._get(f"/my/demo_documents/{document.id}"),
                check=check_page,
            )
        )
        return rows

    def _bench_token_chatter(self):
        """The chatter of the document holding 1,000 messages, opened by a token holder."""
        self.authenticate(None, None)
        thread = {
            "thread_model": self.chatter_document._name,
            "thread_id": self.chatter_document.id,
            "token": self.chatter_token,
        }
        post_params = dict(
            thread,
            post_data={
                "body": "<p>A question from the customer.</p>",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        )
        return [
            self._measure(
                "chatter_init",
                "`/portal/chatter_init` with access token (1,000 messages)",
                lambda: self._rpc("/portal/chatter_init", thread),
                check=self._check_rpc(lambda result: self.assertTrue(result)),
            ),
            self._measure(
                "chatter_fetch",
                "`/mail/chatter_fetch` with access token, 30 of 1,000",
                lambda: self._rpc("/mail/chatter_fetch", dict(thread, limit=FETCH_LIMIT)),
                check=self._check_rpc(
                    lambda result: self.assertEqual(len(result["messages"]), FETCH_LIMIT)
                ),
            ),
            self._measure(
                "chatter_post",
                "`/mail/message/post` with access token",
                lambda: self._rpc("/mail/message/post", post_params),
                check=self._check_rpc(lambda result: self.assertTrue(result)),
                rollback=True,
            ),
        ]

    def _bench_document_fields(self):
        """Portal fields and tokens of 1,000 documents, read by an employee."""
        ids = self.documents.ids

        def read_fields():
            # As the web client and the share dialog ask for them: through read(), with the
            # employee's access rights and record rules checked.
            records = self.env["portal.demo.document"].with_user(self.user_manager).browse(ids)
            return [
                (values["access_url"], values["access_warning"])
                for values in records.read(["access_url", "access_warning"])
            ]

        def check_fields(values):
            self.assertEqual(len(values), DOCUMENT_COUNT)
            self.assertTrue(all(url.startswith("/my/demo_documents/") for url, _w in values))

        def ensure_tokens():
            records = self.env["portal.demo.document"].with_user(self.user_manager).browse(ids)
            return [record._portal_ensure_token() for record in records]

        def check_tokens(tokens):
            self.assertEqual(len(set(tokens)), DOCUMENT_COUNT)

        return [
            self._measure(
                "access_fields",
                "`access_url` + `access_warning` on 1,000 documents",
                read_fields,
                check=check_fields,
            ),
            self._measure(
                "ensure_tokens",
                "`_portal_ensure_token()` on 1,000 documents",
                ensure_tokens,
                check=check_tokens,
                rollback=True,
            ),
        ]

    def _bench_share(self):
        """One document shared with 50 partners by an employee."""
        document = self.share_document
        partners = self.share_partners
        Message = self.env["mail.message"]
        domain = [("model", "=", document._name), ("res_id", "=", document.id)]
        messages_before = Message.search_count(domain)

        def share():
            wizard = (
                self.env["portal.share"]
                .with_user(self.user_manager)
                .with_context(active_model=document._name, active_id=document.id)
                .create({"partner_ids": [Command.set(partners.ids)], "note": "Please have a look."})
            )
            return wizard.action_send_mail()

        def check(_result):
            self.assertEqual(Message.search_count(domain) - messages_before, SHARE_COUNT)
            self.assertEqual(
                set(document.message_partner_ids.ids) & set(partners.ids), set(partners.ids)
            )

        return [
            self._measure(
                "share_50",
                "share with 50 partners",
                share,
                runs=SHARE_RUNS,
                check=check,
                rollback=True,
            )
        ]

    def _open_grant_wizard(self, company):
        return (
            self.env["portal.wizard"]
            .with_user(self.user_manager)
            .with_context(active_model="res.partner", active_ids=company.ids)
            .create({})
        )

    def _grantable_lines(self, wizard):
        return wizard.user_ids.filtered(lambda line: line.partner_id.email)

    def _grant_line_by_line(self, company):
        wizard = self._open_grant_wizard(company)
        lines = self._grantable_lines(wizard)
        for line in lines:
            line.action_grant_access()
        return company

    def _check_granted(self, company):
        contacts = company.child_ids
        users = self.env["res.users"].search([("partner_id", "in", contacts.ids)])
        self.assertEqual(len(users), len(contacts))
        self.assertTrue(all(user._is_portal() for user in users))

    def _find_batched_grant(self):
        """Return how the wizard grants many lines at once, or None when it cannot.

        Tried on the small company, rolled back: first a grant called on several lines at
        once, then a grant method of the wizard itself.
        """
        with closing(self.cr.savepoint(flush=True)):
            wizard = self._open_grant_wizard(self.warm_company)
            try:
                self._grantable_lines(wizard).action_grant_access()
            except ValueError as error:
                if "singleton" not in str(error):
                    raise
            else:
                self._check_granted(self.warm_company)
                self.env.invalidate_all()
                return "lines"
        self.env.invalidate_all()
        wizard = self.env["portal.wizard"]
        for name in BATCH_WIZARD_METHODS:
            if callable(getattr(wizard, name, None)):
                return name
        return None

    def _grant_batched(self, company, how):
        wizard = self._open_grant_wizard(company)
        if how == "lines":
            self._grantable_lines(wizard).action_grant_access()
        else:
            getattr(wizard, how)()
        return company

    def _bench_grant(self):
        """Portal access for 200 contacts of one company, line by line and batched."""
        _progress(f"granting access to {CONTACT_COUNT} contacts, {HEAVY_RUNS} run(s)...")
        company, warm_company = self.company, self.warm_company
        rows = [
            self._measure(
                "grant_200",
                "grant access to 200 contacts, one line action each",
                lambda: self._grant_line_by_line(company),
                runs=HEAVY_RUNS,
                check=self._check_granted,
                rollback=True,
                warm=lambda: self._grant_line_by_line(warm_company),
            )
        ]
        how = self._find_batched_grant()
        if how is None:
            _progress("the grant wizard has no batched grant: only the line-by-line row")
            return rows
        label = (
            "grant access to 200 contacts, all lines in one call"
            if how == "lines"
            else f"grant access to 200 contacts, wizard `{how}()`"
        )
        rows.append(
            self._measure(
                "grant_200_batched",
                label,
                lambda: self._grant_batched(company, how),
                runs=HEAVY_RUNS,
                check=self._check_granted,
                rollback=True,
                warm=lambda: self._grant_batched(warm_company, how),
            )
        )
        return rows

    # ------------------------------------------------------------------
    # The benchmark
    # ------------------------------------------------------------------

    def test_portal_hot_paths(self):
        """Measure every hot path and write the raw results."""
        rows = []
        rows += self._bench_customer_pages()
        rows += self._bench_token_chatter()
        rows += self._bench_document_fields()
        rows += self._bench_share()
        if not ONLY or ONLY & {"grant_200", "grant_200_batched"}:
            rows += self._bench_grant()
        rows = [row for row in rows if row]
        self.assertTrue(rows, f"no path matches {sorted(ONLY)}")
        self.cr.execute("SHOW server_version")
        results = {
            "rows": rows,
            "runs": RUNS,
            "heavy_runs": HEAVY_RUNS,
            "share_runs": SHARE_RUNS,
            "setup_seconds": round(self.setup_seconds, 1),
            "postgresql": self.cr.fetchone()[0],
            "odoo": odoo.release.version,
            "dataset": {
                "documents": DOCUMENT_COUNT,
                "chatter_messages": MESSAGE_COUNT,
                "contacts": CONTACT_COUNT,
                "share_partners": SHARE_COUNT,
            },
        }
        if OUTPUT:
            with open(OUTPUT, "w", encoding="utf-8") as output:
                json.dump(results, output, indent=2)
