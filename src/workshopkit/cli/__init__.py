"""The command line: ``common`` holds what every command shares (the Typer app, output,
errors, settings, argument types); one module per group of commands; ``main`` is the
entry, which imports every command module. No command module imports ``main``."""
