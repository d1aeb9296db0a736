"""Choosing a new workshop's slug: the title's slug, numbered when it is taken."""

from sqlalchemy import Connection, select

from workshopkit.core.text import slugify
from workshopkit.store.models import Workshop


def free_slug(connection: Connection, title: str) -> str:
    """``title``'s slug, or the first of ``slug-2``, ``slug-3``… not taken in the store.

    Tombstoned workshops keep their slugs: a restored one must find its own.
    """
    base = slugify(title)
    taken = set(
        connection.execute(
            select(Workshop.slug).where(Workshop.slug.startswith(base, autoescape=True))
        ).scalars()
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
