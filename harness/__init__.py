"""What the tests and the benchmarks share: the real servers on loopback, processes, NLU files."""
