"""`dmap` — run the local stack, the services, the demo, and manage contracts."""

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError

from dmap.errors import CliError, explain
from dmap.stack import StackError
from schemas.topics import TOPICS
from services.runtime.auth.roles import ORGANISATIONS, Role
from services.runtime.logging import configure_logging
from services.runtime.settings import REPO_ROOT, SERVICES, Settings

SCHEMA_DIR = REPO_ROOT / "schemas" / "json"


def _stack(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.stack import local

    if args.action == "status":
        for name, state in local.status(settings).items():
            print(f"{name:<14} {state}")
        return 0
    lines = local.up(settings) if args.action == "up" else local.down(settings)
    print("\n".join(lines))
    return 0


def _classify(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.classify import classify_lines, evaluate, write_jsonl
    from services.planning.domain.opinion import Classifier
    from services.planning.rules import classifier_rules, shipped_classifier

    if args.file == "retrain":
        return _retrain(args, settings)
    try:
        source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise CliError(f"cannot read {args.file}: {exc.strerror}", 2) from None
    classifier = Classifier(classifier_rules()) if args.rules_only else shipped_classifier()
    with source:
        if args.evaluate:
            try:
                labelled = [json.loads(line) for line in source if line.strip()]
                print(evaluate(labelled, classifier, name=args.file).table())
            except (ValueError, KeyError, TypeError) as exc:
                raise CliError(
                    f"{args.file} is not labelled JSON Lines ({{text, categories}}): {exc!r}", 2
                ) from None
            return 0
        rows = list(classify_lines(source, classifier))
    write_jsonl(rows, sys.stdout)
    return 1 if any("error" in r for r in rows) else 0


def _retrain(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.retrain import retrain, ship

    done = ship() if args.ship else asyncio.run(retrain(settings))
    state = "activated" if done.activated else "unchanged (already active)"
    if args.ship:
        state = "shipped"
    print(
        f"model {done.version}: {done.examples} examples ({done.corrections} corrections), "
        f"{state} in {done.where}"
    )
    return 0


def _review(args: argparse.Namespace, settings: Settings) -> int:
    import os

    from dmap.review import send_review

    token = args.token or os.environ.get("DMAP_TOKEN")
    if not token:
        print(
            "error: give a planner or approver token with --token or DMAP_TOKEN",
            file=sys.stderr,
        )
        return 2
    adoption = None
    if args.decision == "approve":
        if not (args.decision_number and args.decision_date and args.signatory):
            print(
                "error: approve needs --decision-number, --decision-date and --signatory",
                file=sys.stderr,
            )
            return 2
        adoption = {
            "decision_number": args.decision_number,
            "decision_date": args.decision_date,
            "signatories": args.signatory,
        }
    sent = send_review(
        settings, token, args.municipality, args.decision, args.version, args.comment, adoption
    )
    what = f"review {sent['review_id']}: {args.decision} {sent['plan_id']} v{sent['version']}"
    if sent["outcome"] == "refused":
        print(f"{what} refused by planning: {sent['reason']}", file=sys.stderr)
        return 1
    if sent["outcome"] == "pending":
        print(f"{what} sent; planning has not applied it yet", file=sys.stderr)
        return 3
    print(f"{what} applied")
    return 0


def _duration(text: str) -> timedelta:
    from dmap.tokens import duration

    return duration(text)


def _token(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime

    from dmap.tokens import ScopeError, create_token, list_tokens, revoke_token, scope_for

    if args.action == "create":
        if not args.role or not args.name:
            print("error: token create needs --role and --name", file=sys.stderr)
            return 2
        role = Role(args.role)
        try:
            scope = scope_for(role, args.municipality, args.all_municipalities)
        except ScopeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        try:
            token_id, secret = asyncio.run(
                create_token(
                    settings,
                    args.name,
                    role,
                    args.expires_in,
                    scope,
                    args.school,
                    args.organisation,
                )
            )
        except ScopeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        until = ""
        if args.expires_in:
            until = f"  expires: {datetime.now(UTC) + args.expires_in:%Y-%m-%d %H:%M} UTC"
        print(f"token id: {token_id}  role: {args.role}  name: {args.name}{until}")
        narrower = f", school {args.school}" if args.school else ""
        narrower += f", organisation {args.organisation}" if args.organisation else ""
        print(f"acts for: {_scope(scope)}{narrower}")
        print(f"token:    {secret}")
        print("Keep it now: only its hash is stored. Use it as 'Authorization: Bearer <token>'.")
    elif args.action == "list":
        for t in asyncio.run(list_tokens(settings)):
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
            if not t.revoked_at and t.expires_at:
                verb = "expired" if t.expires_at <= datetime.now(UTC) else "expires"
                state = f"{verb} {t.expires_at:%Y-%m-%d}"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            print(
                f"{t.token_id}  {t.role:<10} {state:<18} last used {used:<16}  "
                f"for {_scope(t.municipalities):<20}  {t.name}"
            )
    else:
        if not args.token_id:
            print("error: token revoke needs the token id", file=sys.stderr)
            return 2
        try:
            token_id = UUID(args.token_id)
        except ValueError:
            raise CliError(
                f"{args.token_id!r} is not a token id (a UUID, as `dmap token list` shows)", 2
            ) from None
        done = asyncio.run(revoke_token(settings, token_id))
        print("revoked" if done else "no active token with that id")
        return 0 if done else 1
    return 0


def _scope(municipalities: Iterable[str] | None) -> str:
    return "all municipalities" if municipalities is None else ",".join(sorted(municipalities))


def _reporting(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.reach import require_kafka
    from services.reporting.app import HERE
    from services.reporting.rebuild import rebuild
    from services.runtime.auth.http import MIGRATIONS as AUTH
    from services.runtime.database import apply_migrations, create_pool

    async def run() -> None:
        pool = await create_pool(settings.dsn, 2)
        try:
            await apply_migrations(pool, "auth", AUTH)
            await apply_migrations(pool, "reporting", HERE / "migrations", outbox=True)
            done = await rebuild(settings, pool, from_snapshots=args.from_snapshots)
        finally:
            await pool.close()
        print(
            f"read {done.read} events, applied {done.applied}, "
            f"skipped {done.skipped_invalid} invalid and {done.skipped_failed} that failed "
            "when applied (the live consumers dead-lettered them)"
        )
        if args.from_snapshots:
            print(
                f"restored {done.restored} working drafts from plan-snapshots.v1 and left out "
                f"the {done.covered} drafts on plans.v1 they hold"
            )
        for origin in done.skipped:
            print(f"  skipped {origin}")

    require_kafka(settings)
    asyncio.run(run())
    return 0


def _dlq(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.dlq import dlq_topics, list_dead_letters, replay
    from dmap.reach import require_kafka

    if args.outbox:
        return _outbox_dlq(args, settings, [args.outbox])
    require_kafka(settings)
    topics = [args.topic] if args.topic else dlq_topics()
    if args.action == "list":
        for topic in topics:
            letters = asyncio.run(list_dead_letters(settings, topic))
            print(f"{topic}: {len(letters)} dead letter(s)")
            for d in letters[-args.limit :]:
                print(f"  #{d.offset} {d.time} {d.service} key={d.key} {d.size} B: {d.error}")
        return 0 if args.topic else _outbox_dlq(args, settings, list(SERVICES))
    if not args.topic:
        print(
            "error: replay needs --topic (e.g. consultations.v1.dlq) or --outbox (e.g. planning)",
            file=sys.stderr,
        )
        return 2
    done = asyncio.run(replay(settings, args.topic))
    print(f"replayed {len(done)} message(s) from {args.topic}")
    for d in done:
        print(f"  #{d.offset} key={d.key} (was: {d.error.splitlines()[0][:100]})")
    return 0


def _outbox_dlq(args: argparse.Namespace, settings: Settings, schemas: list[str]) -> int:
    """Outbox rows too large to publish: listed per service, or put back into its outbox."""
    from dmap.dlq import list_outbox_dead_letters, replay_outbox

    if args.action == "replay":
        done = asyncio.run(replay_outbox(settings, schemas[0]))
        print(f"replayed {len(done)} row(s) into the {schemas[0]} outbox")
        for b in done:
            print(f"  #{b.id} {b.topic} key={b.key} {b.size} B (was: {b.reason[:100]})")
        return 0
    for schema in schemas:
        rows = asyncio.run(list_outbox_dead_letters(settings, schema))
        waiting = [b for b in rows if b.replayed_at is None]
        print(f"{schema} outbox: {len(rows)} dead letter(s), {len(waiting)} not replayed")
        for b in rows[-args.limit :]:
            state = f"replayed {b.replayed_at:%Y-%m-%d %H:%M}" if b.replayed_at else "waiting"
            print(
                f"  #{b.id} {b.buried_at:%Y-%m-%d %H:%M:%S} {b.topic} key={b.key} "
                f"{b.size} B, {state}: {b.reason[:160]}"
            )
    return 0


def _provision(_args: argparse.Namespace, settings: Settings) -> int:
    import os

    from dmap.stack.provision import SERVICES, provision

    keys = [f"DMAP_{s.upper()}_DB_PASSWORD" for s in SERVICES]
    missing = [k for k in keys if not os.environ.get(k)]
    if missing:
        print(f"error: set {', '.join(missing)} (one password per service role)", file=sys.stderr)
        return 2
    asyncio.run(provision(settings, {k: os.environ[k] for k in keys}))
    print(f"roles {', '.join(f'dmap_{s}' for s in SERVICES)} own their schemas")
    return 0


def _topics(_args: argparse.Namespace, settings: Settings) -> int:
    from dmap.reach import require_kafka
    from services.runtime.kafka import ensure_topics

    require_kafka(settings)
    created = asyncio.run(ensure_topics(settings, timeout_s=15))
    print(f"created: {', '.join(created)}" if created else "all topics present")
    return 0


def _kafka(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.reach import require_kafka
    from dmap.stack.kafka_access import create_integrator, group_prefix

    require_kafka(settings)
    user, password = create_integrator(settings, args.integrator)
    print(f"user:     {user}")
    print(f"password: {password}   (shown once; store it in the integrator's secret store)")
    print(f"may read: {settings.topic('plans.v1')}, {settings.topic('plan-snapshots.v1')}")
    print(f"groups:   names starting with '{group_prefix(args.integrator)}'")
    print(f"connect:  {settings.bootstrap_servers}, SASL_PLAINTEXT, SCRAM-SHA-512")
    return 0


def _services(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.stack.services import ServiceProcesses

    procs = ServiceProcesses(settings)
    if args.action == "up":
        started = procs.up()
        print(f"started: {', '.join(started) or 'none (already running)'}")
    elif args.action == "down":
        print(f"stopped: {', '.join(procs.down()) or 'none'}")
    for name, state in procs.status().items():
        print(f"{name:<14} {state}")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from dmap.demo import run_demo

    return run_demo(settings, consultations=args.consultations, seed=args.seed)


def _schemas(args: argparse.Namespace, _settings: Settings) -> int:
    from schemas.catalog import json_schemas

    rendered = {
        f"{name}.schema.json": json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, doc in json_schemas().items()
    }
    return _write_or_check(rendered, SCHEMA_DIR, "JSON Schemas", "schemas", check=args.check)


ASYNCAPI_DIR = REPO_ROOT / "docs" / "asyncapi"


def asyncapi_documents() -> dict[str, str]:
    """The AsyncAPI document, its payloads referencing the exported JSON Schema files."""
    from schemas.asyncapi import asyncapi_document

    doc = asyncapi_document(lambda name: f"../../schemas/json/{name}.schema.json")
    return {"asyncapi.json": json.dumps(doc, indent=2, ensure_ascii=False) + "\n"}


def _asyncapi(args: argparse.Namespace, _settings: Settings) -> int:
    return _write_or_check(
        asyncapi_documents(), ASYNCAPI_DIR, "AsyncAPI documents", "asyncapi", check=args.check
    )


OPENAPI_DIR = REPO_ROOT / "docs" / "openapi"


def openapi_documents() -> dict[str, str]:
    """The OpenAPI document of each HTTP service, rendered (building an app connects nothing)."""
    from services.consultations.app import create_app as consultations
    from services.monitoring.app import create_app as monitoring
    from services.planning.app import create_app as planning
    from services.reporting.app import create_app as reporting

    apps = {
        "consultations": consultations,
        "planning": planning,
        "reporting": reporting,
        "monitoring": monitoring,
    }
    return {
        f"{name}.json": json.dumps(make().openapi(), indent=2, ensure_ascii=False, sort_keys=True)
        + "\n"
        for name, make in apps.items()
    }


def _openapi(args: argparse.Namespace, _settings: Settings) -> int:
    return _write_or_check(
        openapi_documents(), OPENAPI_DIR, "OpenAPI documents", "openapi", check=args.check
    )


def _write_or_check(
    rendered: dict[str, str], directory: Path, what: str, command: str, *, check: bool
) -> int:
    """Write generated files, or (check) fail when the committed ones differ."""
    if check:
        stale = [n for n, text in rendered.items() if _read(directory / n) != text]
        extra = {p.name for p in directory.glob("*.json")} - set(rendered)
        if stale or extra:
            print(
                f"stale: {sorted(stale)}; unexpected: {sorted(extra)}. Run `dmap {command} export`."
            )
            return 1
        print(f"{len(rendered)} {what} are up to date")
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in rendered.items():
        (directory / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(rendered)} {what} to {directory}")
    return 0


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


DLQ_TOPICS = [t.name for t in TOPICS if t.name.endswith(".dlq")]
SERVICE_SCHEMAS = list(SERVICES)


def _version() -> str:
    try:
        return version("dmap")
    except PackageNotFoundError:  # run from a tree that was never installed
        return "unknown"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dmap", description=__doc__)
    p.add_argument("--version", action="version", version=f"dmap {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stack = sub.add_parser("stack", help="local Kafka + PostgreSQL (no Docker)")
    stack.add_argument(
        "action",
        choices=["up", "down", "status"],
        help="up: start (idempotent) and create topics; down: stop it and the services",
    )
    stack.set_defaults(run=_stack)
    classify = sub.add_parser(
        "classify",
        help="classify JSON Lines {text, language} with planning's rules and model; "
        "'dmap classify retrain' refits the model with planners' corrections",
    )
    classify.add_argument(
        "file", nargs="?", default="-", help="JSON Lines file (default stdin), or 'retrain'"
    )
    classify.add_argument("--rules-only", action="store_true", help="leave the model out")
    classify.add_argument(
        "--ship",
        action="store_true",
        help="retrain: fit on the corpus alone and write the shipped model file",
    )
    classify.add_argument(
        "--evaluate",
        action="store_true",
        help="input is labelled ({text, categories}); print precision/recall per category",
    )
    classify.set_defaults(run=_classify)
    review = sub.add_parser(
        "review",
        help="approve, send back or submit a plan version; waits for planning's answer "
        "(exit 1 if refused, 3 if none came)",
    )
    review.add_argument("municipality", help="municipality code, e.g. prizren")
    review.add_argument(
        "decision",
        choices=["submit_for_review", "approve", "request_changes", "comment"],
        help="submit_for_review (planner), approve or request_changes (approver), comment",
    )
    review.add_argument("--decision-number", help="approve: the adoption decision's number")
    review.add_argument("--decision-date", help="approve: its date, YYYY-MM-DD")
    review.add_argument(
        "--signatory", action="append", help="approve: a signatory (repeat for each)"
    )
    review.add_argument("--version", type=int, help="version reviewed (default: the current)")
    review.add_argument(
        "--token",
        help="planner token to submit, approver token to decide (default: $DMAP_TOKEN)",
    )
    review.add_argument("--comment", default="", help="a note kept with the decision")
    review.set_defaults(run=_review)
    token = sub.add_parser("token", help="API tokens: create, list, revoke")
    token.add_argument(
        "action", choices=["create", "list", "revoke"], help="what to do with tokens"
    )
    token.add_argument("token_id", nargs="?", help="revoke: the token's id (from `token list`)")
    token.add_argument(
        "--role", choices=[r.value for r in Role], help="create: what the token may do"
    )
    token.add_argument("--name", help="create: who holds it, e.g. 'Consultant Prizren 1'")
    scope = token.add_mutually_exclusive_group()
    scope.add_argument(
        "--municipality",
        action="append",
        metavar="CODE",
        help="planner, approver, school_team, med_focal, partner: a municipality it acts for "
        "(repeat, or CODE,CODE)",
    )
    scope.add_argument(
        "--all-municipalities",
        action="store_true",
        help="planner, approver, med_focal, partner: act for every municipality",
    )
    token.add_argument(
        "--school", help="school_team: the one school it reports for (with one --municipality)"
    )
    token.add_argument(
        "--organisation",
        choices=list(ORGANISATIONS),
        help="partner: the kind of body it reports for (Centre for Social Work, MOCR, "
        "mediator, NGO)",
    )
    token.add_argument(
        "--expires-in", type=_duration, help="refused after this long: 90d, 12h, 2w, 30m"
    )
    token.set_defaults(run=_token)
    reporting = sub.add_parser("reporting", help="reporting read models")
    reporting.add_argument(
        "action", choices=["rebuild"], help="rebuild: re-read the topics and refill the tables"
    )
    reporting.add_argument(
        "--from-snapshots",
        action="store_true",
        help="working drafts from plan-snapshots.v1, not every draft on plans.v1 "
        "(faster; keeps only the newest drafts' diffs: docs/events.md)",
    )
    reporting.set_defaults(run=_reporting)
    dead = sub.add_parser("dlq", help="dead letters: list them, replay them")
    dead.add_argument(
        "action", choices=["list", "replay"], help="list them, or send them back once"
    )
    where = dead.add_mutually_exclusive_group()
    where.add_argument(
        "--topic",
        choices=DLQ_TOPICS,
        metavar="TOPIC",
        help=f"a DLQ topic: {', '.join(DLQ_TOPICS)} (default for list: all, and the outboxes)",
    )
    where.add_argument(
        "--outbox",
        choices=SERVICE_SCHEMAS,
        metavar="SERVICE",
        help="a service's outbox rows too large to publish "
        f"({', '.join(SERVICE_SCHEMAS)}) instead of a topic",
    )
    dead.add_argument("--limit", type=int, default=20, help="entries shown per topic")
    dead.set_defaults(run=_dlq)
    prov = sub.add_parser("provision", help="database roles per service (passwords from env)")
    prov.set_defaults(run=_provision)
    topics = sub.add_parser("topics", help="create missing topics on DMAP_KAFKA_BOOTSTRAP")
    topics.set_defaults(run=_topics)
    kafka = sub.add_parser("kafka", help="accounts on the local Kafka broker")
    kafka_sub = kafka.add_subparsers(dest="what", required=True, metavar="WHAT")
    user = kafka_sub.add_parser("user", help="broker accounts")
    user.add_argument("action", choices=["create"], help="create: a new account")
    user.add_argument(
        "--integrator", required=True, metavar="NAME", help="a read-only account for NAME"
    )
    kafka.set_defaults(run=_kafka)
    svc = sub.add_parser("services", help="the three DMAP services in the background")
    svc.add_argument(
        "action",
        choices=["up", "down", "status"],
        help="up: start and wait until healthy; down: stop; status: pids and addresses",
    )
    svc.set_defaults(run=_services)
    demo = sub.add_parser("demo", help="stack + services + realistic consultations -> plans")
    demo.add_argument("--consultations", type=int, default=360, help="how many records to submit")
    demo.add_argument("--seed", type=int, default=2026, help="random seed of the generated records")
    demo.set_defaults(run=_demo)
    schemas = sub.add_parser("schemas", help="export the JSON Schemas of the contracts")
    schemas.add_argument("action", choices=["export"], help="write schemas/json/")
    schemas.add_argument("--check", action="store_true", help="fail if the files are stale")
    schemas.set_defaults(run=_schemas)
    asyncapi = sub.add_parser("asyncapi", help="export the AsyncAPI document of the topics")
    asyncapi.add_argument("action", choices=["export"], help="write docs/asyncapi/")
    asyncapi.add_argument("--check", action="store_true", help="fail if the file is stale")
    asyncapi.set_defaults(run=_asyncapi)
    openapi = sub.add_parser("openapi", help="export the OpenAPI documents of the services")
    openapi.add_argument("action", choices=["export"], help="write docs/openapi/")
    openapi.add_argument("--check", action="store_true", help="fail if the files are stale")
    openapi.set_defaults(run=_openapi)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (argparse's 2 for usage errors, 0 for --help)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        settings = Settings()
    except ValidationError as exc:  # a DMAP_* variable the user set: say which, no traceback
        for problem in exc.errors():
            where = ".".join(str(part) for part in problem["loc"])
            name = f"DMAP_{where.upper()}: " if where else ""  # a model check names its own
            message = problem["msg"].removeprefix("Value error, ")
            print(f"error: {name}{message}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format, "cli")
    # Connection refusals while the broker boots are expected; failures surface as errors.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        return int(args.run(args, settings))
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        reason = explain(exc)
        if reason is None or settings.log_level.upper() == "DEBUG":
            raise  # a bug: its traceback is what helps
        print(f"error: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
