"""The command-line interface: the only layer that parses arguments, prints or exits."""
