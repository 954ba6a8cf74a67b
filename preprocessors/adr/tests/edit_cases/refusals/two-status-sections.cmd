status 1 rejected
