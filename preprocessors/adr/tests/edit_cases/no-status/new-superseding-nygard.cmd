new "Use a broker" --supersedes 5
