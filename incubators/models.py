"""Models of the incubators app."""
