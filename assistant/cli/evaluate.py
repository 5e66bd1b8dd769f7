"""`eval` and `eval-assignments`: answer quality on labelled sets, the ledger against
hand-labelled notices."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import click

from assistant.cli.app import cli, json_option, store_option, verbose_option


@cli.command(
    "eval",
    short_help="answer quality on a labelled set, 'alqac' or --feedback",
    help="Retrieval and answer quality on a labelled set: FILE (.jsonl questions: the seed set, "
    "or the dev set with its tune/test halves) or 'alqac'; or --feedback.",
)
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--feedback",
    is_flag=True,
    help="print the answers users marked 👎 as a review list in the dev-set format (JSONL)",
)
@store_option
@click.option("--notices", type=click.Path(path_type=Path), help="folder the questions are about")
@click.option("--no-baseline", is_flag=True, help="skip the naive baseline")
@json_option("the report as JSON")
@click.option("--limit", type=int, help="only the first N questions")
@click.option(
    "--followups",
    type=click.Path(path_type=Path),
    help="dev set: follow-up chains (default: dev_followups.jsonl)",
)
@click.option(
    "--corpora",
    type=click.Path(path_type=Path),
    help="dev set: folder the congbao/ paths are relative to",
)
@click.option(
    "--half",
    type=click.Choice(["tune", "test", "both"]),
    default="both",
    help="dev set: which half",
)
@click.option(
    "--check-floors",
    is_flag=True,
    help="dev set: exit 1 when the test half is below the issue's floors",
)
@verbose_option
def eval_command(**options) -> int:
    from assistant.eval.evaluation import main as eval_main

    if options["file"] is None and not options["feedback"]:
        raise click.UsageError("give a questions file, 'alqac', or --feedback")
    return eval_main(eval_args(options))


def eval_args(options: dict) -> SimpleNamespace:
    """The eval command's options as the attributes `assistant.evaluation.main` reads."""
    return SimpleNamespace(**{("json" if k == "as_json" else k): v for k, v in options.items()})


@cli.command(
    "eval-assignments",
    short_help="the ledger against hand-labelled notices",
    help="Recall, precision and deadline accuracy of the ledger on hand-labelled notices: the "
    "seed notices, and the tune and test halves of the gazette (congbao) label set. Exits 1 "
    "when the test half is below the floors (recall, precision, deadline ISO accuracy >= "
    "0.90) or the seeds below 1.00.",
)
@click.option(
    "--seeds",
    type=click.Path(path_type=Path),
    default=Path("tests/fixtures/seed_assignments.json"),
    show_default=True,
    help="seed labels",
)
@click.option(
    "--seed-notices",
    type=click.Path(path_type=Path),
    default=Path("data/notices"),
    show_default=True,
    help="folder of the seed notices",
)
@click.option(
    "--labels",
    type=click.Path(path_type=Path),
    default=Path("tests/fixtures/assignments/congbao.json"),
    show_default=True,
    help="corpus labels split into tune/test halves",
)
@click.option(
    "--corpora",
    type=click.Path(path_type=Path),
    default=Path("../shared/corpora"),
    show_default=True,
    help="folder the corpus label paths are relative to",
)
@click.option("--seeds-only", is_flag=True, help="only the seeds (no corpora on this machine)")
@click.option(
    "--show",
    multiple=True,
    type=click.Choice(["seeds", "tune", "test"]),
    help="list misses, unexpected records and wrong dates of this set (repeatable)",
)
@json_option("the figures as one JSON object")
@verbose_option
def eval_assignments_command(
    seeds, seed_notices, labels, corpora, seeds_only, show, as_json
) -> int:
    from assistant.eval import ledger as ledger_eval

    results = {"seeds": ledger_eval.run_seed_eval(seed_notices, seeds)}
    if not seeds_only:
        results.update(ledger_eval.run_split_eval(corpora, labels))
    failures = ledger_eval.floor_failures(results)
    if as_json:
        details = ("missed", "unexpected", "wrong_deadlines")
        figures = {
            name: {k: v for k, v in result.items() if name in show or k not in details}
            for name, result in results.items()
        }
        click.echo(json.dumps({"results": figures, "failures": failures}, ensure_ascii=False))
    else:
        click.echo(ledger_eval.format_summary(results))
        for name in show:
            if name in results:
                click.echo(f"\n[{name}]\n" + ledger_eval.format_report(results[name]))
        for failure in failures:
            click.echo(f"below the floor: {failure}")
    return 1 if failures else 0
