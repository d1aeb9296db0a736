"""Errors a user can cause and understand. Each carries one line saying what to do."""


class WorkshopkitError(Exception):
    """A refused action: the message is shown to the user as it is."""


class NotFound(WorkshopkitError):
    """An unknown workshop, breakout or ref."""


class Ambiguous(WorkshopkitError):
    """A prefix that matches more than one thing."""


class VoteRefused(WorkshopkitError):
    """A vote that breaks a budget, a cap or another voting rule."""


class BudgetSpent(VoteRefused):
    """The voter has no dots left in the breakout; each interface says how to free one."""


class StoreError(WorkshopkitError):
    """The store cannot be opened, read or written."""


class NewerStore(StoreError):
    """The store was written by a newer workshopkit and is left untouched."""


class ExportRefused(WorkshopkitError):
    """An export that would overwrite a file or write outside its folder."""
