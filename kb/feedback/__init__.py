"""Readers' feedback, collected by the team's own server and read by writers.

The site sends three beacons when mkdocs.yml's extra.kb.feedback_endpoint is set
(overrides/assets/kb/kb.js): a "Was this page helpful?" vote with its reason, a search
that found nothing, and a request-router description that matched no request type.

- beacons: the strict schema of each beacon, and the pages and languages it may name;
- redact: e-mail addresses, phone numbers and serial numbers removed before storage;
- store: SQLite (default) or PostgreSQL, written in batches that are committed before
  any beacon in them is acknowledged;
- limits: what the collector remembers for a while, in memory only: each client's rate, and
  the page views that voted in the last minutes (a second vote of theirs is not stored);
- collector: the ASGI application (Starlette) behind `kb feedback serve`;
- report: `kb feedback report`: articles grouped by their English source with a row per
  language, ranked by the Wilson lower bound of their share of No votes, then each language's
  searches, descriptions and topics; as a table, JSON or an HTML file."""
