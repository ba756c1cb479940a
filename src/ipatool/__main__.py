"""Allow ``python -m ipatool``."""

from ipatool.cli.app import main

main()
