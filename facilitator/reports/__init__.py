"""What leaves the app on paper or as a file: notes reports, item lists and program statistics."""
