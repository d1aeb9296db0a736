"""Sharing the terminal UI in browsers: the access guard (codes, cookies, limits) in
``access``, the server that runs a UI per browser in ``server``, and the one-line
answers to requests that cannot be parsed in ``bad_requests``."""
