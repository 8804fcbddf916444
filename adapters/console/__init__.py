"""The console adapter: the tutor at a prompt, no chat workspace needed."""
