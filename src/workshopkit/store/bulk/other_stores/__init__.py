"""Merging another laptop's store into this one: ``merge.py`` runs it from the parts here."""
