"""``workshopkit dupes``: list near-duplicate points, merge them, and undo a merge."""

from typing import Annotated

import typer
from rich.text import Text

from workshopkit.cli.common import WorkshopArg, command, err, fail, out, store_settings
from workshopkit.core.dupes import SCORER, THRESHOLD, Pair
from workshopkit.core.text import one_line


def _pair_lines(pair: Pair) -> list[Text]:
    return [
        Text(f"{pair.percent:>3}  {pair.first.ref:<4} {one_line(pair.first.text)}"),
        Text(f"     {pair.second.ref:<4} {one_line(pair.second.text)}"),
    ]


@command("dupes")
def dupes(
    ctx: typer.Context,
    workshop: WorkshopArg,
    merge: Annotated[
        bool, typer.Option("--merge", help="Merge every pair listed, keeping the earlier point.")
    ] = False,
    undo: Annotated[
        str | None,
        typer.Option("--undo", metavar="REF", help="Put back a point a merge absorbed."),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(help=f"Lowest score (50–100) that counts as a duplicate ({SCORER})."),
    ] = THRESHOLD,
) -> None:
    """List near-duplicate points (within and across breakouts), or merge them.

    Each pair shows its score, 0–100: the texts compared word for word, ignoring case,
    punctuation and word order. A merge keeps one point, takes in the other's tags and
    dots (within the caps), and can be undone with --undo.
    """
    if merge and undo is not None:
        raise fail("Give either --merge or --undo REF, not both.", 2)
    with store_settings(ctx).store() as store:
        slug = store.slug(workshop)
        if undo is not None:
            _undo(store, slug, undo)
        elif merge:
            _merge_all(store, slug, threshold)
        else:
            _list(store, slug, threshold)


def _list(store, slug: str, threshold: float) -> None:
    pairs = store.find_duplicates(slug, threshold)
    if not pairs:
        err.print(Text(f"No near-duplicate points in {slug} at a cut-off of {threshold:g}."))
        return
    for pair in pairs:
        for line in _pair_lines(pair):
            out.print(line)
    count = f"{len(pairs)} pair{'' if len(pairs) == 1 else 's'}"
    err.print(
        Text(
            f"{count} scoring {threshold:g} or more ({SCORER}, 0–100). Merge them all, "
            f"keeping the earlier point: workshopkit dupes {slug} --merge"
            + ("" if threshold == THRESHOLD else f" --threshold {threshold:g}")
        )
    )


def _merge_all(store, slug: str, threshold: float) -> None:
    merged, left = store.merge_duplicates(slug, threshold)
    if not merged:
        err.print(Text(f"No near-duplicate points to merge in {slug} at {threshold:g}."))
    for pair, result in merged:
        took = ", ".join(result.changes) or "nothing to add"
        out.print(
            Text(
                f"Merged {pair.second.ref} into {pair.first.ref} ({pair.percent}): {took}. "
                f"{pair.second.ref} was: {one_line(pair.second.text)}"
            )
        )
    for pair, why in left:
        out.print(
            Text(
                f"Left {pair.first.ref} and {pair.second.ref} ({pair.percent}): {why}; "
                "run dupes again to see what is left."
            )
        )
    for _pair, result in merged:
        for line in result.excess:
            err.print(Text(f"Note: {line}"))
    if merged:
        example = merged[0][0].second.ref
        err.print(Text(f"Undo one with: workshopkit dupes {slug} --undo {example}"))


def _undo(store, slug: str, ref: str) -> None:
    result = store.unmerge(slug, ref)
    restored, kept = result.restored, result.kept
    out.print(
        Text(
            f"Put back {restored.ref} ({restored.votes} votes), which was merged into "
            f"{kept.ref} ({kept.votes} votes now): {one_line(restored.text)}"
        )
    )
    for line in result.left:
        err.print(Text(f"Note: {line}."))
