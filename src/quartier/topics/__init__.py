"""Topic analysis for the wall (stored card vectors, suggestions, themes) and opinion maps."""
