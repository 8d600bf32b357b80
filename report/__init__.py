"""The annual Project 8 report, drafted from the data as a Word document (python -m report)."""
