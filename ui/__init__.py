"""Everything PySide6: the windows, widgets and item models over the Qt-free core."""
