"""How the run's work is executed: child processes under a budget."""
