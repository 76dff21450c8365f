"""`python -m handreiking.pdf --product folder-nieuw --out /tmp/pdf`: a quick look at one product."""
import sys

from handreiking.pdf.products import main

sys.exit(main())
