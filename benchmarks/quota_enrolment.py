"""Seat quotas under a rush (issue #16): 200 simultaneous enrolment requests from 5 agencies
into a cohort of 60 seats, three agencies holding quotas (12, 10 and 8 seats).

Run from the repository root, on PostgreSQL (real row locks; SQLite serialises writers):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govlab \\
        .venv/bin/python benchmarks/quota_enrolment.py --workers 20

Builds a throw-away test database from the migrations (bench_quotas), the scenario of
tests/courses/test_quota_concurrency.py (tests/courses/quota_rush.py), then sends the 200
requests from `--workers` threads, each with its own connection. Prints the wall time for the
200, how many were seated and waitlisted (and of those, told the seats left are reserved), the
seats taken against the capacity and each agency's seats against its quota.
"""

import argparse
import time

from _django import setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument(
        "--without-quotas", action="store_true", help="the same rush with no seat reserved"
    )
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = "bench_quotas"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from courses.models import Enrollment
        from tests.courses import quota_rush

        rush = quota_rush.build(with_quotas=not args.without_quotas)
        started = time.perf_counter()
        outcomes = quota_rush.run(rush, workers=args.workers)
        elapsed = time.perf_counter() - started
        rush.cohort.refresh_from_db()
        seated = quota_rush.seated_by_agency(rush.cohort)
        waitlisted = [o for o in outcomes if o.status == Enrollment.Status.WAITLISTED]
        reserved = [o for o in waitlisted if "reserved" in o.message or "สงวน" in o.message]
        lines = [
            f"database: {connection.vendor}, {len(outcomes)} requests, {args.workers} threads,"
            f" {'no quotas' if args.without_quotas else 'quotas 12, 10, 8'}",
            f"time for the {len(outcomes)}: {elapsed:.2f} s"
            f" ({len(outcomes) / elapsed:.0f} requests/s)",
            f"seated: {len(outcomes) - len(waitlisted)}; waitlisted (refused a seat):"
            f" {len(waitlisted)}, of which told the seats left are reserved: {len(reserved)}",
            f"seats taken: {rush.cohort.seats_taken} of {rush.cohort.capacity}",
        ]
        for name, quota in quota_rush.AGENCIES.items():
            reserved = f"quota {quota}" if quota and not args.without_quotas else "no quota"
            lines.append(f"  {name}: {seated[name]} seated, {reserved}")
        print("\n".join(lines))  # noqa: T201
    finally:
        connection.creation.destroy_test_db("bench_quotas", verbosity=0)


if __name__ == "__main__":
    main()
