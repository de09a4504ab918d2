"""The impact report: what a change to the specs does to the people who import the clients.

``nox -s impact -- [--base REF] [--json] [--write-changelog] [--check]`` (or
``python -m contracts.impact``): :mod:`.classify` classifies each spec change
from the client user's side, :mod:`.api` runs ``griffe check`` on the packages,
:mod:`.release` finds the last release and the semver bump, :mod:`.changelog`
writes ``CHANGELOG.md``, :mod:`.report` puts them together and is the CI gate.
"""
