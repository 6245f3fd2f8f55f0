"""The ``actfn`` command line: one module per command, a thin layer over the core.

Commands are parsed into option objects (:mod:`.jobs`), validated, produced as bytes and
written by :mod:`.runner`; ``actfn batch`` reuses the same jobs.
"""
