new "Retry failed jobs" --supersedes 20210301-use-log4brains
