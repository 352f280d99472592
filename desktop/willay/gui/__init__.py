"""The PySide6 desktop app; talks to the core services only."""
