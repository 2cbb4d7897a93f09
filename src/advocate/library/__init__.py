"""The content library: typed models (``models``), loading (``load``) and the rules (``check``)."""
