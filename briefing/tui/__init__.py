"""The Textual app. Importing this package is light: textual is imported by its modules only."""
