"""The content library: typed models (``models``, ``sources``, ``items``, ``plans``), loading (``load``)
and the rules (``check``)."""
