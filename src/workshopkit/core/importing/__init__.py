"""Reading notes that were written elsewhere: decoding a file, telling what each line
is, and planning the workshop it becomes. Pure: the store writes the plan."""
