new "Sign with short-lived keys" --supersedes 1
