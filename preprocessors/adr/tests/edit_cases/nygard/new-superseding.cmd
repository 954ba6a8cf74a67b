new "Retry failed jobs" --supersedes 1
