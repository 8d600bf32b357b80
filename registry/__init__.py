"""What the product knows about itself: where its data folder is, its fact tables, code lists and vintages.

The bottom layer: every other package may read it, it reads none of them (docs/ARCHITECTURE.md).
"""

import os

# openpyxl reads workbook XML through defusedxml (which refuses entity declarations outright) only while
# it does not use lxml, and python-docx (the report drafts) installs lxml. Every door to openpyxl (ingest,
# exports, templates) imports this bottom layer first, so openpyxl is told here, before its first import.
os.environ.setdefault("OPENPYXL_LXML", "False")
