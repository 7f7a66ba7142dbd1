"""Pure logic of each interaction: no ipywidgets, no HTML; unit-tested directly."""
