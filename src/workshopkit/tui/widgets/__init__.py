"""Widgets the screens share: the capture bar, the point list and its cells, the breakout
list, titles that fit the window, and the notice of a terminal too small."""
