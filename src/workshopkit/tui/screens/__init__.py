"""The screens of the terminal UI, one per file: the workshops list, the workshop (capture
and tagging), voting, ranking, the action list, duplicates, export and the projector; the
base they share, and the workshop screen's parts beside it."""
