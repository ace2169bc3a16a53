import sys

from yhdyspinta_docs.cli import main

sys.exit(main())
