"""Reparation agreements: the model, templates, the PDF and its seal."""
