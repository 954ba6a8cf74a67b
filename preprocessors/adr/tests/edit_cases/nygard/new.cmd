new "Retry failed jobs"
