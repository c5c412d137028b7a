"""The job system: which jobs exist (``specs``), deferring them (``defer``), and the worker that runs them.

Domains import ``specs`` and ``defer`` only; the worker side (``app``, ``worker``, ``runtime``, ``tasks``)
sits above every domain and imports their job bodies (each domain's ``tasks.py``) to declare them.
"""
