new "Drop cron"
