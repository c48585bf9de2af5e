"""The versioned JSON file format for moving a whole session between stores."""
