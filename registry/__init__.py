"""What the product knows about itself: where its data folder is, its fact tables, code lists and vintages.

The bottom layer: every other package may read it, it reads none of them (docs/ARCHITECTURE.md).
"""
