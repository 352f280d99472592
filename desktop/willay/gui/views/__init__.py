"""Pages of the window: start, unlock, workspace and its sections."""
