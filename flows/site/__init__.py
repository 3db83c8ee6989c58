"""Every offline page beside the warehouse: the nightly report (report/), the gate's page
(gate_page.py), the dbt docs and the data docs' promotion (docs.py), the analyses rendered for the
published file (analyses.py) and the links between them (links.py)."""
