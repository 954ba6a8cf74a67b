status 5 accepted
