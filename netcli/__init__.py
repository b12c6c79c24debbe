"""netcli: which treatment options for a neuroendocrine neoplasm may be discussed with your team."""

__version__ = "0.1.0"
