"""The agent's Python tests (run: PYTHON -m unittest discover -s test/agent/agent_tests -t test/agent)."""
