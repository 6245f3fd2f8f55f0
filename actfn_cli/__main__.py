"""``python -m actfn_cli``: the same as the ``actfn`` command."""

from .cli.app import main

if __name__ == "__main__":
    main()
