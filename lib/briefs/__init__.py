"""Donor and edition briefs as PDF: the document as plain data (drawn from ``lib.summary``), typeset by Typst with
``brief.typ``.
"""
