"""`python -m navigator.cli ...` runs the `navigator` command."""

from navigator.cli import main

main()
