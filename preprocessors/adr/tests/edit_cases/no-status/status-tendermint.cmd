status 6 accepted
