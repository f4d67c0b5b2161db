"""The translation queue: which releases need which languages, as jobs, and their workflow.

``jobs`` (the pure rules), ``submission`` (the translator's file and the structure check),
``header`` (the localized header, CLDR), ``glossary`` and ``engine``/``drafts`` (machine
drafts), ``queue`` (the projection), ``workflow`` (claim, submit, review), ``service`` (the
``translation-queue`` consumer group) and ``commands`` (``releasebus translations …``).
"""
