status 4 rejected
