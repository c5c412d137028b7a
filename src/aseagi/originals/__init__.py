"""The stored original of a document: a download, or one page as an image for the viewer."""
